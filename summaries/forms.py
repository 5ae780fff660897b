"""Forms of the batch print pages: they validate, services write."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from config.forms import PracticeDateField


class ClinicDateForm(forms.Form):
    clinic_date = PracticeDateField(label="Clinic date (visit date)")

    def clean_clinic_date(self):
        day = self.cleaned_data["clinic_date"]
        if day > timezone.localdate():
            raise forms.ValidationError("The clinic date cannot be in the future.")
        return day


class BatchStartForm(ClinicDateForm):
    """Print all signed workups of the date, or the ticked ones (in the order listed)."""

    ALL = "all"
    SELECTED = "selected"

    mode = forms.ChoiceField(choices=[(ALL, "All signed"), (SELECTED, "Selected")])
    workup = forms.TypedMultipleChoiceField(coerce=int, required=False)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        self.fields["workup"].choices = [(w.pk, str(w.pk)) for w in self.candidates]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        listed = [w.pk for w in self.candidates]
        if cleaned["mode"] == self.ALL:
            chosen = listed
        else:
            ticked = set(cleaned.get("workup") or [])
            chosen = [pk for pk in listed if pk in ticked]
        if not chosen:
            raise forms.ValidationError("There is no signed workup to print for this choice.")
        cleaned["workup_ids"] = chosen
        return cleaned
