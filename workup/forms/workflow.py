"""Forms of the workup itself: a new workup (or its visit details), signing, amending, and
clearing a section."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from accounts.roles import Role
from workup.forms.base import date_field

REASON_MAX_LENGTH = 2000


class ClinicianChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


def clinician_choices(*, keeping_user_id: int | None = None):
    chosen = Q(is_active=True, groups__name=Role.CLINICIAN.value)
    if keeping_user_id is not None:
        chosen |= Q(pk=keeping_user_id)
    return (
        get_user_model()
        .objects.filter(chosen)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


class WorkupDetailsForm(forms.Form):
    """The visit date and the responsible clinician of a new or draft workup."""

    visit_date = date_field("Visit date")
    clinician = ClinicianChoiceField(
        queryset=None,
        label="Responsible clinician",
        empty_label=None,
        error_messages={"invalid_choice": "Choose one of the clinicians listed."},
    )

    def __init__(self, *args, date_of_birth: datetime.date, today: datetime.date, **kwargs):
        keeping = kwargs.pop("keeping_clinician_id", None)
        super().__init__(*args, **kwargs)
        self.date_of_birth = date_of_birth
        self.today = today
        self.fields["clinician"].queryset = clinician_choices(keeping_user_id=keeping)

    def clean_visit_date(self):
        visit = self.cleaned_data["visit_date"]
        if visit > self.today:
            raise forms.ValidationError("The visit date cannot be in the future.")
        if visit < self.date_of_birth:
            raise forms.ValidationError("The visit date is before the patient's date of birth.")
        return visit


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
