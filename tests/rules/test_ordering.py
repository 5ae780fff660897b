"""Flag order, the output shape, and the evaluation of the realistic fixture documents."""

import json
from datetime import date
from pathlib import Path

import pytest

from tests.rules.builders import complete_workup, items, lab, run, workup
from workup.document import facts_from_document
from workup.rules.facts import Lifestyle, Mental, Pain
from workup.rules.vocab import AREAS, SEVERITIES

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "documents"


def load(name: str):
    doc = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    return facts_from_document(doc, today=date(2026, 11, 24))


def order_key(flag):
    return (SEVERITIES.index(flag.severity), AREAS.index(flag.area), flag.code)


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.json")), ids=lambda p: p.stem)
def test_flags_are_ordered_by_severity_then_area_then_code_and_unique(path):
    evaluation = run(load(path.stem))
    keys = [order_key(f) for f in evaluation.flags]
    assert keys == sorted(keys)
    assert len(evaluation.codes) == len(set(evaluation.codes))


def test_area_order_breaks_severity_ties_before_the_code():
    facts = complete_workup(
        pain=Pain(wpi_areas=("neck",), symptom_duration_months=12),
        labs=(lab("hemoglobin", 10), lab("vitamin_d_25oh", 40), lab("b12", 150)),
        lifestyle=Lifestyle(aerobic_minutes_per_week=0, strength_sessions_per_week=0,
                            diets_tried=("other",)),
        mental=Mental(phq9_items=items(12, 9)),
    )  # fmt: skip
    assert [(f.severity, f.code) for f in run(facts).flags] == [
        ("moderate", "DX.ACR2016_NOT_MET"),
        ("moderate", "EXCL.ANAEMIA"),
        ("moderate", "EXCL.BASELINE_LABS_MISSING"),
        ("moderate", "LIFE.LOW_AEROBIC"),
        ("moderate", "LIFE.NO_STRENGTH"),
        ("moderate", "MICRO.B12_DEFICIENT"),
        ("moderate", "GUT.COELIAC_NOT_TESTED"),
        ("moderate", "MENTAL.DEPRESSION"),
    ]


def test_urgent_comes_first_and_info_last():
    flags = run(load("treatment_resistant_woman")).flags
    assert flags[0].code == "MENTAL.SUICIDAL_IDEATION"
    assert [f.severity for f in flags[-2:]] == ["info", "info"]


# The reviewed evaluation of each fixture document under rule set 2027.1.
EXPECTED = {
    "first_visit_minimal": [
        ("EXCL.INCOMPLETE", "high"),
        ("DX.ACR2016_INCOMPLETE", "moderate"),
        ("EXCL.BASELINE_LABS_MISSING", "moderate"),
        ("EXCL.RED_FLAGS_NOT_ASKED", "moderate"),
        ("TX.NOT_ASSESSED", "low"),
        ("LIFE.NOT_ASSESSED", "low"),
        ("MICRO.NOT_TESTED", "low"),
        ("GUT.NOT_ASSESSED", "low"),
        ("HORM.NOT_ASSESSED", "low"),
        ("MENTAL.NOT_ASSESSED", "low"),
    ],
    "older_man_inflammatory": [
        ("EXCL.ALTERNATIVE_POSSIBLE", "high"),
        ("EXCL.CK_HIGH", "high"),
        ("EXCL.INCOMPLETE", "high"),
        ("EXCL.INFLAMMATION_LAB", "high"),
        ("EXCL.ANAEMIA", "moderate"),
        ("EXCL.BASELINE_LABS_MISSING", "moderate"),
        ("EXCL.COMORBID_CONFIRMED", "moderate"),
        ("EXCL.GLYCAEMIA", "moderate"),
        ("EXCL.RED_FLAGS_NOT_ASKED", "moderate"),
        ("MICRO.IRON_LOW", "moderate"),
        ("GUT.COELIAC_NOT_TESTED", "moderate"),
        ("HORM.TESTOSTERONE_LOW", "moderate"),
        ("EXCL.PENDING", "low"),
        ("LIFE.NOT_ASSESSED", "low"),
        ("MICRO.ZINC_LOW", "low"),
        ("GUT.NOT_ASSESSED", "low"),
        ("MENTAL.NOT_ASSESSED", "low"),
    ],
    "older_woman_new_headache_v2": [
        ("EXCL.GCA_SYMPTOMS", "urgent"),
        ("EXCL.INCOMPLETE", "high"),
        ("EXCL.BASELINE_LABS_MISSING", "moderate"),
        ("EXCL.RED_FLAGS_NOT_ASKED", "moderate"),
        ("EXCL.PENDING", "low"),
        ("TX.NOT_ASSESSED", "low"),
        ("LIFE.NOT_ASSESSED", "low"),
        ("MICRO.NOT_TESTED", "low"),
        ("GUT.NOT_ASSESSED", "low"),
        ("MENTAL.NOT_ASSESSED", "low"),
    ],
    "phq9_total_21_v2": [
        ("MENTAL.SUICIDAL_IDEATION", "urgent"),
        ("EXCL.INCOMPLETE", "high"),
        ("MENTAL.ANXIETY", "high"),
        ("MENTAL.DEPRESSION", "high"),
        ("EXCL.BASELINE_LABS_MISSING", "moderate"),
        ("EXCL.RED_FLAGS_NOT_ASKED", "moderate"),
        ("MENTAL.HIGH_STRESS", "moderate"),
        ("TX.NOT_ASSESSED", "low"),
        ("LIFE.NOT_ASSESSED", "low"),
        ("MICRO.NOT_TESTED", "low"),
        ("GUT.NOT_ASSESSED", "low"),
        ("HORM.NOT_ASSESSED", "low"),
    ],
    "rectal_bleeding_v2": [
        ("EXCL.INCOMPLETE", "high"),
        ("GUT.ALARM_FEATURES", "high"),
        ("DX.ACR2016_INCOMPLETE", "moderate"),
        ("EXCL.ANAEMIA", "moderate"),
        ("EXCL.BASELINE_LABS_MISSING", "moderate"),
        ("EXCL.RED_FLAGS_NOT_ASKED", "moderate"),
        ("GUT.COELIAC_NOT_TESTED", "moderate"),
        ("TX.NOT_ASSESSED", "low"),
        ("LIFE.NOT_ASSESSED", "low"),
        ("MICRO.NOT_TESTED", "low"),
        ("GUT.SYMPTOMS_UNEVALUATED", "low"),
        ("HORM.NOT_ASSESSED", "low"),
        ("MENTAL.NOT_ASSESSED", "low"),
    ],
    "spec_example": [
        ("EXCL.INCOMPLETE", "high"),
        ("DX.ACR2016_NOT_MET", "moderate"),
        ("EXCL.BASELINE_LABS_MISSING", "moderate"),
        ("EXCL.RED_FLAGS_NOT_ASKED", "moderate"),
        ("LIFE.LOW_AEROBIC", "moderate"),
        ("LIFE.NO_STRENGTH", "moderate"),
        ("LIFE.OBESITY", "moderate"),
        ("LIFE.POOR_SLEEP", "moderate"),
        ("GUT.COELIAC_NOT_TESTED", "moderate"),
        ("GUT.IBS", "moderate"),
        ("HORM.TRANSITION", "moderate"),
        ("MENTAL.DEPRESSION", "moderate"),
        ("MENTAL.HIGH_STRESS", "moderate"),
        ("MENTAL.TRAUMA", "moderate"),
        ("MICRO.NOT_TESTED", "low"),
        ("HORM.CYCLE_FLARES", "low"),
        ("MENTAL.ANXIETY", "low"),
        ("GUT.DYSBIOSIS", "info"),
    ],
    "spec_example_v2": [
        ("EXCL.INCOMPLETE", "high"),
        ("DX.ACR2016_NOT_MET", "moderate"),
        ("EXCL.BASELINE_LABS_MISSING", "moderate"),
        ("EXCL.RED_FLAGS_NOT_ASKED", "moderate"),
        ("LIFE.LOW_AEROBIC", "moderate"),
        ("LIFE.NO_STRENGTH", "moderate"),
        ("LIFE.OBESITY", "moderate"),
        ("LIFE.POOR_SLEEP", "moderate"),
        ("GUT.COELIAC_NOT_TESTED", "moderate"),
        ("GUT.IBS", "moderate"),
        ("HORM.TRANSITION", "moderate"),
        ("MENTAL.DEPRESSION", "moderate"),
        ("MENTAL.HIGH_STRESS", "moderate"),
        ("MENTAL.TRAUMA", "moderate"),
        ("EXCL.PENDING", "low"),
        ("MICRO.NOT_TESTED", "low"),
        ("HORM.CYCLE_FLARES", "low"),
        ("MENTAL.ANXIETY", "low"),
        ("GUT.DYSBIOSIS", "info"),
    ],
    "statin_patient_pending_ck_v2": [
        ("EXCL.INCOMPLETE", "high"),
        ("EXCL.BASELINE_LABS_MISSING", "moderate"),
        ("TX.NO_ADEQUATE_TRIAL", "moderate"),
        ("EXCL.PENDING", "low"),
        ("LIFE.NOT_ASSESSED", "low"),
        ("MICRO.NOT_TESTED", "low"),
        ("GUT.NOT_ASSESSED", "low"),
        ("HORM.NOT_ASSESSED", "low"),
        ("MENTAL.NOT_ASSESSED", "low"),
    ],
    "treatment_resistant_woman": [
        ("MENTAL.SUICIDAL_IDEATION", "urgent"),
        ("EXCL.ALTERNATIVE_POSSIBLE", "high"),
        ("EXCL.INCOMPLETE", "high"),
        ("LIFE.OSA_RISK", "high"),
        ("GUT.ALARM_FEATURES", "high"),
        ("MENTAL.DEPRESSION", "high"),
        ("EXCL.RED_FLAGS_NOT_ASKED", "moderate"),
        ("LIFE.LOW_AEROBIC", "moderate"),
        ("LIFE.NO_STRENGTH", "moderate"),
        ("LIFE.OBESITY", "moderate"),
        ("LIFE.POOR_SLEEP", "moderate"),
        ("MICRO.IRON_LOW", "moderate"),
        ("MICRO.VITAMIN_D_DEFICIENT", "moderate"),
        ("GUT.COELIAC_NOT_TESTED", "moderate"),
        ("GUT.IBS", "moderate"),
        ("GUT.SIBO", "moderate"),
        ("MENTAL.ANXIETY", "moderate"),
        ("MENTAL.TRAUMA", "moderate"),
        ("EXCL.ANA_LOW_TITRE", "low"),
        ("MICRO.ABSORPTION_CONCERN", "low"),
        ("MICRO.B12_BORDERLINE", "low"),
        ("MICRO.MAGNESIUM_LOW_NORMAL", "low"),
        ("TX.TREATMENT_RESISTANT", "info"),
        ("LIFE.DIET_NOT_ADDRESSED", "info"),
    ],
    "young_woman_safety_alert": [
        ("MENTAL.SUICIDAL_IDEATION", "urgent"),
        ("EXCL.INCOMPLETE", "high"),
        ("DX.ACR2016_INCOMPLETE", "moderate"),
        ("EXCL.BASELINE_LABS_MISSING", "moderate"),
        ("EXCL.RED_FLAGS_NOT_ASKED", "moderate"),
        ("MICRO.FOLATE_LOW", "moderate"),
        ("MICRO.VITAMIN_D_DEFICIENT", "moderate"),
        ("HORM.TRANSITION", "moderate"),
        ("MENTAL.ANXIETY", "moderate"),
        ("MENTAL.HIGH_STRESS", "moderate"),
        ("MENTAL.TRAUMA", "moderate"),
        ("TX.NOT_ASSESSED", "low"),
        ("LIFE.POOR_SLEEP", "low"),
        ("MICRO.MAGNESIUM_LOW_NORMAL", "low"),
        ("GUT.SYMPTOMS_UNEVALUATED", "low"),
        ("HORM.CYCLE_FLARES", "low"),
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_documents_evaluate_to_the_reviewed_flags(name):
    assert [(f.code, f.severity) for f in run(load(name)).flags] == EXPECTED[name]


def test_spec_example_criteria_completeness_and_scores():
    out = run(load("spec_example")).as_dict()
    assert out["criteria"]["acr2016"] == {
        "status": "not_met", "wpi": 4, "sss": 9, "fs": 13, "fs_band": "severe", "regions": 3,
        "generalized_pain": False, "duration_ok": True,
    }  # fmt: skip
    assert out["completeness"] == {
        "pain": True, "exclusions": False, "treatments": True, "lifestyle": True,
        "micronutrients": False, "gut": True, "hormones": True, "mental": True,
    }  # fmt: skip
    assert out["scores"]["phq9"] == {"total": 13, "band": "moderate"}
    assert out["scores"]["gad7"] == {"total": 8, "band": "mild"}


def test_output_shape_matches_the_contract():
    out = run(load("treatment_resistant_woman")).as_dict()
    assert list(out) == ["rule_set", "criteria", "scores", "completeness", "flags"]
    assert out["rule_set"] == "2027.1"
    assert list(out["completeness"]) == list(AREAS)
    assert list(out["criteria"]["acr2016"]) == [
        "status", "wpi", "sss", "fs", "fs_band", "regions", "generalized_pain", "duration_ok",
    ]  # fmt: skip
    for flag in out["flags"]:
        assert list(flag) == [
            "code", "area", "severity", "action", "title", "because", "recommendation",
            "evidence",
        ]  # fmt: skip
        assert flag["action"] in ("recommend", "consider")
        for e in flag["evidence"]:
            assert list(e) == ["source", "tier", "summary"]
    assert json.loads(json.dumps(out)) == out


def test_evaluation_is_pure_and_repeatable():
    facts = load("older_man_inflammatory")
    assert run(facts) == run(facts)
    assert run(facts).as_dict() == run(facts).as_dict()


def test_empty_workup_flags_every_area_as_not_assessed():
    completeness = run(workup()).as_dict()["completeness"]
    assert completeness == dict.fromkeys(AREAS, False)


def test_the_complete_workup_raises_no_flag_and_is_complete():
    evaluation = run(complete_workup())
    assert evaluation.flags == ()
    assert evaluation.as_dict()["completeness"] == dict.fromkeys(AREAS, True)
