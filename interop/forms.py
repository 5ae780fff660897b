"""The upload of a FHIR file of lab results on a draft's labs page."""

from __future__ import annotations

from django import forms

from interop.fhir.lab_import import MAX_FILE_BYTES


class LabFileForm(forms.Form):
    file = forms.FileField(
        label="FHIR file (JSON)",
        help_text=(
            "A FHIR R4 Bundle of lab Observations, or one Observation, as the laboratory or the "
            f"EHR exports it; at most {MAX_FILE_BYTES // (1024 * 1024)} MB."
        ),
        error_messages={
            "required": "Choose the FHIR file to import.",
            "empty": "The file is empty: choose the FHIR file the laboratory sent.",
        },
    )
    # The lab section's version when the page was shown: a save by someone else since then
    # refuses the import, as the labs page refuses a save over another.
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                f"The file is too large: a FHIR lab file may be at most "
                f"{MAX_FILE_BYTES // (1024 * 1024)} MB."
            )
        return upload

    def raw_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        upload.seek(0)
        return upload.read()
