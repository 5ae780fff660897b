"""The date box of every form: shows and reads the practice format, reads ISO too, and says
how to write a date it cannot read."""

import datetime

import pytest
from django import forms
from django.template import Context, Template

from config.forms import PracticeDateField

DAY = datetime.date(2026, 12, 3)


class VisitForm(forms.Form):
    visit = PracticeDateField(label="Visit date")


def read(typed: str):
    form = VisitForm({"visit": typed})
    return form.cleaned_data["visit"] if form.is_valid() else form.errors["visit"]


@pytest.mark.parametrize(
    "typed", ["3 Dec 2026", "03 Dec 2026", "3 dec 2026", "3 December 2026", " 3 Dec 2026 "]
)
def test_a_date_in_the_practice_format_is_read(typed):
    assert read(typed) == DAY


def test_an_iso_date_is_read_as_well():
    assert read("2026-12-03") == DAY


@pytest.mark.parametrize("typed", ["03/12/2026", "12/03/2026", "3 Dec", "31 Nov 2026", "tomorrow"])
def test_anything_else_is_refused_with_an_example_of_the_format(typed):
    assert read(typed) == ["Enter a date like 3 Dec 2026."]


@pytest.mark.parametrize(
    ("fmt", "typed", "example"),
    [
        ("d/m/Y", "03/12/2026", "03/12/2026"),
        ("m/d/Y", "12/03/2026", "12/03/2026"),
        ("Y-m-d", "2026-12-03", "2026-12-03"),
    ],
)
def test_another_practice_format_is_read_shown_and_explained(settings, fmt, typed, example):
    settings.PRACTICE_DATE_FORMAT = fmt
    assert read(typed) == DAY
    assert read("2026-12-03") == DAY
    assert read("3 Dec 2026") == [f"Enter a date like {example}."]
    box = str(VisitForm(initial={"visit": DAY})["visit"])
    assert f'value="{example}"' in box
    assert f'data-date-format="{fmt}"' in box
    assert VisitForm().fields["visit"].help_text == f"For example {example}."


def test_the_box_is_a_text_box_showing_the_practice_format_not_the_browsers():
    box = str(VisitForm(initial={"visit": DAY})["visit"])
    assert 'type="text"' in box
    assert 'value="3 Dec 2026"' in box
    assert "placeholder" not in box, "an example in an empty box reads as a date entered"
    assert 'autocomplete="off"' in box


def test_an_iso_date_typed_comes_back_in_the_practice_format_once_read():
    form = VisitForm({"visit": "2026-12-03"})
    assert form.is_valid()
    assert 'value="3 Dec 2026"' in str(VisitForm(initial=form.cleaned_data)["visit"])


def test_what_was_typed_comes_back_as_typed_beside_its_error():
    form = VisitForm({"visit": "31 Nov 2026"})
    assert not form.is_valid()
    box = str(form["visit"])
    assert 'value="31 Nov 2026"' in box
    assert 'aria-invalid="true"' in box


def test_the_hint_gives_the_example_unless_the_form_says_otherwise():
    assert VisitForm().fields["visit"].help_text == "For example 3 Dec 2026."
    assert PracticeDateField(help_text="").help_text == ""


def test_a_column_of_date_boxes_is_headed_with_the_example(settings):
    heading = Template("{% load date_inputs %}(like {% date_example %})")
    assert heading.render(Context()) == "(like 3 Dec 2026)"
    settings.PRACTICE_DATE_FORMAT = "d/m/Y"
    assert heading.render(Context()) == "(like 03/12/2026)"
