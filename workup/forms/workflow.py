"""Forms of the workup itself: a new workup (or its visit details), signing, amending, and
clearing a section."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

from django import forms

from patients.selectors import primary_clinician_choices
from workup.forms.base import CheckedText, date_field

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


FLAGS_CHANGED = (
    "The urgent and high flags changed since this page was shown (a section was saved "
    "meanwhile). Nothing was signed: read the flags listed now and acknowledge them again."
)


def flags_fingerprint(flags: list[dict]) -> str:
    """A short digest of the flags shown, posted back to tell whether they changed meanwhile."""
    data = json.dumps(flags, sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(data).hexdigest()[:32]


NO_FLAGS = flags_fingerprint([])


class SignForm(forms.Form):
    """The password, and one required tick per urgent or high flag (`flags`: the flags to
    acknowledge now, ``services.flags_to_acknowledge`` of the current evaluation).

    The page posts back the fingerprint of the flags it showed (``flags_seen``, rendered by the
    template from :attr:`fingerprint`): when that is not the fingerprint of `flags`, someone
    changed the workup since the page was shown and :attr:`flags_changed` is true.
    """

    FLAGS_SEEN = "flags_seen"

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Signing is your electronic signature: confirm it with your password.",
        error_messages={"required": "Enter your password to sign."},
    )

    def __init__(self, *args, flags: Sequence[dict] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.flags = list(flags)
        self.fingerprint = flags_fingerprint(self.flags)
        names = []
        for flag in self.flags:
            name = self.field_name(flag["code"])
            self.fields[name] = forms.BooleanField(
                label=f"I have read and acted on this flag ({flag['code']})",
                required=True,
                error_messages={
                    "required": "Tick to confirm you have read and acted on this flag, "
                    "or the workup cannot be signed."
                },
            )
            names.append(name)
        self.order_fields([*names, "password"])

    @staticmethod
    def field_name(code: str) -> str:
        return "ack_" + code.lower().replace(".", "_")

    def acknowledgements(self):
        """(flag, bound field) for each flag to acknowledge, in the evaluation's order."""
        return [(flag, self[self.field_name(flag["code"])]) for flag in self.flags]

    @property
    def flags_changed(self) -> bool:
        """A post without ``flags_seen`` saw no flag to acknowledge."""
        seen = self.data.get(self.FLAGS_SEEN, NO_FLAGS) if self.is_bound else self.fingerprint
        return seen != self.fingerprint

    def clean(self):
        if self.flags_changed:
            raise forms.ValidationError(FLAGS_CHANGED, code="flags_changed")
        return super().clean()

    @property
    def acknowledged(self) -> list[dict]:
        """The flags acknowledged (all of them, once the form is valid)."""
        return self.flags


class AmendForm(forms.Form):
    reason = CheckedText(
        label="Reason for the amendment",
        noun="the reason for the amendment",
        multiline=True,
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
