"""Forms validate and explain; they never write (patients.services does)."""

from crispy_forms.helper import FormHelper
from django import forms

from config import dates
from config.forms import PracticeDateField, checked_text, date_hint
from patients.models import MRN_TAKEN, Patient
from patients.search import PatientSearch, SearchError, parse_search
from patients.selectors import (
    patient_mrn_taken,
    patient_possible_duplicates,
    primary_clinician_choices,
)
from patients.services import DEMOGRAPHIC_FIELDS

# Names, numbers and dates of patients are not for the browser to remember and offer again.
NO_AUTOFILL = {"autocomplete": "off"}


class PatientForm(forms.ModelForm):
    """Registration and editing of demographics, with the duplicate check.

    A family name and date of birth that match another patient's (ignoring case and
    accents) stop the form until "this is a different person" is ticked; the matching
    patients are in ``duplicates`` for the page to list.
    """

    confirm_different_person = forms.BooleanField(
        required=False,
        label="I have checked the patients listed above: this is a different person.",
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Patient
        fields = list(DEMOGRAPHIC_FIELDS)
        labels = {"email": "Email"}
        field_classes = {"date_of_birth": PracticeDateField}
        help_texts = {
            "date_of_birth": date_hint(),
            "phone": "Optional. For example +44 20 7946 0958.",
            "email": "Optional.",
        }
        widgets = {
            "mrn": forms.TextInput(attrs=NO_AUTOFILL),
            "given_name": forms.TextInput(attrs=NO_AUTOFILL),
            "family_name": forms.TextInput(attrs=NO_AUTOFILL),
            "phone": forms.TextInput(attrs={**NO_AUTOFILL, "type": "tel"}),
            "email": forms.EmailInput(attrs=NO_AUTOFILL),
        }

    def __init__(self, *args, registering=None, **kwargs):
        """`registering`: the user registering a new patient; a clinician is the primary
        clinician unless another is chosen."""
        super().__init__(*args, **kwargs)
        choices = primary_clinician_choices(keeping_user_id=self.instance.primary_clinician_id)
        self.fields["primary_clinician"].queryset = choices
        self.fields["primary_clinician"].empty_label = "None"
        if (
            self.instance.pk is None
            and not self.is_bound
            and registering is not None
            and not self.initial.get("primary_clinician")
            and choices.filter(pk=registering.pk).exists()
        ):
            self.initial["primary_clinician"] = registering.pk
        self.duplicates: list[Patient] = []
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_mrn(self):
        mrn = checked_text(self, "mrn", noun="The MRN").strip()
        if patient_mrn_taken(mrn=mrn, exclude_patient_id=self.instance.pk):
            raise forms.ValidationError(MRN_TAKEN, code="unique")
        return mrn

    def clean_given_name(self):
        return checked_text(self, "given_name", noun="The given name")

    def clean_family_name(self):
        return checked_text(self, "family_name", noun="The family name")

    def clean_email(self):
        return checked_text(self, "email", noun="The email address")

    def clean(self):
        cleaned = super().clean()
        family_name = cleaned.get("family_name")
        date_of_birth = cleaned.get("date_of_birth")
        identity_changed = self.instance.pk is None or {
            "family_name",
            "date_of_birth",
        } & set(self.changed_data)
        if family_name and date_of_birth and identity_changed:
            self.duplicates = patient_possible_duplicates(
                family_name=family_name,
                date_of_birth=date_of_birth,
                exclude_patient_id=self.instance.pk,
            )
        if self.duplicates:
            self.fields["confirm_different_person"].widget = forms.CheckboxInput()
            if not cleaned.get("confirm_different_person"):
                self.add_error(
                    "confirm_different_person",
                    forms.ValidationError(
                        "A patient with this family name and date of birth is already "
                        "registered. Open the record above if it is the same person, or tick "
                        "this box to register a different person.",
                        code="possible_duplicate",
                    ),
                )
        return cleaned

    @property
    def demographics(self) -> dict:
        """The cleaned values the services take."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    @property
    def confirmed_not_duplicate_of(self) -> list[int]:
        return [patient.pk for patient in self.duplicates]


class ReasonForm(forms.Form):
    """Why a patient is archived or restored. Recorded with the change, so no clinical
    details here."""

    reason = forms.CharField(
        max_length=Patient._meta.get_field("archived_reason").max_length,
        help_text="For example: registered twice, moved away. No clinical details.",
        widget=forms.TextInput(attrs=NO_AUTOFILL),
    )

    def __init__(self, *args, label: str = "Reason", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_reason(self):
        return checked_text(self, "reason", noun="The reason")


class PatientSearchForm(forms.Form):
    """One box for a name (3+ letters, any part), an MRN or a date of birth.

    Sent by POST and kept in the session: what is typed never appears in a URL.
    """

    query = forms.CharField(
        label="Find a patient",
        max_length=100,
        error_messages={"required": "Type a name, an MRN or a date of birth."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["query"].help_text = (
            "Part of a name (at least 3 letters), an MRN, or a date of birth as "
            f"{dates.example()} or YYYY-MM-DD."
        )

    def clean_query(self):
        try:
            self.search: PatientSearch = practice_search(self.cleaned_data["query"])
        except SearchError as error:
            raise forms.ValidationError(str(error), code="invalid_search") from None
        return self.cleaned_data["query"]


def practice_search(query: str) -> PatientSearch:
    """What a search box entry means, a date of birth read in the practice's date format."""
    return parse_search(query, date_pattern=dates.input_format(), date_example=dates.example())
