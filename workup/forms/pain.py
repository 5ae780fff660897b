"""Pain: the WPI body-area checklist grouped by region, the SSS parts with the app's own 0-3
anchors, symptom duration, pain now and the FIQR total."""

from __future__ import annotations

from django import forms

from workup import adapters
from workup.forms.base import (
    SectionEditor,
    VersionedForm,
    decimal_number,
    int_or_none,
    scale_field,
    whole_number,
    yes_no_field,
    yes_no_initial,
    yes_no_value,
)
from workup.presenters import sentence
from workup.rules import vocab
from workup.rules.facts import Pain

# Where each area is shown: jaw, chest and abdomen sit with the region they belong to on the
# body chart, although they count in the WPI only (vocab.WPI_ONLY_AREAS).
SHOWN_IN_REGION = {
    **vocab.REGION_OF_AREA,
    "left_jaw": "left_upper",
    "right_jaw": "right_upper",
    "chest": "axial",
    "abdomen": "axial",
}


def area_field_name(area: str) -> str:
    return f"wpi_{area}"


class PainForm(VersionedForm):
    no_painful_area = forms.BooleanField(
        required=False,
        label="No painful area in the past week",
        help_text="Tick this to record a WPI of 0. With nothing ticked the WPI is not recorded.",
    )
    fatigue = scale_field("Fatigue", vocab.SSS_ANCHORS)
    waking_unrefreshed = scale_field("Waking unrefreshed", vocab.SSS_ANCHORS)
    cognitive = scale_field("Cognitive symptoms", vocab.SSS_ANCHORS)
    headaches = yes_no_field("Headaches")
    lower_abdominal_pain = yes_no_field("Pain or cramps in the lower abdomen")
    depression = yes_no_field("Depression")
    symptom_duration_months = whole_number(
        "Symptoms present for (months)",
        0,
        1200,
        help_text="Whole months, 0 to 1200. The criteria need 3 or more.",
    )
    pain_nrs = whole_number("Pain now (NRS)", 0, 10, help_text="0 no pain to 10 worst imaginable.")
    fiqr_total = decimal_number(
        "FIQR total",
        0,
        100,
        places=1,
        digits=4,
        help_text="0 to 100, total only: the FIQR is a licensed instrument and its items are "
        "not reproduced here.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for area in vocab.WPI_AREAS:
            label = sentence(vocab.WPI_AREA_LABELS[area])
            help_text = (
                "Counts in the WPI, not for regions." if area in vocab.WPI_ONLY_AREAS else ""
            )
            self.fields[area_field_name(area)] = forms.BooleanField(
                required=False, label=label, help_text=help_text
            )

    def clean(self):
        cleaned = super().clean()
        ticked = [a for a in vocab.WPI_AREAS if cleaned.get(area_field_name(a))]
        if ticked and cleaned.get("no_painful_area"):
            self.add_error(
                "no_painful_area",
                "Painful areas are ticked: untick them, or untick “No painful area”.",
            )
        return cleaned

    def region_groups(self):
        """[(region label, [(bound field, counts for the region)])] in the spec's order."""
        groups = []
        for region in vocab.REGIONS:
            fields = [
                (self[area_field_name(a)], a not in vocab.WPI_ONLY_AREAS)
                for a in vocab.WPI_AREAS
                if SHOWN_IN_REGION[a] == region
            ]
            groups.append((region, sentence(vocab.REGION_LABELS[region]), fields))
        return groups


def pain_from_cleaned(cleaned: dict) -> Pain:
    """Pain facts from cleaned data; fields that did not validate count as not recorded."""
    if cleaned.get("no_painful_area"):
        areas: tuple[str, ...] | None = ()
    else:
        areas = tuple(a for a in vocab.WPI_AREAS if cleaned.get(area_field_name(a))) or None
    return Pain(
        wpi_areas=areas,
        fatigue=int_or_none(cleaned.get("fatigue")),
        waking_unrefreshed=int_or_none(cleaned.get("waking_unrefreshed")),
        cognitive=int_or_none(cleaned.get("cognitive")),
        headaches=yes_no_value(cleaned.get("headaches")),
        lower_abdominal_pain=yes_no_value(cleaned.get("lower_abdominal_pain")),
        depression=yes_no_value(cleaned.get("depression")),
        symptom_duration_months=cleaned.get("symptom_duration_months"),
        pain_nrs=cleaned.get("pain_nrs"),
        fiqr_total=adapters.number(cleaned.get("fiqr_total")),
    )


def pain_initial(p: Pain | None) -> dict:
    if p is None:
        return {}
    initial = {
        "no_painful_area": p.wpi_areas == (),
        "symptom_duration_months": p.symptom_duration_months,
        "pain_nrs": p.pain_nrs,
        "fiqr_total": p.fiqr_total,
    }
    for area in p.wpi_areas or ():
        initial[area_field_name(area)] = True
    for part in vocab.SSS_SCALE_PARTS:
        value = getattr(p, part)
        initial[part] = "" if value is None else str(value)
    for part in vocab.SSS_YES_NO_PARTS:
        initial[part] = yes_no_initial(getattr(p, part))
    return initial


class PainEditor(SectionEditor):
    name = "pain"
    template = "workup/sections/pain.html"

    def build_form(self, data, value, version):
        return PainForm(data, initial={**pain_initial(value), "version": version})

    def cleaned_value(self) -> Pain:
        return pain_from_cleaned(self.form.cleaned_data)
