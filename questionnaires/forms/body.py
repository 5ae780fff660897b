"""Pain areas, symptoms, exercise, sleep, diet, gut and cycle: the pages whose answers go to
the pain, lifestyle, gut and hormones sections."""

from __future__ import annotations

from django import forms

from questionnaires import words
from questionnaires.forms import fields
from questionnaires.forms.base import PartForm, section_of
from workup.adapters import number
from workup.rules import vocab


class PainAreasForm(PartForm):
    """The body map as a list of tick boxes grouped by region (works without a script)."""

    part = "pain_areas"

    areas = fields.tick_list(
        "Areas where you had pain", {code: words.AREA_WORDS[code] for code in vocab.WPI_AREAS}
    )
    no_pain = forms.BooleanField(
        required=False, label="I had no pain in any of these areas in the past week"
    )

    @classmethod
    def initial_from(cls, answers, responses):
        areas = section_of(answers, "pain").get("wpi_areas")
        if areas is None:
            return {}
        return {"areas": list(areas), "no_pain": areas == []}

    def regions(self):
        """[(region heading, [its tick boxes])] in the order of ``words.BODY_REGIONS``."""
        boxes = {box.data["value"]: box for box in self["areas"]}
        return [
            (heading, [boxes[code] for code, _label in areas])
            for heading, areas in words.BODY_REGIONS
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("areas") and cleaned.get("no_pain"):
            self.add_error(
                "no_pain",
                "You ticked areas with pain and also “no pain”: untick one of them.",
            )
        return cleaned

    def section_values(self):
        chosen = set(self.cleaned_data["areas"])
        if chosen:
            areas = [code for code in vocab.WPI_AREAS if code in chosen]
        else:
            areas = [] if self.cleaned_data["no_pain"] else None
        return {"wpi_areas": areas}


class SymptomsForm(PartForm):
    part = "symptoms"

    symptom_duration_months = fields.count(
        "For about how many months have you had these symptoms?",
        0,
        1200,
        help_text="In months: for example 18 for a year and a half.",
    )
    pain_nrs = fields.radio(
        "How bad is your pain right now?",
        {n: str(n) for n in range(11)},
        help_text="0 means no pain, 10 the worst pain you can imagine.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in words.SEVERITY_QUESTIONS.items():
            self.fields[name] = fields.radio(label, words.SEVERITY_ANSWERS)
        for name, label in words.PAST_SIX_MONTHS.items():
            self.fields[name] = fields.yes_no(label)
        order = [*words.SEVERITY_QUESTIONS, *words.PAST_SIX_MONTHS]
        self.order_fields([*order, "symptom_duration_months", "pain_nrs"])

    @classmethod
    def initial_from(cls, answers, responses):
        pain = section_of(answers, "pain")
        sss = pain.get("sss") or {}
        initial = {
            "symptom_duration_months": pain.get("symptom_duration_months"),
            "pain_nrs": "" if pain.get("pain_nrs") is None else str(pain["pain_nrs"]),
        }
        for name in vocab.SSS_SCALE_PARTS:
            initial[name] = "" if sss.get(name) is None else str(sss[name])
        for name in vocab.SSS_YES_NO_PARTS:
            initial[name] = fields.yes_no_initial(sss.get(name))
        return initial

    def severity_fields(self):
        return [self[name] for name in words.SEVERITY_QUESTIONS]

    def six_month_fields(self):
        return [self[name] for name in words.PAST_SIX_MONTHS]

    def section_values(self):
        d = self.cleaned_data
        sss = {name: fields.int_or_none(d[name]) for name in vocab.SSS_SCALE_PARTS}
        sss.update({name: fields.yes_no_value(d[name]) for name in vocab.SSS_YES_NO_PARTS})
        return {
            "sss": sss if any(value is not None for value in sss.values()) else None,
            "symptom_duration_months": d["symptom_duration_months"],
            "pain_nrs": fields.int_or_none(d["pain_nrs"]),
        }


class ActivityForm(PartForm):
    part = "activity"

    aerobic_minutes_per_week = fields.count(
        "In a usual week, how many minutes of exercise that makes you breathe faster do you do?",
        0,
        5000,
        help_text="For example brisk walking, cycling or swimming. Add up the whole week: "
        "30 minutes on 5 days is 150.",
    )
    strength_sessions_per_week = fields.count(
        "In a usual week, how many times do you do exercises that make your muscles work harder?",
        0,
        21,
        help_text="For example lifting weights, resistance bands, or heavy gardening.",
    )
    sleep_hours = fields.hours(
        "On an average night, how many hours do you sleep?",
        help_text="For example 6.5 for six and a half hours.",
    )
    diets_tried = fields.tick_list(
        "Have you tried any of these diets? Tick all that apply.",
        {code: words.DIET_WORDS[code] for code in vocab.DIETS},
    )

    @classmethod
    def initial_from(cls, answers, responses):
        lifestyle = section_of(answers, "lifestyle")
        return {
            "aerobic_minutes_per_week": lifestyle.get("aerobic_minutes_per_week"),
            "strength_sessions_per_week": lifestyle.get("strength_sessions_per_week"),
            "sleep_hours": lifestyle.get("sleep_hours"),
            "diets_tried": list(lifestyle.get("diets_tried") or []),
        }

    def section_values(self):
        d = self.cleaned_data
        chosen = set(d["diets_tried"])
        return {
            "aerobic_minutes_per_week": d["aerobic_minutes_per_week"],
            "strength_sessions_per_week": d["strength_sessions_per_week"],
            "sleep_hours": number(d["sleep_hours"]),
            "diets_tried": [code for code in vocab.DIETS if code in chosen],
        }


class GutForm(PartForm):
    part = "gut"

    symptoms = fields.tick_list(
        "Do you often have any of these? Tick all that apply.",
        {code: words.GUT_WORDS[code] for code in vocab.GUT_SYMPTOMS},
    )
    none_of_these = forms.BooleanField(required=False, label="I have none of these")

    @classmethod
    def initial_from(cls, answers, responses):
        symptoms = section_of(answers, "gut").get("symptoms")
        if symptoms is None:
            return {}
        return {"symptoms": list(symptoms), "none_of_these": symptoms == []}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("symptoms") and cleaned.get("none_of_these"):
            self.add_error(
                "none_of_these",
                "You ticked symptoms and also “none of these”: untick one of them.",
            )
        return cleaned

    def section_values(self):
        chosen = set(self.cleaned_data["symptoms"])
        if chosen:
            symptoms = [code for code in vocab.GUT_SYMPTOMS if code in chosen]
        else:
            symptoms = [] if self.cleaned_data["none_of_these"] else None
        return {"symptoms": symptoms}


class CycleForm(PartForm):
    part = "cycle"

    reproductive_stage = fields.radio(
        "Which of these describes you best now?",
        {code: words.STAGE_WORDS[code] for code in vocab.REPRODUCTIVE_STAGES},
    )
    cycle_related_flares = fields.radio(
        "If you have periods: do your pain and other symptoms get worse at a certain time of "
        "your cycle?",
        {code: words.FLARE_WORDS[code] for code in words.FLARE_WORDS},
    )

    @classmethod
    def initial_from(cls, answers, responses):
        hormones = section_of(answers, "hormones")
        return {
            "reproductive_stage": hormones.get("reproductive_stage") or "",
            "cycle_related_flares": hormones.get("cycle_related_flares") or "",
        }

    def section_values(self):
        d = self.cleaned_data
        return {
            "reproductive_stage": d["reproductive_stage"] or None,
            "cycle_related_flares": d["cycle_related_flares"] or None,
        }
