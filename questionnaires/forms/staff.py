"""The clinic's forms: the invitation, and the date-of-birth check the patient passes first."""

from __future__ import annotations

from django import forms

from config.dates import show_date
from config.forms import PracticeDateField, date_hint
from patients.selectors import primary_clinician_choices
from questionnaires import selectors
from questionnaires.models import Questionnaire
from questionnaires.parts import default_parts_for, parts_for


class VisitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, workup):
        return f"Visit of {show_date(workup.visit_date)} (draft, {workup.clinician})"


class InviteForm(forms.Form):
    """Which visit (a draft of the patient's, or the date of a new one), which parts, and how
    the patient answers. A new visit's clinician is the patient's primary clinician, else the
    clinician inviting; practice staff choose one when the patient has none."""

    workup = VisitChoiceField(
        label="Visit",
        queryset=None,
        required=False,
        empty_label="A new visit (give its date below)",
        error_messages={"invalid_choice": "Choose one of this patient's draft visits."},
    )
    visit_date = PracticeDateField(
        label="Date of the new visit",
        required=False,
    )
    clinician = forms.ModelChoiceField(
        label="Clinician for the new visit",
        queryset=None,
        required=False,
        empty_label="Choose a clinician",
        error_messages={"invalid_choice": "Choose one of the clinicians listed."},
    )
    parts = forms.MultipleChoiceField(
        label="Parts to answer",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one part.",
            "invalid_choice": "Choose only the parts listed.",
        },
    )
    channel = forms.ChoiceField(
        label="How the patient answers",
        choices=[
            (Questionnaire.Channel.LINK, "A link with a code: printed as a letter, or e-mailed"),
            (Questionnaire.Channel.KIOSK, "On a clinic tablet, here at the practice"),
        ],
        initial=Questionnaire.Channel.LINK,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose one of the two ways."},
    )

    def __init__(self, *args, patient, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.patient = patient
        self.actor = actor
        self.fields["workup"].queryset = selectors.draft_workups(patient=patient)
        ahead = "Only for a new visit: today, or a day ahead (up to a year)."
        self.fields["visit_date"].help_text = f"{ahead} {date_hint()}"
        self.fields["parts"].choices = [(p.code, p.staff_label) for p in parts_for(patient)]
        self.fields["parts"].initial = default_parts_for(patient)
        self.asks_clinician = patient.primary_clinician_id is None
        if self.asks_clinician:
            self.fields["clinician"].queryset = primary_clinician_choices()
            self.fields["clinician"].help_text = "This patient has no primary clinician." + (
                " Leave it empty to be the clinician yourself." if self.actor_is_clinician else ""
            )
        else:
            del self.fields["clinician"]

    @property
    def actor_is_clinician(self) -> bool:
        return self.actor.has_perm("workup.add_workup")

    def clean(self):
        cleaned = super().clean()
        workup = cleaned.get("workup")
        visit_date = cleaned.get("visit_date")
        if "workup" in self.errors or "visit_date" in self.errors:
            return cleaned
        if workup is not None and visit_date is not None:
            self.add_error(
                "visit_date",
                "Choose a draft visit or give the date of a new visit, not both: clear this "
                "date to use the draft.",
            )
        elif workup is None and visit_date is None:
            self.add_error("visit_date", "Give the date of the new visit, or choose a draft above.")
        elif workup is None:
            cleaned["clinician"] = self._new_visit_clinician(cleaned.get("clinician"))
        return cleaned

    def _new_visit_clinician(self, chosen):
        if chosen is not None:
            return chosen
        if self.patient.primary_clinician_id is not None:
            return self.patient.primary_clinician
        if self.actor_is_clinician:
            return self.actor
        self.add_error(
            "clinician",
            "Choose the clinician for this visit: the patient has no primary clinician.",
        )
        return None


class DateOfBirthForm(forms.Form):
    date_of_birth = PracticeDateField(
        label="Your date of birth",
        error_messages={"required": "Enter your date of birth."},
    )

    def __init__(self, *args, kiosk: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # On a shared tablet the browser must not offer what an earlier patient typed.
        widget = self.fields["date_of_birth"].widget
        widget.attrs["autocomplete"] = "off" if kiosk else "bday"


class EmailLinkForm(forms.Form):
    """The code comes back from the page that showed it: it is not stored anywhere."""

    code = forms.CharField(widget=forms.HiddenInput, max_length=40)
