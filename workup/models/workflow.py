from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from workup.models.base import SignedWorkupError

# What a signature freezes: none of these may change once the stored row is signed.
FROZEN_FIELDS = (
    "patient_id",
    "visit_date",
    "clinician_id",
    "status",
    "signed_at",
    "signed_by_id",
    "signed_document",
    "signed_document_sha256",
    "signed_evaluation",
    "signed_rule_set",
    "signed_acknowledged_flags",
    "amends_id",
    "amendment_reason",
    "revision",
)


class WorkupStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SIGNED = "signed", "Signed"


class Workup(models.Model):
    """One structured workup of one patient at one visit.

    A draft is edited section by section. Signing freezes it: the canonical document, its
    SHA-256, the evaluation and the rule-set version are stored with the signature, so a
    signed summary prints the same forever. An amendment is a new draft that points at the
    signed workup it amends and says why.
    """

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="workups"
    )
    visit_date = models.DateField()
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="workups"
    )
    status = models.CharField(max_length=10, choices=WorkupStatus, default=WorkupStatus.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_document = models.JSONField(null=True, blank=True)
    signed_document_sha256 = models.CharField(max_length=64, blank=True)
    signed_evaluation = models.JSONField(null=True, blank=True)
    signed_rule_set = models.CharField(max_length=20, blank=True)
    # The urgent and high flags the signer acknowledged on the sign page, as
    # [{"code", "severity", "title"}]; null for workups signed before acknowledgements existed.
    signed_acknowledged_flags = models.JSONField(null=True, blank=True)

    amends = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="amendment"
    )
    amendment_reason = models.TextField(blank=True, max_length=2000)
    # Goes up by one with every section save or clear. A section's ``version`` is the revision
    # that last wrote it, so a number is never reused, not even after a section is cleared and
    # recorded again: a form that started from an older version is always recognised.
    revision = models.PositiveIntegerField(default=0)
    # An amendment's sections are copied from the signed workup at this revision: a section of
    # the amendment still at this version is as it was copied.
    AMENDMENT_REVISION = 1

    class Meta:
        ordering = ["-visit_date", "-id"]
        indexes = [models.Index(fields=["patient", "visit_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=WorkupStatus.DRAFT)
                | Q(signed_at__isnull=False, signed_document__isnull=False),
                name="workup_signed_has_signature",
            ),
            models.CheckConstraint(
                condition=Q(amends__isnull=True) | ~Q(amendment_reason=""),
                name="workup_amendment_has_reason",
            ),
        ]
        permissions = [
            ("sign_workup", "Can sign workups"),
            ("amend_workup", "Can amend signed workups"),
            ("print_summary", "Can print workup summaries, one or in batches"),
        ]

    def __str__(self):
        return f"Workup {self.pk} ({self.visit_date}, {self.status})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = (
                type(self)
                .objects.filter(pk=self.pk, status=WorkupStatus.SIGNED)
                .values(*FROZEN_FIELDS)
                .first()
            )
            if stored is not None and any(
                stored[name] != getattr(self, name) for name in FROZEN_FIELDS
            ):
                raise SignedWorkupError("This workup is signed: it cannot be changed.")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "workup:overview", kwargs={"patient_id": self.patient_id, "workup_id": self.pk}
        )

    def delete(self, *args, **kwargs):
        if type(self).objects.filter(pk=self.pk, status=WorkupStatus.SIGNED).exists():
            raise SignedWorkupError("This workup is signed: it cannot be removed.")
        return super().delete(*args, **kwargs)

    @property
    def is_signed(self) -> bool:
        return self.status == WorkupStatus.SIGNED

    @property
    def is_amended(self) -> bool:
        return hasattr(self, "amendment")

    @property
    def is_editable(self) -> bool:
        return self.status == WorkupStatus.DRAFT
