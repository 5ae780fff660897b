"""Small presentation helpers for the workup templates (no clinical decisions)."""

from django import template

from workup import presenters
from workup.rules import vocab

register = template.Library()

SEVERITY_BADGES = {
    "urgent": "text-bg-danger",
    "high": "text-bg-danger",
    "moderate": "text-bg-warning",
    "low": "text-bg-info",
    "info": "text-bg-secondary",
}
LAB_STATUS_BADGES = {
    "low": "text-bg-warning",
    "high": "text-bg-warning",
    "normal": "text-bg-success",
}


@register.filter
def severity_badge(severity: str) -> str:
    return SEVERITY_BADGES.get(severity, "text-bg-secondary")


@register.filter
def action_label(flag: dict) -> str:
    """The label of the flag's recommendation, as the summary gives it."""
    return presenters.action_label(flag)


@register.filter
def action_text(action: str) -> str:
    """The label of an action code (a rule's `action` on the Rules page)."""
    return vocab.ACTION_LABELS.get(action, action)


@register.filter
def lab_status_badge(status: str | None) -> str:
    return LAB_STATUS_BADGES.get(status or "", "text-bg-light")


@register.simple_tag
def min_trial_weeks() -> int:
    """The weeks a drug must be taken for its trial to count (workup.rules.vocab)."""
    return vocab.MIN_TRIAL_WEEKS


@register.simple_tag
def uncounted_drug_classes() -> str:
    return presenters.uncounted_drug_classes()


@register.simple_tag
def micronutrient_markers() -> str:
    return presenters.micronutrient_markers()


@register.filter
def words(code: str) -> str:
    return (code or "").replace("_", " ")


def _widget_class(field) -> str:
    kind = field.widget_type
    if kind in ("select", "selectmultiple"):
        css = "form-select"
    elif kind == "checkbox":
        css = "form-check-input"
    else:
        css = "form-control"
    return f"{css} is-invalid" if field.errors else css


@register.inclusion_tag("workup/_bare_field.html")
def bare_field(field, label: str, size: str = "sm"):
    """A control with a visually hidden label and its errors (for table rows)."""
    css = _widget_class(field)
    if size == "sm" and "form-check" not in css:
        css += " form-control-sm" if css.startswith("form-control") else " form-select-sm"
    return {"field": field, "label": label, "widget": field.as_widget(attrs={"class": css})}


@register.inclusion_tag("workup/_radio_group.html")
def radio_group(field, inline: bool = True, legend_class: str = "form-label"):
    """A radio group as a fieldset with its legend, options and errors."""
    return {"field": field, "inline": inline, "legend_class": legend_class}
