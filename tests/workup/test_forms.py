"""Section forms at each boundary: just below, at and just above every range; wrong units,
future dates, a duplicated exclusion, a partly answered PHQ-9. Errors sit on their field."""

import datetime

import pytest

from tests.workup.editing import CONTEXT, TODAY, editor, errors_of, value_of
from tests.workup.formdata import (
    exclusions_data,
    gut_data,
    labs_data,
    lifestyle_data,
    mental_data,
    pain_data,
    treatments_data,
)
from workup.forms import EDITORS
from workup.rules import facts as f
from workup.rules import vocab

# --- Pain ----------------------------------------------------------------------------------------

PAIN_RANGES = [
    ("symptom_duration_months", 0, 1200),
    ("pain_nrs", 0, 10),
]


@pytest.mark.parametrize("field, low, high", PAIN_RANGES)
def test_pain_whole_numbers_accept_their_range_and_refuse_just_outside(field, low, high):
    for good in (low, high):
        ed = editor("pain", {field: str(good)})
        assert ed.is_valid(), ed.form.errors
        assert getattr(ed.cleaned_value(), field) == good
    for bad in (low - 1, high + 1):
        message = errors_of(editor("pain", {field: str(bad)}))[field][0]
        assert message == f"Enter a whole number from {low} to {high}."


def test_fiqr_total_takes_one_decimal_from_0_to_100():
    assert editor("pain", {"fiqr_total": "0"}).is_valid()
    ed = editor("pain", {"fiqr_total": "100"})
    assert ed.is_valid() and ed.cleaned_value().fiqr_total == 100
    assert value_of("pain", {"fiqr_total": "62.5"}).fiqr_total == 62.5
    for bad in ("-0.1", "100.1", "62.55", "lots"):
        assert "fiqr_total" in errors_of(editor("pain", {"fiqr_total": bad}))


def test_sss_parts_take_0_to_3_or_not_recorded():
    ed = editor("pain", {"fatigue": "3", "cognitive": "0"})
    assert ed.is_valid()
    value = ed.cleaned_value()
    assert (value.fatigue, value.cognitive, value.waking_unrefreshed) == (3, 0, None)
    assert "fatigue" in errors_of(editor("pain", {"fatigue": "4"}))
    assert "fatigue" in errors_of(editor("pain", {"fatigue": "-1"}))


def test_wpi_is_not_recorded_until_an_area_or_no_painful_area_is_ticked():
    assert value_of("pain", {}).wpi_areas is None
    assert value_of("pain", {"no_painful_area": "on"}).wpi_areas == ()
    value = value_of("pain", {"wpi_neck": "on", "wpi_left_jaw": "on"})
    assert value.wpi_areas == ("left_jaw", "neck")


def test_painful_areas_and_no_painful_area_together_are_refused():
    errors = errors_of(editor("pain", {"wpi_neck": "on", "no_painful_area": "on"}))
    assert "untick" in errors["no_painful_area"][0]


def test_the_pain_form_round_trips_a_complete_value():
    value = f.Pain(
        wpi_areas=("left_shoulder_girdle", "neck"),
        fatigue=2,
        waking_unrefreshed=0,
        cognitive=1,
        headaches=True,
        lower_abdominal_pain=False,
        depression=None,
        symptom_duration_months=14,
        pain_nrs=7,
        fiqr_total=62.5,
    )
    ed = editor("pain", pain_data(value))
    assert ed.is_valid()
    assert ed.cleaned_value() == value


# --- Exclusions ----------------------------------------------------------------------------------


def test_the_exclusion_grid_keeps_dispositions_and_notes():
    findings = (f.ExclusionFinding("hypothyroidism", "ruled_out", "TSH normal x2"),)
    ed = editor("exclusions", exclusions_data(findings))
    assert ed.is_valid()
    assert ed.cleaned_value() == findings


def test_a_condition_listed_twice_is_refused():
    data = exclusions_data(())
    data["exclusions-1-condition"] = data["exclusions-0-condition"]
    ed = editor("exclusions", data)
    errors = errors_of(ed)
    assert "listed twice" in errors["1-status"][0]
    assert "listed twice" in ed.formset.non_form_errors()[0]


def test_an_unknown_disposition_or_condition_is_refused():
    data = exclusions_data(())
    data["exclusions-0-status"] = "cured"
    data["exclusions-1-condition"] = "flu"
    errors = errors_of(editor("exclusions", data))
    assert errors["0-status"] == ["Choose one of the dispositions listed."]
    assert errors["1-condition"] == ["This condition is not in the checklist."]


def test_an_exclusion_note_is_a_box_of_several_lines_keeping_its_line_breaks():
    findings = (f.ExclusionFinding("hypothyroidism", "ruled_out", "TSH normal x2\nFree T4 normal"),)
    ed = editor("exclusions", exclusions_data(findings))
    assert ed.is_valid()
    assert ed.cleaned_value() == findings
    assert str(ed.formset.forms[0]["note"]).startswith("<textarea")


def test_a_note_over_2000_characters_is_refused():
    data = exclusions_data(())
    data["exclusions-0-note"] = "x" * 2001
    assert "0-note" in errors_of(editor("exclusions", data))
    data["exclusions-0-note"] = "x" * 2000
    assert editor("exclusions", data).is_valid()


# --- Labs ----------------------------------------------------------------------------------------


def lab(**changes):
    values = {
        "analyte": "ferritin",
        "value": 22,
        "unit": "ug/L",
        "collected_on": datetime.date(2026, 11, 1),
        "ref_low": None,
        "ref_high": None,
    }
    values.update(changes)
    return f.LabResult(**values)


def test_a_lab_row_in_an_accepted_unit_is_kept_as_entered():
    ed = editor("labs", labs_data([lab(), lab(analyte="tsh", value=2.1, unit="uIU/mL")]))
    assert ed.is_valid(), ed.formset.errors
    assert ed.cleaned_value() == (lab(), lab(analyte="tsh", value=2.1, unit="uIU/mL"))


def test_a_unit_the_catalogue_does_not_accept_for_the_analyte_is_refused_naming_the_units():
    errors = errors_of(editor("labs", labs_data([lab(unit="mg/dL")])))
    assert errors["0-unit"] == ["mg/dL is not a unit of ferritin: use ng/mL or ug/L."]


def test_collection_dates_today_pass_and_tomorrow_is_refused():
    assert editor("labs", labs_data([lab(collected_on=TODAY)])).is_valid()
    errors = errors_of(editor("labs", labs_data([lab(collected_on=TODAY + datetime.timedelta(1))])))
    assert errors["0-collected_on"] == ["The collection date cannot be in the future."]


@pytest.mark.parametrize("typed", ["1 Nov 2026", "01 nov 2026", "1 November 2026", "2026-11-01"])
def test_a_collection_date_is_typed_in_the_practice_format_or_as_iso(typed):
    data = labs_data([lab()])
    data["labs-0-collected_on"] = typed
    assert value_of("labs", data) == (lab(),)


@pytest.mark.parametrize("typed", ["01/11/2026", "11/01/2026", "1 Nov", "31 Nov 2026"])
def test_a_collection_date_in_another_format_is_refused_with_an_example(typed):
    data = labs_data([lab()])
    data["labs-0-collected_on"] = typed
    assert errors_of(editor("labs", data))["0-collected_on"] == ["Enter a date like 3 Dec 2026."]


def test_a_saved_collection_date_is_shown_in_the_practice_format():
    shown = EDITORS["labs"](None, value=(lab(),), version=0, context=CONTEXT)
    box = str(shown.formset.forms[0]["collected_on"])
    assert 'value="1 Nov 2026"' in box
    assert 'type="text"' in box


def test_a_collection_date_before_birth_is_refused():
    errors = errors_of(editor("labs", labs_data([lab(collected_on=datetime.date(1978, 4, 1))])))
    assert "before the patient's date of birth" in errors["0-collected_on"][0]


def test_a_laboratory_range_with_low_above_high_is_refused_and_equal_limits_pass():
    assert editor("labs", labs_data([lab(ref_low=30, ref_high=30)])).is_valid()
    errors = errors_of(editor("labs", labs_data([lab(ref_low=30.5, ref_high=30)])))
    assert errors["0-ref_high"] == ["The upper limit must not be below the lower limit (30.5)."]


@pytest.mark.parametrize(
    "value, ok",
    [
        ("0", True),
        ("1000000", True),
        ("-0.1", False),
        ("1000000.1", False),
        ("0.000001", True),
        ("0.0000001", False),
        ("abc", False),
    ],
)
def test_lab_values_from_0_to_a_million_with_up_to_6_decimals(value, ok):
    data = labs_data([lab()])
    data["labs-0-value"] = value
    ed = editor("labs", data)
    assert ed.is_valid() is ok
    if not ok:
        assert "0-value" in errors_of(ed)


def test_a_lab_row_missing_its_unit_or_date_says_so():
    data = labs_data([lab()])
    data["labs-0-unit"] = ""
    data["labs-0-collected_on"] = ""
    errors = errors_of(editor("labs", data))
    assert errors["0-unit"] == ["Choose the unit."]
    assert errors["0-collected_on"] == ["Enter the date."]


def test_blank_rows_are_ignored_and_removed_rows_dropped():
    stored = (lab(), lab(analyte="b12", value=190, unit="pmol/L"))
    data = labs_data(list(stored), stored=2, blank_rows=2)
    data["labs-0-DELETE"] = "on"
    ed = editor("labs", data, value=stored)
    assert ed.is_valid()
    assert ed.cleaned_value() == (stored[1],)


# --- Treatments ----------------------------------------------------------------------------------


def trial(**changes):
    values = {"drug": "duloxetine", "weeks": 12, "response": "none"}
    values.update(changes)
    return f.TreatmentTrial(**values)


@pytest.mark.parametrize("weeks, ok", [(-1, False), (0, True), (520, True), (521, False)])
def test_trial_weeks_from_0_to_520(weeks, ok):
    ed = editor("treatments", treatments_data([trial(weeks=weeks)]))
    assert ed.is_valid() is ok
    if not ok:
        assert errors_of(ed)["0-weeks"] == ["Enter a whole number from 0 to 520."]


def test_fifty_drug_trials_are_taken_and_fifty_one_refused_as_in_the_document():
    fifty = [f.TreatmentTrial("other", 4, "none") for _ in range(50)]
    assert len(value_of("treatments", treatments_data(fifty))) == 50
    ed = editor("treatments", treatments_data([*fifty, fifty[0]]))
    assert not ed.is_valid()
    assert ed.formset.non_form_errors() == ["List at most 50 drugs: remove some rows."]


def test_no_conventional_drug_tried_is_an_empty_but_recorded_history():
    ed = editor("treatments", treatments_data([]))
    assert ed.is_valid()
    assert ed.cleaned_value() == ()


def test_neither_drugs_nor_none_tried_is_refused():
    data = treatments_data([])
    del data["none_tried"]
    assert "List at least one drug" in errors_of(editor("treatments", data))["none_tried"][0]


def test_drugs_listed_with_none_tried_ticked_is_refused():
    data = treatments_data([trial()])
    data["none_tried"] = "on"
    assert "untick this" in errors_of(editor("treatments", data))["none_tried"][0]


def test_a_trial_keeps_dose_and_adverse_effects():
    value = (trial(stopped_for_adverse_effects=True, dose="60 mg"), trial(drug="nsaid"))
    ed = editor("treatments", treatments_data(value))
    assert ed.is_valid()
    assert ed.cleaned_value() == value


# --- Lifestyle -----------------------------------------------------------------------------------

LIFESTYLE_RANGES = [
    ("aerobic_minutes_per_week", 0, 5000, "whole"),
    ("strength_sessions_per_week", 0, 21, "whole"),
    ("psqi_global", 0, 21, "whole"),
    ("isi_total", 0, 28, "whole"),
    ("stop_bang", 0, 8, "whole"),
    ("sleep_hours", 0, 24, "decimal"),
    ("height_cm", 50, 250, "decimal"),
    ("weight_kg", 20, 400, "decimal"),
]


@pytest.mark.parametrize("field, low, high, kind", LIFESTYLE_RANGES)
def test_lifestyle_numbers_accept_their_range_and_refuse_just_outside(field, low, high, kind):
    step = 1 if kind == "whole" else 0.1
    for good in (low, high):
        assert editor("lifestyle", {field: str(good)}).is_valid()
    for bad in (low - step, high + step):
        errors = errors_of(editor("lifestyle", {field: f"{bad:g}"}))
        assert errors[field][0].startswith(f"Enter a {'whole ' if kind == 'whole' else ''}number")


def test_sleep_hours_take_two_decimals_and_height_one():
    assert editor("lifestyle", {"sleep_hours": "6.25"}).is_valid()
    assert "sleep_hours" in errors_of(editor("lifestyle", {"sleep_hours": "6.255"}))
    assert "height_cm" in errors_of(editor("lifestyle", {"height_cm": "165.25"}))


def test_lifestyle_round_trips_with_diets_in_catalogue_order():
    value = f.Lifestyle(
        aerobic_minutes_per_week=30,
        strength_sessions_per_week=0,
        sleep_hours=5.5,
        psqi_global=14,
        stop_bang=2,
        diet_pattern="omnivore",
        diets_tried=("hypocaloric", "low_fodmap"),
        height_cm=165,
        weight_kg=82,
    )
    data = lifestyle_data(value)
    data["diets_tried"] = ["low_fodmap", "hypocaloric"]
    ed = editor("lifestyle", data)
    assert ed.is_valid()
    assert ed.cleaned_value() == value


def test_an_unknown_diet_or_pattern_is_refused():
    errors = errors_of(editor("lifestyle", {"diets_tried": ["keto"], "diet_pattern": "paleo"}))
    assert set(errors) == {"diets_tried", "diet_pattern"}


# --- Gut and hormones ----------------------------------------------------------------------------


def test_gut_defaults_and_values():
    defaults = {
        "microbiome_test": "not_done",
        "sibo_breath_test": "not_done",
        "probiotic_trial": "not_tried",
    }
    assert value_of("gut", defaults) == f.Gut()
    value = value_of(
        "gut",
        {
            "symptoms": ["nausea", "bloating"],
            "rome_iv_ibs": "yes",
            "microbiome_test": "dysbiosis",
            "sibo_breath_test": "positive",
            "probiotic_trial": "partial",
        },
    )
    assert value == f.Gut(("bloating", "nausea"), True, "dysbiosis", "positive", "partial")


def test_rectal_bleeding_is_offered_among_gut_symptoms_and_kept():
    choices = dict(
        EDITORS["gut"](None, value=None, version=0, context=CONTEXT).form.fields["symptoms"].choices
    )
    assert choices["rectal_bleeding"] == "Rectal bleeding"
    data = gut_data(f.Gut(("diarrhoea", "rectal_bleeding")))
    assert value_of("gut", data).symptoms == ("diarrhoea", "rectal_bleeding")


def test_gut_refuses_unknown_codes():
    errors = errors_of(editor("gut", {"symptoms": ["fever"], "microbiome_test": "odd"}))
    assert {"symptoms", "microbiome_test", "sibo_breath_test", "probiotic_trial"} <= set(errors)


def test_hormones_take_each_value_set_or_not_recorded():
    assert value_of("hormones", {}) == f.Hormones()
    chosen = {
        "reproductive_stage": "postpartum",
        "cycle_related_flares": "luteal",
        "hormone_therapy": "hrt",
    }
    assert value_of("hormones", chosen) == f.Hormones("postpartum", "luteal", "hrt")
    assert "reproductive_stage" in errors_of(editor("hormones", {"reproductive_stage": "teen"}))


# --- Mental --------------------------------------------------------------------------------------


def test_phq9_and_gad7_are_scored_item_by_item():
    value = f.Mental(
        phq9_items=(2, 2, 1, 3, 1, 1, 2, 1, 0),
        gad7_items=(1, 2, 1, 1, 0, 2, 1),
        pss10_total=28,
        ace_score=5,
        pc_ptsd5=2,
    )
    ed = editor("mental", mental_data(value))
    assert ed.is_valid()
    assert ed.cleaned_value() == value


def test_a_partly_answered_phq9_is_refused_on_each_missing_item():
    data = {f"phq9_{n}": "1" for n in range(1, 6)}
    ed = editor("mental", data)
    errors = errors_of(ed)
    assert sorted(k for k in errors if k.startswith("phq9")) == [f"phq9_{n}" for n in range(6, 10)]
    assert "PHQ-9 is scored with all 9 items, or none" in errors["phq9_6"][0]
    assert "PHQ-9 is partly answered (5 of 9 items)" in ed.form.non_field_errors()[0]


def test_no_answers_at_all_leave_the_instrument_not_recorded():
    ed = editor("mental", {"pss10_total": "0"})
    assert ed.is_valid()
    assert ed.cleaned_value() == f.Mental(pss10_total=0)


@pytest.mark.parametrize("field, high", [("pss10_total", 40), ("ace_score", 10), ("pc_ptsd5", 5)])
def test_mental_totals_at_and_above_their_maximum(field, high):
    assert editor("mental", {field: str(high)}).is_valid()
    assert errors_of(editor("mental", {field: str(high + 1)}))[field] == [
        f"Enter a whole number from 0 to {high}."
    ]
    assert field in errors_of(editor("mental", {field: "-1"}))


def test_an_item_answer_of_4_is_refused():
    data = {f"gad7_{n}": "1" for n in range(1, 8)}
    data["gad7_7"] = "4"
    assert "gad7_7" in errors_of(editor("mental", data))


def test_the_version_field_is_required():
    ed = EDITORS["hormones"]({}, value=None, version=0, context=CONTEXT)
    assert not ed.is_valid()
    assert "out of date" in ed.form.errors["version"][0]


def test_every_condition_of_the_checklist_is_in_the_grid():
    ed = EDITORS["exclusions"](None, value=None, version=0, context=CONTEXT)
    codes = [form.condition_code for _, _, rows in ed.categories() for form in rows]
    assert codes == list(vocab.CONDITIONS)
