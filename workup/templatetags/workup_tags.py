"""Small presentation helpers for the workup templates (no clinical decisions)."""

from django import template

from workup import presenters
from workup.rules import vocab
from workup.templatetags import field_markup

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


@register.filter
def section_field(field):
    """A field laid out as crispy-forms' ``as_crispy_field`` lays it out (label, control,
    errors, help text), written without its templates."""
    return field_markup.crispy_field(field)


@register.simple_tag
def bare_field(field, label: str, size: str = "sm"):
    """A control with a visually hidden label and its errors (for table rows)."""
    return field_markup.bare_field(field, label, size)


@register.simple_tag
def radio_group(field, inline: bool = True, legend_class: str = "form-label", marker: str = ""):
    """A radio group as a fieldset with its legend, options and errors; ``marker`` is a badge
    after the legend."""
    return field_markup.radio_group(field, inline, legend_class, marker)
