from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

# Wrong dates of birth that lock a questionnaire (a new code unlocks it).
DATE_OF_BIRTH_ATTEMPTS = 5


class Questionnaire(models.Model):
    """The questions a patient answers before (or at) one visit, attached to that visit's draft
    workup.

    The patient reaches it through a link whose one-time code is stored only as its SHA-256
    (``token_hash``), or on a clinic tablet started by staff (kiosk). ``answers`` holds what was
    saved, per workup section in the shape of the workup document's section (``answers["pain"]
    = {"wpi_areas": [...], "sss": {...}, ...}``; medicines as ``[{"name": ...}]`` lines the
    clinician classifies), ``responses`` the item answers a section keeps only as a total (ACE,
    PC-PTSD-5), so a page reopens as it was left.

    A PHQ-9 item 9 above 0 raises the safety alert the moment it is saved: ``safety_phq9`` keeps
    the nine answers that raised it (the highest item 9 saved), until a clinician acknowledges
    it. ``accepted_sections`` is where the review at the visit records which sections a clinician
    took into the workup ({section: {"at": ISO time, "by": user id}}).
    """

    class Channel(models.TextChoices):
        LINK = "link", "Link with a code"
        KIOSK = "kiosk", "Clinic tablet"

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="questionnaires"
    )
    workup = models.ForeignKey(
        "workup.Workup", on_delete=models.PROTECT, related_name="questionnaires"
    )
    parts = models.JSONField(default=list)
    channel = models.CharField(max_length=8, choices=Channel)
    token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True, default=None)
    code_issued_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    date_of_birth_failures = models.PositiveSmallIntegerField(default=0)
    locked_at = models.DateTimeField(null=True, blank=True)
    answers = models.JSONField(default=dict)
    responses = models.JSONField(default=dict)
    saved_parts = models.JSONField(default=list)
    saved_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    safety_alert_at = models.DateTimeField(null=True, blank=True)
    safety_phq9 = models.JSONField(null=True, blank=True)
    safety_acknowledged_at = models.DateTimeField(null=True, blank=True)
    safety_acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accepted_sections = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at", "-id"]
        permissions = [
            ("acknowledge_safety_alert", "Can acknowledge a patient's safety answer"),
        ]
        indexes = [
            models.Index(
                fields=["safety_alert_at"],
                name="questionnaire_open_alerts",
                condition=models.Q(
                    safety_alert_at__isnull=False, safety_acknowledged_at__isnull=True
                ),
            )
        ]

    def __str__(self):
        return f"Questionnaire {self.pk}"

    def get_absolute_url(self):
        return reverse(
            "questionnaires:detail",
            kwargs={"patient_id": self.patient_id, "questionnaire_id": self.pk},
        )

    # --- State ----------------------------------------------------------------------------------

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def is_closed_by_signature(self) -> bool:
        """The visit's workup is signed: nothing the patient sends can reach it any more."""
        return not self.workup.is_editable

    @property
    def is_open(self) -> bool:
        """Whether the patient may still open, answer and submit it."""
        return not (
            self.revoked_at
            or self.submitted_at
            or self.locked_at
            or self.is_expired
            or self.is_closed_by_signature
        )

    @property
    def status_label(self) -> str:
        if self.submitted_at:
            return "Submitted"
        if self.revoked_at:
            return "Revoked"
        if self.locked_at:
            return "Locked (wrong dates of birth)"
        if self.is_closed_by_signature:
            return "Closed (workup signed)"
        if self.is_expired:
            return "Expired"
        if self.saved_at:
            return "Started (answers saved, not sent yet)"
        return "Waiting for the patient"

    @property
    def safety_item9(self) -> int | None:
        return None if self.safety_phq9 is None else self.safety_phq9[8]

    @property
    def safety_alert_open(self) -> bool:
        """An item 9 above 0 that no clinician has acknowledged yet (the home page lists it)."""
        return self.safety_alert_at is not None and self.safety_acknowledged_at is None

    @property
    def reported_phq9_for_rules(self) -> tuple[int, ...] | None:
        """The patient's PHQ-9 that raised the safety alert, while the rules must still see it:
        until a clinician has both acknowledged the alert and accepted the mental section into
        the workup (read by ``workup.adapters``: the one patient answer that acts at once)."""
        if self.safety_phq9 is None:
            return None
        if self.safety_acknowledged_at is not None and "mental" in self.accepted_sections:
            return None
        return tuple(self.safety_phq9)


class SectionAcceptance(models.Model):
    """A clinician took a questionnaire's answers into one section of its draft workup: who,
    when, what the patient reported them on, and the section's version the acceptance wrote
    (a later version means the section was edited since).

    Rows are written once and never changed: a signed workup's summary reads them as they were
    at signing. For the medicines, which the clinician classifies and types into the list,
    accepting records that the patient's list was reviewed and writes nothing.
    """

    workup = models.ForeignKey(
        "workup.Workup", on_delete=models.PROTECT, related_name="section_acceptances"
    )
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="acceptances"
    )
    section = models.CharField(max_length=32)
    reported_at = models.DateTimeField()
    accepted_at = models.DateTimeField()
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    section_version = models.PositiveIntegerField()

    class Meta:
        ordering = ["accepted_at", "id"]
        indexes = [models.Index(fields=["workup", "section"], name="acceptance_workup_section")]

    def __str__(self):
        return f"Acceptance {self.pk}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("An acceptance is recorded once and never changed.")
        super().save(*args, **kwargs)
