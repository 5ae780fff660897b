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
        ("moderate", "LIFE.LOW_AEROBIC"),
        ("moderate", "LIFE.NO_STRENGTH"),
        ("moderate", "MICRO.B12_DEFICIENT"),
        ("moderate", "MENTAL.DEPRESSION"),
    ]


def test_urgent_comes_first_and_info_last():
    flags = run(load("treatment_resistant_woman")).flags
    assert flags[0].code == "MENTAL.SUICIDAL_IDEATION"
    assert [f.severity for f in flags[-2:]] == ["info", "info"]


EXPECTED = {
    "spec_example": [
        ("EXCL.INCOMPLETE", "high"),
        ("DX.ACR2016_NOT_MET", "moderate"),
        ("LIFE.LOW_AEROBIC", "moderate"),
        ("LIFE.NO_STRENGTH", "moderate"),
        ("LIFE.OBESITY", "moderate"),
        ("LIFE.POOR_SLEEP", "moderate"),
        ("LIFE.SHORT_SLEEP", "moderate"),
        ("GUT.DYSBIOSIS", "moderate"),
        ("GUT.IBS", "moderate"),
        ("HORM.CYCLE_FLARES", "moderate"),
        ("HORM.TRANSITION", "moderate"),
        ("MENTAL.DEPRESSION", "moderate"),
        ("MENTAL.HIGH_STRESS", "moderate"),
        ("MENTAL.TRAUMA", "moderate"),
        ("MICRO.NOT_TESTED", "low"),
        ("MENTAL.ANXIETY", "low"),
    ],
    "treatment_resistant_woman": [
        ("MENTAL.SUICIDAL_IDEATION", "urgent"),
        ("EXCL.ALTERNATIVE_POSSIBLE", "high"),
        ("LIFE.OSA_RISK", "high"),
        ("MENTAL.DEPRESSION", "high"),
        ("LIFE.LOW_AEROBIC", "moderate"),
        ("LIFE.NO_STRENGTH", "moderate"),
        ("LIFE.OBESITY", "moderate"),
        ("LIFE.POOR_SLEEP", "moderate"),
        ("LIFE.SHORT_SLEEP", "moderate"),
        ("MICRO.IRON_LOW", "moderate"),
        ("MICRO.VITAMIN_D_DEFICIENT", "moderate"),
        ("GUT.IBS", "moderate"),
        ("GUT.SIBO", "moderate"),
        ("MENTAL.ANXIETY", "moderate"),
        ("MENTAL.TRAUMA", "moderate"),
        ("EXCL.ANA_LOW_TITRE", "low"),
        ("LIFE.DIET_NOT_ADDRESSED", "low"),
        ("MICRO.B12_BORDERLINE", "low"),
        ("MICRO.MAGNESIUM_LOW_NORMAL", "low"),
        ("TX.TREATMENT_RESISTANT", "info"),
        ("MICRO.ABSORPTION_CONCERN", "info"),
    ],
    "older_man_inflammatory": [
        ("EXCL.ALTERNATIVE_POSSIBLE", "high"),
        ("EXCL.CK_HIGH", "high"),
        ("EXCL.INCOMPLETE", "high"),
        ("EXCL.INFLAMMATION_LAB", "high"),
        ("EXCL.ANAEMIA", "moderate"),
        ("EXCL.COMORBID_CONFIRMED", "moderate"),
        ("EXCL.GLYCAEMIA", "moderate"),
        ("TX.NO_ADEQUATE_TRIAL", "moderate"),
        ("MICRO.IRON_LOW", "moderate"),
        ("HORM.TESTOSTERONE_LOW", "moderate"),
        ("LIFE.NOT_ASSESSED", "low"),
        ("MICRO.ZINC_LOW", "low"),
        ("GUT.NOT_ASSESSED", "low"),
        ("MENTAL.NOT_ASSESSED", "low"),
    ],
    "young_woman_safety_alert": [
        ("MENTAL.SUICIDAL_IDEATION", "urgent"),
        ("EXCL.INCOMPLETE", "high"),
        ("DX.ACR2016_INCOMPLETE", "moderate"),
        ("MICRO.FOLATE_LOW", "moderate"),
        ("MICRO.VITAMIN_D_DEFICIENT", "moderate"),
        ("HORM.CYCLE_FLARES", "moderate"),
        ("HORM.TRANSITION", "moderate"),
        ("MENTAL.ANXIETY", "moderate"),
        ("MENTAL.HIGH_STRESS", "moderate"),
        ("MENTAL.TRAUMA", "moderate"),
        ("TX.NOT_ASSESSED", "low"),
        ("LIFE.POOR_SLEEP", "low"),
        ("MICRO.MAGNESIUM_LOW_NORMAL", "low"),
        ("GUT.SYMPTOMS_UNEVALUATED", "low"),
    ],
    "first_visit_minimal": [
        ("EXCL.INCOMPLETE", "high"),
        ("DX.ACR2016_INCOMPLETE", "moderate"),
        ("TX.NOT_ASSESSED", "low"),
        ("LIFE.NOT_ASSESSED", "low"),
        ("MICRO.NOT_TESTED", "low"),
        ("GUT.NOT_ASSESSED", "low"),
        ("HORM.NOT_ASSESSED", "low"),
        ("MENTAL.NOT_ASSESSED", "low"),
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
    assert out["rule_set"] == "2026.1"
    assert list(out["completeness"]) == list(AREAS)
    assert list(out["criteria"]["acr2016"]) == [
        "status", "wpi", "sss", "fs", "fs_band", "regions", "generalized_pain", "duration_ok",
    ]  # fmt: skip
    for flag in out["flags"]:
        assert list(flag) == [
            "code", "area", "severity", "title", "because", "recommendation", "evidence",
        ]  # fmt: skip
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
