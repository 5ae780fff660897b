"""Widgets written by config.form_renderer are character for character what Django's widget
templates write: single widgets with awkward values, and every section page of a workup."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.test import override_settings
from django.urls import reverse
from django.utils.safestring import mark_safe

from config.form_renderer import FastWidgetRenderer
from workup.sections import SECTION_NAMES

TRICKY = "a \"quoted\" <b>&amp; 'single'"


class EveryWidget(forms.Form):
    text = forms.CharField(initial=TRICKY, widget=forms.TextInput(attrs={"data-x": TRICKY}))
    empty = forms.CharField(required=False)
    number = forms.IntegerField(initial=1234567, widget=forms.NumberInput(attrs={"step": 0.5}))
    checked = forms.BooleanField(initial=True, required=False)
    unchecked = forms.BooleanField(required=False)
    hidden = forms.IntegerField(initial=3, widget=forms.HiddenInput)
    day = forms.DateField(initial=datetime.date(2026, 12, 3), widget=forms.DateInput)
    email = forms.EmailField(initial="a@example.org", disabled=True)
    choice = forms.ChoiceField(
        choices=[("", "---"), (1, 1000), ("b", TRICKY), ("c", mark_safe("<i>safe</i>"))],
        initial="b",
    )
    grouped = forms.ChoiceField(
        choices=[("", "none"), ("Group <1>", [("x", "X"), ("y", "Y")]), ("z", "Z")],
        initial="y",
    )
    many = forms.MultipleChoiceField(choices=[("p", "P"), ("q", "Q")], initial=["p", "q"])
    radio = forms.ChoiceField(choices=[("r", "R"), ("s", "S")], widget=forms.RadioSelect)


@pytest.mark.parametrize("name", list(EveryWidget.base_fields))
@pytest.mark.parametrize("data", [None, {"text": "<x>", "choice": TRICKY, "many": ["q"]}])
def test_each_widget_is_written_as_django_writes_it(name, data):
    fast = EveryWidget(data, renderer=FastWidgetRenderer())[name]
    slow = EveryWidget(data, renderer=DjangoTemplates())[name]
    attrs = {"class": "form-select form-select-sm", "aria-describedby": "x_help"}
    assert str(fast.as_widget(attrs=attrs)) == str(slow.as_widget(attrs=attrs))
    assert str(fast) == str(slow)


@pytest.mark.django_db
@pytest.mark.parametrize("section", SECTION_NAMES)
def test_every_section_page_reads_the_same_with_either_renderer(clinician_client, draft, section):
    url = reverse(
        "workup:section",
        kwargs={
            "patient_id": draft.patient_id,
            "workup_id": draft.pk,
            "section": section,
        },
    )
    fast = clinician_client.get(url)
    with override_settings(FORM_RENDERER="django.forms.renderers.DjangoTemplates"):
        slow = clinician_client.get(url)
    assert fast.status_code == slow.status_code == 200

    def without_token(response):
        html = response.content.decode()
        token = response.context["csrf_token"]
        return html.replace(str(token), "")

    assert without_token(fast) == without_token(slow)
