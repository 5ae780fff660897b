"""Taking over another clinician's draft workup: the reason, and the confirmation."""

from __future__ import annotations

from django import forms

from workup.forms.base import CheckedText
from workup.models.take_over import TAKE_OVER_REASON_MAX_LENGTH


class TakeOverForm(forms.Form):
    reason = CheckedText(
        label="Reason for taking over",
        noun="the reason for taking over",
        multiline=True,
        max_length=TAKE_OVER_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required. Printed on the workup's summary beside both clinicians' names.",
        error_messages={"required": "Give the reason for taking over this draft."},
    )
    confirm = forms.BooleanField(
        label="I take this draft over: I become its clinician, the one who signs it",
        error_messages={"required": "Tick to confirm you are taking this draft over."},
    )
