"""Lifestyle, gut health and hormones: one plain form each, with the document's ranges and
value sets."""

from __future__ import annotations

from django import forms

from workup import adapters
from workup.forms.base import (
    SectionEditor,
    VersionedForm,
    code_choice,
    decimal_number,
    whole_number,
    yes_no_field,
    yes_no_initial,
    yes_no_value,
)
from workup.presenters import sentence, words
from workup.rules import vocab
from workup.rules.facts import Gut, Hormones, Lifestyle

LICENSED = "Total only: the instrument is licensed and its items are not reproduced here."


def _choices(codes, labels=None):
    return [(code, sentence(words(code, labels))) for code in codes]


class LifestyleForm(VersionedForm):
    aerobic_minutes_per_week = whole_number(
        "Aerobic exercise (minutes a week)", 0, 5000, help_text="WHO 2020: 150 or more."
    )
    strength_sessions_per_week = whole_number(
        "Strength training (sessions a week)", 0, 21, help_text="WHO 2020: 2 or more."
    )
    sleep_hours = decimal_number(
        "Sleep (hours a night)", 0, 24, places=2, digits=4, help_text="For example 6.5."
    )
    psqi_global = whole_number("PSQI global score", 0, 21, help_text="0 to 21. " + LICENSED)
    isi_total = whole_number("ISI total", 0, 28, help_text="0 to 28. " + LICENSED)
    stop_bang = whole_number(
        "STOP-Bang total",
        0,
        8,
        help_text="0 to 8. Total only: the questionnaire is proprietary and not reproduced here.",
    )
    diet_pattern = code_choice("Diet pattern", _choices(vocab.DIET_PATTERNS))
    diets_tried = forms.MultipleChoiceField(
        label="Diets tried",
        required=False,
        choices=_choices(vocab.DIETS, vocab.DIET_LABELS),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose among the diets listed."},
    )
    height_cm = decimal_number("Height (cm)", 50, 250, places=1, digits=5)
    weight_kg = decimal_number("Weight (kg)", 20, 400, places=1, digits=5)


class LifestyleEditor(SectionEditor):
    name = "lifestyle"
    template = "workup/sections/simple.html"

    def build_form(self, data, value, version):
        initial = {"version": version}
        if value is not None:
            initial.update(
                {
                    "aerobic_minutes_per_week": value.aerobic_minutes_per_week,
                    "strength_sessions_per_week": value.strength_sessions_per_week,
                    "sleep_hours": value.sleep_hours,
                    "psqi_global": value.psqi_global,
                    "isi_total": value.isi_total,
                    "stop_bang": value.stop_bang,
                    "diet_pattern": value.diet_pattern or "",
                    "diets_tried": list(value.diets_tried),
                    "height_cm": value.height_cm,
                    "weight_kg": value.weight_kg,
                }
            )
        return LifestyleForm(data, initial=initial)

    def cleaned_value(self) -> Lifestyle:
        d = self.form.cleaned_data
        return Lifestyle(
            aerobic_minutes_per_week=d["aerobic_minutes_per_week"],
            strength_sessions_per_week=d["strength_sessions_per_week"],
            sleep_hours=adapters.number(d["sleep_hours"]),
            psqi_global=d["psqi_global"],
            isi_total=d["isi_total"],
            stop_bang=d["stop_bang"],
            diet_pattern=d["diet_pattern"] or None,
            diets_tried=adapters.ordered(d["diets_tried"] or (), vocab.DIETS),
            height_cm=adapters.number(d["height_cm"]),
            weight_kg=adapters.number(d["weight_kg"]),
        )


class GutForm(VersionedForm):
    symptoms = forms.MultipleChoiceField(
        label="Gut symptoms",
        required=False,
        choices=_choices(vocab.GUT_SYMPTOMS, vocab.GUT_SYMPTOM_LABELS),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose among the symptoms listed."},
    )
    rome_iv_ibs = yes_no_field("Rome IV criteria for IBS met")
    microbiome_test = code_choice("Microbiome test", _choices(vocab.MICROBIOME_RESULTS), blank=None)
    sibo_breath_test = code_choice("SIBO breath test", _choices(vocab.SIBO_RESULTS), blank=None)
    probiotic_trial = code_choice("Probiotic trial", _choices(vocab.PROBIOTIC_TRIALS), blank=None)


class GutEditor(SectionEditor):
    name = "gut"
    template = "workup/sections/simple.html"

    def build_form(self, data, value, version):
        value = value or Gut()
        initial = {
            "version": version,
            "symptoms": list(value.symptoms),
            "rome_iv_ibs": yes_no_initial(value.rome_iv_ibs),
            "microbiome_test": value.microbiome_test,
            "sibo_breath_test": value.sibo_breath_test,
            "probiotic_trial": value.probiotic_trial,
        }
        return GutForm(data, initial=initial)

    def cleaned_value(self) -> Gut:
        d = self.form.cleaned_data
        return Gut(
            symptoms=adapters.ordered(d["symptoms"] or (), vocab.GUT_SYMPTOMS),
            rome_iv_ibs=yes_no_value(d["rome_iv_ibs"]),
            microbiome_test=d["microbiome_test"],
            sibo_breath_test=d["sibo_breath_test"],
            probiotic_trial=d["probiotic_trial"],
        )


class HormonesForm(VersionedForm):
    reproductive_stage = code_choice("Reproductive stage", _choices(vocab.REPRODUCTIVE_STAGES))
    cycle_related_flares = code_choice(
        "Cycle-related flares",
        _choices(vocab.CYCLE_FLARES),
        help_text="The cycle phase in which symptoms flare, if any.",
    )
    hormone_therapy = code_choice("Hormone therapy", _choices(vocab.HORMONE_THERAPIES))


class HormonesEditor(SectionEditor):
    name = "hormones"
    template = "workup/sections/simple.html"

    def build_form(self, data, value, version):
        initial = {"version": version}
        if value is not None:
            initial.update(
                {
                    "reproductive_stage": value.reproductive_stage or "",
                    "cycle_related_flares": value.cycle_related_flares or "",
                    "hormone_therapy": value.hormone_therapy or "",
                }
            )
        return HormonesForm(data, initial=initial)

    def cleaned_value(self) -> Hormones:
        d = self.form.cleaned_data
        return Hormones(
            reproductive_stage=d["reproductive_stage"] or None,
            cycle_related_flares=d["cycle_related_flares"] or None,
            hormone_therapy=d["hormone_therapy"] or None,
        )
