"""The audit viewer's filters: a whitelist of fields, each validated; nothing reaches the
database except through the ORM (see audit.selectors).

Two forms share them. ``AuditFilterForm`` is the form on the page: the patient is typed as an
MRN, and the form is posted, so the MRN never enters an address. ``AuditQueryForm`` reads the
page's address (the list, its pages and the CSV export), which holds the patient's record id
instead, like every other address in the app.
"""

from __future__ import annotations

from django import forms

from accounts.models import User
from audit import actions
from audit.selectors import patient_mrn, patient_with_mrn
from config.forms import PracticeDateField

# The action filter's groups, by the part of the action code before the dot.
ACTION_GROUPS = {
    "auth": "Logging in",
    "accounts": "User accounts",
    "audit": "Audit log",
    "patient": "Patients",
    "workup": "Workups",
    "summary": "Summaries and batch prints",
}


def action_choices() -> list:
    """Every action the app records, by its label, grouped by area (the codes stay values)."""
    grouped: dict[str, list] = {}
    for code, label in actions.LABELS.items():
        group = ACTION_GROUPS.get(code.partition(".")[0], "Other")
        grouped.setdefault(group, []).append((code, label))
    return [("", "Any action")] + [
        (group, sorted(choices, key=lambda choice: choice[1])) for group, choices in grouped.items()
    ]


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        full = obj.get_full_name()
        return f"{obj.username} ({full})" if full else obj.username


class _AuditFilters(forms.Form):
    user = UserChoiceField(
        queryset=User.objects.order_by("username").only("username", "first_name", "last_name"),
        required=False,
        empty_label="Anyone",
        label="User",
    )
    action = forms.ChoiceField(required=False, label="Action", choices=action_choices)
    date_from = PracticeDateField(required=False, label="From")
    date_to = PracticeDateField(required=False, label="To")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.HiddenInput):
                continue
            field.widget.attrs["class"] = (
                "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError("The start date is after the end date.")
        return cleaned

    def patient_id(self) -> int | None:
        raise NotImplementedError

    def selection(self) -> dict:
        """The filters as ``audit_events_filter`` takes them."""
        data = self.cleaned_data
        return {
            "user": data.get("user"),
            "patient_id": self.patient_id(),
            "action": data.get("action") or None,
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }

    def applied(self) -> dict:
        """The filters in use as plain values: the page's address, and the export's own audit
        event. Record ids only, never an MRN."""
        data = self.cleaned_data
        applied = {
            "user": data["user"].pk if data.get("user") else None,
            "patient": self.patient_id(),
            "action": data.get("action") or None,
            "date_from": data["date_from"].isoformat() if data.get("date_from") else None,
            "date_to": data["date_to"].isoformat() if data.get("date_to") else None,
        }
        return {key: value for key, value in applied.items() if value is not None}


class AuditFilterForm(_AuditFilters):
    """The filter form on the page, posted. An MRN must be a patient's, matched as the patient
    register matches MRNs (exactly, ignoring case)."""

    field_order = ["mrn", "user", "action", "date_from", "date_to"]

    mrn = forms.CharField(
        required=False,
        max_length=64,
        label="Patient MRN",
        help_text="Every event that showed or changed this patient's records.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_mrn(self) -> str:
        mrn = self.cleaned_data["mrn"]
        if not mrn:
            self.patient = None
            return ""
        self.patient = patient_with_mrn(mrn)
        if self.patient is None:
            raise forms.ValidationError(f"No patient has MRN {mrn}.")
        return mrn

    def patient_id(self) -> int | None:
        patient = getattr(self, "patient", None)
        return patient.pk if patient is not None else None

    @classmethod
    def showing(cls, query: AuditQueryForm) -> AuditFilterForm:
        """The page's form filled in with the filters of a valid address (dates shown in the
        practice format, the patient by MRN)."""
        data = query.cleaned_data
        patient_id = query.patient_id()
        initial = {
            "mrn": patient_mrn(patient_id) if patient_id is not None else "",
            "user": data.get("user"),
            "action": data.get("action") or "",
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }
        return cls(initial=initial)


class AuditQueryForm(_AuditFilters):
    """The filters in the page's address; the patient by record id; the page as a sequence
    number to start below (``before``, older events) or above (``after``, newer events)."""

    patient = forms.IntegerField(
        required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput
    )
    before = forms.IntegerField(
        required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput
    )
    after = forms.IntegerField(
        required=False, min_value=0, max_value=2**63 - 1, widget=forms.HiddenInput
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("before") is not None and cleaned.get("after") is not None:
            raise forms.ValidationError("A page starts before or after an event, not both.")
        return cleaned

    def patient_id(self) -> int | None:
        return self.cleaned_data.get("patient")

    def bounds(self) -> dict:
        """The page's bounds as ``audit_events_page`` takes them."""
        return {"before": self.cleaned_data.get("before"), "after": self.cleaned_data.get("after")}
