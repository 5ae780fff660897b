from django import forms

from accounts.models import User
from audit import actions
from audit.models import AuditEvent
from config.forms import PracticeDateField


class AuditFilterForm(forms.Form):
    """The viewer's filters: a whitelist of fields, each validated; nothing reaches the
    database except through the ORM (see audit.selectors)."""

    user = forms.ModelChoiceField(
        queryset=User.objects.order_by("username"),
        required=False,
        empty_label="Anyone",
        label="User",
    )
    patient = forms.IntegerField(required=False, min_value=1, label="Patient id")
    action = forms.ChoiceField(required=False, label="Action")
    date_from = PracticeDateField(required=False, label="From")
    date_to = PracticeDateField(required=False, label="To")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        known = set(actions.LABELS)
        recorded = set(AuditEvent.objects.values_list("action", flat=True).distinct())
        self.fields["action"].choices = [("", "Any action")] + [
            (name, f"{actions.LABELS.get(name, name)} ({name})")
            for name in sorted(known | recorded)
        ]
        for field in self.fields.values():
            field.widget.attrs["class"] = (
                "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError("The start date is after the end date.")
        return cleaned

    def applied(self) -> dict:
        """The filters in use, as plain values (for the export's own audit event)."""
        data = self.cleaned_data
        applied = {
            "user": data["user"].pk if data.get("user") else None,
            "patient": data.get("patient"),
            "action": data.get("action") or None,
            "date_from": data["date_from"].isoformat() if data.get("date_from") else None,
            "date_to": data["date_to"].isoformat() if data.get("date_to") else None,
        }
        return {key: value for key, value in applied.items() if value is not None}
