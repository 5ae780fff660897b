"""Forms of the workup itself: a new workup (or its visit details), signing, amending, and
clearing a section."""

from __future__ import annotations

from django import forms

from patients.selectors import primary_clinician_choices
from workup.forms.base import date_field

REASON_MAX_LENGTH = 2000


class ClinicianChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class WorkupDetailsForm(forms.Form):
    """The visit date and the responsible clinician of a new or draft workup.

    Whether the visit date may be used (not in the future, not before the date of birth) is
    checked by the service (``workup.services``); the view shows its message at the field.
    """

    visit_date = date_field("Visit date")
    clinician = ClinicianChoiceField(
        queryset=None,
        label="Responsible clinician",
        empty_label=None,
        error_messages={"invalid_choice": "Choose one of the clinicians listed."},
    )

    def __init__(self, *args, keeping_clinician_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clinician"].queryset = primary_clinician_choices(
            keeping_user_id=keeping_clinician_id
        )


class SignForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Signing is your electronic signature: confirm it with your password.",
        error_messages={"required": "Enter your password to sign."},
    )


class AmendForm(forms.Form):
    reason = forms.CharField(
        label="Reason for the amendment",
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required. Kept with the amendment and shown on both workups.",
        error_messages={
            "required": "Give the reason for the amendment.",
            "max_length": f"Keep the reason under {REASON_MAX_LENGTH} characters.",
        },
    )


class ClearSectionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
