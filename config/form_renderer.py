"""Form widgets rendered without a template per option.

Django renders a ``<select>`` by including one template per option, and that template includes
another for the attributes: the lab section's rows (an analyte and a unit list each) made a
page render thousands of template includes, most of its time. This renderer writes the
markup of plain inputs and selects directly, character for character what Django's own
widget templates write (tests compare the two), and leaves every other template to Django.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.forms.renderers import DjangoTemplates
from django.template.base import render_value_in_context
from django.utils.html import escape
from django.utils.safestring import SafeData

WIDGETS = "django/forms/widgets/"
SELECT = WIDGETS + "select.html"
OPTION = WIDGETS + "select_option.html"
# Widget templates that are Django's input.html and nothing else.
INPUTS = {
    WIDGETS + f"{kind}.html"
    for kind in (
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "search",
        "tel",
        "color",
        "checkbox",
    )
}
# How a template's {{ value }} is written: localised and escaped, times in the current zone.
_PAGE = SimpleNamespace(autoescape=True, use_l10n=None, use_tz=None)


def shown(value) -> str:
    """``{{ value }}`` in a template."""
    return render_value_in_context(value, _PAGE)


def _formatted(value) -> str:
    """``{{ value|stringformat:'s' }}``."""
    text = "%s" % (value,)  # noqa: UP031 - exactly what the filter does
    return text if isinstance(value, SafeData) else escape(text)


def attributes(attrs: dict) -> str:
    """Django's and crispy's ``attrs.html``: ``name="value"`` pairs, flags bare, False left out."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {shown(name)}")
        if value is not True:
            parts.append(f'="{_formatted(value)}"')
    return "".join(parts)


def _input(widget: dict) -> str:
    value = widget["value"]
    shown_value = "" if value is None else f' value="{_formatted(value)}"'
    return (
        f'<input type="{shown(widget["type"])}" name="{shown(widget["name"])}"'
        f"{shown_value}{attributes(widget['attrs'])}>"
    )


def _option(option: dict) -> str:
    return (
        f'<option value="{_formatted(option["value"])}"{attributes(option["attrs"])}>'
        f"{shown(option['label'])}</option>\n"
    )


def _select(widget: dict) -> str | None:
    parts = [f'<select name="{shown(widget["name"])}"{attributes(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{shown(group_name)}">')
        for option in group_choices:
            if option["template_name"] != OPTION:
                return None
            parts.append(f"\n  {_option(option)}")
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class FastWidgetRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget") if request is None else None
        if widget is not None and len(context) == 1:
            if template_name in INPUTS:
                return _input(widget)
            if template_name == SELECT:
                rendered = _select(widget)
                if rendered is not None:
                    return rendered
        return super().render(template_name, context, request)
