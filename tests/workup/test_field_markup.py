"""Section fields written without templates read as crispy-forms and the workup's own field
templates write them: every field kind, with and without errors, help text and required."""

from pathlib import Path

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms
from django.template import Context, Engine
from django.test import SimpleTestCase
from django.test.signals import template_rendered

from workup.forms.lifestyle import GutForm, HormonesForm, LifestyleForm
from workup.forms.medications import MedicationListForm, MedicationRowForm
from workup.forms.mental import MentalForm
from workup.forms.pain import PainForm
from workup.forms.red_flags import RedFlagsForm
from workup.forms.treatments import TreatmentHistoryForm, TrialRowForm
from workup.templatetags import field_markup

TRICKY = "a \"quoted\" <b>&amp; 'single'"
# The templates the radio groups and bare fields were written by before field_markup wrote
# them: the markup it must still write.
REFERENCE = Engine(dirs=[Path(__file__).parent / "reference_templates"])


def render_reference(name, context):
    return REFERENCE.get_template(name).render(Context(context))


class EveryKind(forms.Form):
    error_css_class = "has-error"
    required_css_class = "needed"

    tick = forms.BooleanField(required=False, label="Tick <me>", help_text="Help <i>safe</i>")
    must_tick = forms.BooleanField(label="Must tick")
    text = forms.CharField(label=TRICKY, max_length=5, help_text="Five at most.")
    optional_text = forms.CharField(required=False, label="")
    number = forms.IntegerField(min_value=0, max_value=10, label="Number")
    whole = forms.IntegerField(
        required=False, widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "wide"})
    )
    choice = forms.ChoiceField(
        choices=[("", "---"), ("a", "A"), ("b", TRICKY)], help_text="Pick one."
    )
    grouped = forms.ChoiceField(
        required=False, choices=[("", "none"), ("Group <1>", [("x", "X"), ("y", "Y")])]
    )
    many = forms.MultipleChoiceField(choices=[("p", "P"), ("q", "Q")], required=False)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), help_text="Notes.")
    ticks = forms.MultipleChoiceField(
        choices=[("p", "P <1>"), ("q", "Q")],
        widget=forms.CheckboxSelectMultiple,
        help_text="Any of these.",
    )
    grouped_ticks = forms.MultipleChoiceField(
        required=False,
        choices=[("G1", [("a", "A"), ("b", "B")]), ("G2", [("c", "C")])],
        widget=forms.CheckboxSelectMultiple,
    )
    # Kinds left to crispy.
    radio = forms.ChoiceField(choices=[("r", "R"), ("s", "S")], widget=forms.RadioSelect)
    hidden = forms.IntegerField(widget=forms.HiddenInput, required=False)
    upload = forms.FileField(required=False)
    moment = forms.SplitDateTimeField(required=False)


HANDLED = [
    "tick",
    "must_tick",
    "text",
    "optional_text",
    "number",
    "whole",
    "choice",
    "grouped",
    "many",
    "notes",
    "ticks",
    "grouped_ticks",
]
LEFT_TO_CRISPY = ["radio", "hidden", "upload", "moment"]
INVALID = {
    "text": "far too long",
    "number": "11",
    "whole": "x",
    "choice": "zz",
    "grouped": "nope",
    "many": ["zz"],
    "ticks": ["p", "zz"],
    "grouped_ticks": ["c", "zz"],
    "radio": "t",
    "hidden": "x",
}
VALID = {
    "tick": "on",
    "must_tick": "on",
    "text": "<ok>",
    "number": "3",
    "whole": "7",
    "choice": "b",
    "grouped": "y",
    "many": ["p", "q"],
    "notes": TRICKY,
    "ticks": ["q"],
    "grouped_ticks": ["a", "c"],
    "radio": "s",
}
DATA = {"unbound": None, "invalid": INVALID, "valid": VALID}


def both_ways(form_class, name, data, **kwargs):
    """The field written directly and by crispy, each from a form of its own (crispy adds its
    classes to the widget it renders)."""
    written = field_markup.crispy_field(form_class(data, **kwargs)[name])
    crispy = as_crispy_field(form_class(data, **kwargs)[name])
    return str(written), str(crispy)


class SameAsCrispy(SimpleTestCase):
    def assert_same(self, form_class, name, data, **kwargs):
        written, crispy = both_ways(form_class, name, data, **kwargs)
        self.assertHTMLEqual(written, crispy)
        return written

    def test_each_handled_kind_reads_as_crispy_writes_it(self):
        for name in HANDLED:
            for state, data in DATA.items():
                with self.subTest(field=name, data=state):
                    self.assert_same(EveryKind, name, data)

    def test_errors_help_text_and_required_are_all_written(self):
        invalid = EveryKind(INVALID)
        number = self.assert_same(EveryKind, "number", INVALID)
        assert invalid["number"].errors
        assert 'class="numberinput form-control is-invalid"' in number
        assert '<p id="error_1_id_number"><strong>' in number
        assert 'aria-describedby="id_number_error"' in number
        assert '<span class="asteriskField">*</span>' in number
        assert {"has-error", "needed"} <= set(number.split('"')[3].split())

        text = self.assert_same(EveryKind, "text", INVALID)
        assert 'aria-describedby="id_text_helptext id_text_error"' in text
        assert '<div id="id_text_helptext" class="form-text">Five at most.</div>' in text
        assert "&lt;b&gt;" in text

        tick = self.assert_same(EveryKind, "tick", None)
        assert 'class="checkboxinput form-check-input"' in tick
        assert "Help <i>safe</i>" in tick
        assert "asteriskField" not in tick

        whole = self.assert_same(EveryKind, "whole", INVALID)
        assert 'class="wide textinput form-control is-invalid"' in whole

        ticks = self.assert_same(EveryKind, "ticks", INVALID)
        assert ticks.count("form-check-input is-invalid") == 2
        assert '<fieldset aria-describedby="id_ticks_helptext id_ticks_error">' in ticks

    def test_a_difference_in_markup_is_seen(self):
        written, crispy = both_ways(EveryKind, "number", INVALID)
        with self.assertRaises(AssertionError):
            self.assertHTMLEqual(written.replace("is-invalid", "is-valid"), crispy)
        with self.assertRaises(AssertionError):
            self.assertHTMLEqual(written.replace("<strong>", "<em>", 1), crispy)

    def test_other_kinds_are_left_to_crispy(self):
        for name in LEFT_TO_CRISPY:
            for state, data in DATA.items():
                with self.subTest(field=name, data=state):
                    written, crispy = both_ways(EveryKind, name, data)
                    assert written == crispy

    def test_a_form_with_a_crispy_helper_is_left_to_crispy(self):
        class WithHelper(EveryKind):
            helper = object()

        form = WithHelper()
        form.helper = type("Helper", (), {"field_template": None, "get_attributes": None})()
        form.helper.get_attributes = lambda template_pack: {"wrapper_class": "special"}
        assert 'class="mb-3 special needed"' in str(field_markup.crispy_field(form["number"]))

    def test_handled_kinds_render_no_field_template(self):
        rendered = []

        def record(sender, template, **kwargs):
            rendered.append(template.name)

        template_rendered.connect(record)
        try:
            form = EveryKind(INVALID)
            for name in ["tick", "text", "number", "choice", "ticks"]:
                field_markup.crispy_field(form[name])
            assert not [name for name in rendered if name and "bootstrap5" in name]
            field_markup.crispy_field(form["radio"])
            assert "bootstrap5/field.html" in rendered
        finally:
            template_rendered.disconnect(record)


SECTION_FORMS = [
    PainForm,
    MentalForm,
    LifestyleForm,
    GutForm,
    HormonesForm,
    MedicationListForm,
    TreatmentHistoryForm,
]


def section_form(form_class, state):
    """The form unbound, or bound to values out of range or unknown with an error on every
    field (a tick box has none of its own)."""
    if state == "unbound":
        return form_class()
    data = {}
    for name, field in form_class().fields.items():
        if isinstance(field, forms.MultipleChoiceField):
            data[name] = ["not-a-choice"]
        elif isinstance(field, forms.BooleanField):
            data[name] = "on"
        else:
            data[name] = "99999"
    form = form_class(data)
    for name in form.fields:
        if name not in form.errors:
            form.add_error(name, "Check this <entry>.")
    return form


@pytest.mark.parametrize("form_class", SECTION_FORMS, ids=lambda form: form.__name__)
@pytest.mark.parametrize("state", ["unbound", "invalid"])
def test_every_section_field_reads_as_crispy_writes_it(form_class, state):
    checker = SimpleTestCase()
    for name, field in form_class().fields.items():
        if isinstance(field.widget, (forms.HiddenInput, forms.RadioSelect)):
            continue
        written_form, crispy_form = section_form(form_class, state), section_form(form_class, state)
        assert state == "unbound" or written_form[name].errors
        written = field_markup.crispy_field(written_form[name])
        checker.assertHTMLEqual(written, as_crispy_field(crispy_form[name]))


def radio_reference(field, inline=True, legend_class="form-label", marker=""):
    context = {"field": field, "inline": inline, "legend_class": legend_class, "marker": marker}
    return render_reference("radio_group.html", context)


RADIO_FORMS = {
    PainForm: {"fatigue": "9", "headaches": "yes"},
    MentalForm: {"phq9_item9": "7", "phq9_1": "2"},
    RedFlagsForm: {},
    GutForm: {"rome_iv_ibs": "maybe"},
}


class Questions(forms.Form):
    plain = forms.ChoiceField(choices=[("1", "One"), ("2", TRICKY)], widget=forms.RadioSelect)
    helped = forms.ChoiceField(
        choices=[(1, "One"), (2, "Two")],
        required=False,
        widget=forms.RadioSelect,
        help_text="Say <which>.",
        label="Which <one>?",
    )


@pytest.mark.parametrize("data", [None, {}, {"plain": "2", "helped": "3"}, {"plain": "x"}])
@pytest.mark.parametrize("inline", [True, False])
@pytest.mark.parametrize("marker", ["", "Giant <cell> arteritis"])
def test_radio_group_is_written_as_its_template_writes_it(data, inline, marker):
    form = Questions(data)
    for name in form.fields:
        field = form[name]
        written = field_markup.radio_group(field, inline, "form-label fw-semibold", marker)
        assert written == radio_reference(field, inline, "form-label fw-semibold", marker)


@pytest.mark.parametrize("form_class", list(RADIO_FORMS), ids=lambda form: form.__name__)
@pytest.mark.parametrize("bound", [False, True])
def test_section_radio_groups_are_written_as_their_template_writes_them(form_class, bound):
    form = form_class(RADIO_FORMS[form_class] if bound else None)
    radios = [
        form[name] for name, f in form.fields.items() if isinstance(f.widget, forms.RadioSelect)
    ]
    assert radios
    for field in radios:
        for inline in (True, False):
            assert field_markup.radio_group(field, inline) == radio_reference(field, inline)


def test_radio_group_marks_errors_and_help_text():
    field = Questions({"plain": "x", "helped": "3"})["helped"]
    written = field_markup.radio_group(field, True, "form-label", "")
    assert 'aria-describedby="id_helped_helptext id_helped_error"' in written
    assert written.count('class="form-check-input is-invalid"') == 2
    assert '<div id="id_helped_helptext" class="form-text">Say &lt;which&gt;.</div>' in written
    assert "Which &lt;one&gt;?" in written


def bare_reference(field, label, size="sm"):
    css = field_markup.widget_class(field)
    if size == "sm" and "form-check" not in css:
        css += " form-control-sm" if css.startswith("form-control") else " form-select-sm"
    context = {"field": field, "label": label, "widget": field.as_widget(attrs={"class": css})}
    return render_reference("bare_field.html", context)


ROW_FORMS = {
    MedicationRowForm: {"name": "", "drug_class": "nope", "dose": "x" * 500, "DELETE": "on"},
    TrialRowForm: {"drug": "nope", "weeks": "-1", "response": "zz", "dose": ""},
}


@pytest.mark.parametrize("form_class", list(ROW_FORMS), ids=lambda form: form.__name__)
@pytest.mark.parametrize("bound", [False, True])
@pytest.mark.parametrize("size", ["sm", ""])
def test_bare_field_is_written_as_its_template_writes_it(form_class, bound, size):
    form = form_class(ROW_FORMS[form_class] if bound else None)
    form.fields["DELETE"] = forms.BooleanField(required=False)
    if bound:
        assert form.errors
    for name in form.fields:
        label = f"{name} <row 1>"
        written = field_markup.bare_field(form[name], label, size)
        assert written == bare_reference(form[name], label, size)


def test_bare_field_writes_its_errors():
    form = TrialRowForm({"drug": "nope", "weeks": "-1"})
    written = field_markup.bare_field(form["weeks"], "Weeks, row 1")
    assert 'class="form-control is-invalid form-control-sm"' in written
    assert '<div id="id_weeks_error" class="invalid-feedback"><p class="mb-0">' in written
    assert '<label class="visually-hidden" for="id_weeks">Weeks, row 1</label>' in written
