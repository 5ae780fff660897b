"""Section form fields written directly, without a template per field or per option.

crispy-forms lays out each field with its Bootstrap 5 ``field.html``, which includes three or
four more templates (help text, errors, each option's attributes): on the pain page those
includes were half the time spent rendering the section. ``crispy_field`` writes the same
markup for the field kinds the sections use (a tick box, a single input, a select, a text
area, a list of tick boxes) and hands every other kind to crispy's own ``as_crispy_field``.
``radio_group`` and ``bare_field`` write what the workup's templates for them wrote; those
templates are kept with the tests, as the reference the markup is compared against.

The widget itself is still rendered by the form's renderer, with the class crispy would give
it; only the wrapper, label, errors and help text are written here.
"""

from __future__ import annotations

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field, optgroups
from django import forms
from django.conf import settings
from django.utils import formats
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from config.form_renderer import attributes, shown

ASTERISK = '<span class="asteriskField">*</span>'


def _unlocalized(value) -> str:
    """``{{ value|unlocalize }}``."""
    return conditional_escape(str(formats.localize(value, use_l10n=False)))


def _is_single_widget(widget) -> bool:
    """A widget crispy renders as one control: not hidden, not a file, wrapping nothing."""
    if hasattr(widget, "widgets") or hasattr(widget, "widget"):
        return False
    if isinstance(widget, (forms.HiddenInput, forms.FileInput, forms.RadioSelect)):
        return False
    return isinstance(
        widget, (forms.widgets.Input, forms.Select, forms.Textarea, forms.CheckboxInput)
    )


def _control_class(field, bootstrap_class: str) -> str:
    """The class crispy's ``{% crispy_field %}`` gives the widget: its own class, the widget's
    name ("textinput"), then Bootstrap's classes, each once."""
    widget = field.field.widget
    converters = getattr(settings, "CRISPY_CLASS_CONVERTERS", {})
    name = widget.__class__.__name__.lower()
    name = converters.get(name, name)
    css = widget.attrs.get("class", "")
    if not css:
        css = name
    elif css.find(name) == -1:
        css += f" {name}"
    for part in bootstrap_class.split():
        if part not in css.split():
            css += f" {part}"
    return css


def _label(field) -> str:
    text = shown(field.label)
    return text + ASTERISK if field.field.required else text


def _help_text(field) -> str:
    """Not escaped: crispy writes help text ``|safe`` (it is the form's own text)."""
    if not field.help_text:
        return ""
    ident = f'id="{shown(field.auto_id)}_helptext" ' if field.auto_id else ""
    return f'<div {ident}class="form-text">{field.help_text}</div>'


def _errors(field) -> str:
    """crispy's ``field_errors_block.html``."""
    if not field.errors:
        return ""
    auto_id = shown(field.auto_id)
    lines = [f'<div id="{shown(field.errors.field_id)}_error" class="invalid-feedback">']
    for number, error in enumerate(field.errors, 1):
        lines.append(f'<p id="error_{number}_{auto_id}"><strong>{shown(error)}</strong></p>')
    lines.append("</div>")
    return "\n".join(lines)


def _wrapper_class(field, base: str) -> str:
    extra = field.css_classes()
    return f"{base} {shown(extra)}" if extra else base


def _tick_box(field) -> str:
    css = "form-check-input is-invalid" if field.errors else "form-check-input"
    required = " requiredField" if field.field.required else ""
    parts = [
        '<div class="mb-3">',
        f'<div id="div_{shown(field.auto_id)}" class="{_wrapper_class(field, "form-check")}">',
        field.as_widget(attrs={"class": _control_class(field, css)}),
        f'<label for="{shown(field.id_for_label)}" class="form-check-label{required}">'
        f"{_label(field)}</label>",
        _errors(field),
        _help_text(field),
        "</div>",
        "</div>",
    ]
    return "\n".join(part for part in parts if part)


def _heading(field) -> list[str]:
    """The label (a legend in a fieldset for a list of options), when the field has one."""
    if not field.label:
        return []
    tag = "legend" if field.use_fieldset else "label"
    target = f'for="{shown(field.id_for_label)}" ' if field.id_for_label else ""
    css = "form-label"
    if field.field.required:
        css += " requiredField"
    if field.use_fieldset:
        css += " fs-6"
    heading = f'<{tag} {target}class="{css}">{_label(field)}</{tag}>'
    if not field.use_fieldset:
        return [heading]
    described = field.aria_describedby
    described = f' aria-describedby="{shown(described)}"' if described else ""
    return [f"<fieldset{described}>", heading]


def _control(field) -> list[str]:
    if isinstance(field.field.widget, forms.Select):
        css = "form-select"
    elif isinstance(field.field.widget, forms.CheckboxInput):
        css = "form-check-input"
    else:
        css = "form-control"
    if field.errors:
        css += " is-invalid"
    return [field.as_widget(attrs={"class": _control_class(field, css)}), _errors(field)]


def _tick_boxes(field) -> list[str]:
    """crispy's ``radio_checkbox_select.html`` for a list of tick boxes."""
    css = "form-check-input is-invalid" if field.errors else "form-check-input"
    name = shown(field.html_name)
    groups = optgroups(field)
    lines = ["<div >"]
    for group_number, (group, options, _index) in enumerate(groups, 1):
        if group:
            lines.append(f"<strong>{shown(group)}</strong>")
        for number, option in enumerate(options, 1):
            lines.append('<div class="form-check">')
            lines.append(
                f'<input type="{shown(option["type"])}" class="{css}" name="{name}" '
                f'value="{_unlocalized(option["value"])}"{attributes(option["attrs"])}>'
            )
            lines.append(
                f'<label for="{shown(option["attrs"].get("id", ""))}" class="form-check-label">'
                f"{_unlocalized(option['label'])}</label>"
            )
            if field.errors and number == len(options) and group_number == len(groups):
                lines.append(_errors(field))
            lines.append("</div>")
    lines.append("</div>")
    return lines


def _laid_out(field) -> str:
    parts = [f'<div id="div_{shown(field.auto_id)}" class="{_wrapper_class(field, "mb-3")}">']
    parts += _heading(field)
    if isinstance(field.field.widget, forms.CheckboxSelectMultiple):
        parts += _tick_boxes(field)
    else:
        parts += _control(field)
    parts.append(_help_text(field))
    if field.use_fieldset and field.label:
        parts.append("</fieldset>")
    parts.append("</div>")
    return "\n".join(part for part in parts if part)


def crispy_field(field) -> SafeString:
    """``{{ field|as_crispy_field }}``, written directly for the kinds of field it knows."""
    widget = field.field.widget
    if getattr(field.form, "helper", None) is None:
        if isinstance(widget, forms.CheckboxInput) and _is_single_widget(widget):
            return mark_safe(_tick_box(field))  # noqa: S308 - every text is escaped
        if isinstance(widget, forms.CheckboxSelectMultiple) or _is_single_widget(widget):
            return mark_safe(_laid_out(field))  # noqa: S308 - every text is escaped
    return as_crispy_field(field)


def widget_class(field) -> str:
    """Bootstrap's class for a control in a table row, ``is-invalid`` when it has errors."""
    kind = field.widget_type
    if kind in ("select", "selectmultiple"):
        css = "form-select"
    elif kind == "checkbox":
        css = "form-check-input"
    else:
        css = "form-control"
    return f"{css} is-invalid" if field.errors else css


def _error_paragraphs(field) -> str:
    return "".join(f'<p class="mb-0">{shown(error)}</p>' for error in field.errors)


def bare_field(field, label: str, size: str = "sm") -> SafeString:
    """A control with a visually hidden label and its errors (for table rows)."""
    css = widget_class(field)
    if size == "sm" and "form-check" not in css:
        css += " form-control-sm" if css.startswith("form-control") else " form-select-sm"
    markup = (
        f'<label class="visually-hidden" for="{shown(field.id_for_label)}">{shown(label)}</label>'
        f"{field.as_widget(attrs={'class': css})}"
    )
    if field.errors:
        markup += (
            f'\n<div id="{shown(field.auto_id)}_error" class="invalid-feedback">'
            f"{_error_paragraphs(field)}</div>"
        )
    return mark_safe(markup + "\n")  # noqa: S308 - every text is escaped


def radio_group(field, inline=True, legend_class="form-label", marker="") -> SafeString:
    """A radio group as a fieldset with its legend, options and errors."""
    auto_id = shown(field.auto_id)
    described = ""
    if field.errors or field.help_text:
        help_id = f"{auto_id}_helptext" if field.help_text else ""
        error_id = f" {auto_id}_error" if field.errors else ""
        described = f' aria-describedby="{help_id}{error_id}"'
    badge = f' <span class="badge text-bg-warning">{shown(marker)}</span>' if marker else ""
    option_class = "form-check form-check-inline" if inline else "form-check"
    input_class = "form-check-input is-invalid" if field.errors else "form-check-input"
    parts = [
        f'<fieldset class="mb-3"{described}>\n'
        f'  <legend class="{shown(legend_class)} fs-6">{shown(field.label)}{badge}</legend>\n'
        "  <div>\n  "
    ]
    for option in field:
        data = option.data
        option_id = shown(option.id_for_label)
        checked = " checked" if data["selected"] else ""
        parts.append(
            f'\n    <div class="{option_class}">\n'
            f'      <input type="radio" class="{input_class}" name="{shown(data["name"])}" '
            f'id="{option_id}" value="{shown(data["value"])}"{checked}>\n'
            f'      <label class="form-check-label" for="{option_id}">'
            f"{shown(option.choice_label)}</label>\n"
            "    </div>\n  "
        )
    parts.append("\n  </div>\n  ")
    if field.errors:
        parts.append(
            f'<div id="{auto_id}_error" class="invalid-feedback d-block">'
            f"{_error_paragraphs(field)}</div>"
        )
    parts.append("\n  ")
    if field.help_text:
        parts.append(
            f'<div id="{auto_id}_helptext" class="form-text">{shown(field.help_text)}</div>'
        )
    parts.append("\n</fieldset>\n")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped
