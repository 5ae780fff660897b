from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from patients.search import search_name_for, sort_name_for
from patients.validators import validate_date_of_birth, validate_mrn, validate_phone

# Kept from the demographics; never typed in, never shown, not worth a history entry.
DERIVED_FIELDS = ("search_name", "sort_name")
# The unique MRN constraint's message, also what the forms and services say.
MRN_TAKEN = "Another patient already has this MRN."


class PatientQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        """Fill the derived search fields first (bulk_create does not call ``save()``)."""
        objs = list(objs)
        for patient in objs:
            patient.fill_derived_fields()
        return super().bulk_create(objs, *args, **kwargs)


class Patient(models.Model):
    """A patient of the practice. Archived (``is_active`` off), never deleted from the app.

    ``search_name`` and ``sort_name`` are derived from the names on every save and bulk
    create; ``QuerySet.update()`` of a name would bypass them, so names change through
    ``patients.services`` only.
    """

    class SexAtBirth(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"
        INTERSEX = "intersex", "Intersex"
        UNKNOWN = "unknown", "Unknown"

    mrn = models.CharField(
        "MRN",
        max_length=64,
        validators=[validate_mrn],
        help_text="The practice's medical record number: letters, digits and - only.",
    )
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(validators=[validate_date_of_birth], db_index=True)
    sex_at_birth = models.CharField(max_length=8, choices=SexAtBirth.choices)
    phone = models.CharField(max_length=32, blank=True, validators=[validate_phone])
    email = models.EmailField(blank=True)
    primary_clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="primary_patients",
    )
    last_visit_on = models.DateField(
        "last visit",
        null=True,
        blank=True,
        editable=False,
        db_index=True,
        help_text="The visit date of the patient's latest workup, kept up to date by workups.",
    )
    is_active = models.BooleanField("active", default=True, editable=False)
    archived_at = models.DateTimeField(null=True, blank=True, editable=False)
    archived_reason = models.CharField(max_length=100, blank=True, editable=False)
    search_name = models.TextField(blank=True, editable=False)
    sort_name = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )

    objects = PatientQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=[*DERIVED_FIELDS, "updated_at", "updated_by"])

    class Meta:
        permissions = [("archive_patient", "Can archive and restore patients")]
        constraints = [
            models.UniqueConstraint(
                Lower("mrn"),
                name="patients_patient_mrn_unique_ci",
                violation_error_message=MRN_TAKEN,
            )
        ]
        indexes = [models.Index(fields=["sort_name", "id"], name="patients_by_name")]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.fill_derived_fields()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "mrn", *DERIVED_FIELDS}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("patients:detail", kwargs={"patient_id": self.pk})

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def age(self) -> int:
        """Whole years today."""
        today = timezone.localdate()
        born = self.date_of_birth
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))

    def fill_derived_fields(self) -> None:
        self.mrn = self.mrn.strip()
        self.search_name = search_name_for(self.given_name, self.family_name)
        self.sort_name = sort_name_for(self.given_name, self.family_name)
