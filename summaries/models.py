"""Issued summaries of signed workups, and batch print jobs.

Both keep their PDF in the default storage, which is private (no public URL; see the
STORAGES setting): files are only ever streamed by the views that check access and audit.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class IssuedSummary(models.Model):
    """The summary PDF stored when a workup was signed: what every later download returns.

    The SHA-256 is checked on every read; a missing or altered file is refused, never silently
    rendered again.
    """

    workup = models.OneToOneField(
        "workup.Workup", on_delete=models.PROTECT, related_name="issued_summary"
    )
    file = models.FileField(upload_to="summaries/signed/%Y/%m/", max_length=200)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    issued_at = models.DateTimeField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name_plural = "issued summaries"

    def __str__(self):
        return f"Issued summary of workup {self.workup_id}"


class BatchPrintStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class BatchPrint(models.Model):
    """One combined PDF of several signed summaries, built in the background.

    The job's state lives here and its file in the shared private storage, so any app server
    can show the progress and serve the result. A worker holds a lease while it works and
    renews it after every summary; a job whose lease ran out (its worker died) is picked up
    again by the next worker, up to ``MAX_ATTEMPTS`` times (see ``summaries.jobs``).
    """

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="batch_prints"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=10, choices=BatchPrintStatus, default=BatchPrintStatus.QUEUED
    )
    # The workups to print, in print order, each once.
    workup_ids = models.JSONField(default=list)
    # What the user asked for: the clinic date (all signed that day), or a hand-made selection.
    clinic_date = models.DateField(null=True, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    result = models.FileField(upload_to="summaries/batches/%Y/%m/", max_length=200, blank=True)
    result_sha256 = models.CharField(max_length=64, blank=True)
    result_size = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    lease_owner = models.CharField(max_length=100, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "lease_expires_at"], name="summaries_batch_claimable"),
            models.Index(fields=["requested_by", "-created_at"], name="summaries_batch_by_user"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(done__lte=models.F("total")), name="batch_done_le_total"
            ),
            models.CheckConstraint(
                condition=~Q(status=BatchPrintStatus.DONE) | ~Q(result=""),
                name="batch_done_has_result",
            ),
        ]

    def __str__(self):
        return f"Batch print {self.pk} ({self.status}, {self.done}/{self.total})"

    @property
    def is_finished(self) -> bool:
        return self.status in (BatchPrintStatus.DONE, BatchPrintStatus.FAILED)

    # Progress counts one step per summary collected, then one for joining them into one PDF,
    # so a running job never shows a full bar: "done" is only ever shown for a finished file.

    @property
    def steps(self) -> int:
        return self.total + 1

    @property
    def steps_done(self) -> int:
        if self.status == BatchPrintStatus.DONE:
            return self.steps
        return min(self.done, self.total)

    @property
    def percent(self) -> int:
        return round(100 * self.steps_done / self.steps)

    @property
    def status_label(self) -> str:
        """The status in words, with what a running job is doing now."""
        summaries = f"{self.total} {'summary' if self.total == 1 else 'summaries'}"
        if self.status == BatchPrintStatus.RUNNING:
            if self.done >= self.total:
                return f"Running: joining the {summaries} into one PDF"
            return f"Running: collecting summary {self.done + 1} of {self.total}"
        if self.status == BatchPrintStatus.DONE:
            return f"Done: {summaries} in one PDF"
        return self.get_status_display()
