"""MENTAL rules: the item 9 safety alert, depression, anxiety, stress and trauma."""

import pytest

from tests.rules.builders import complete_workup, items, medication, run, severity
from workup.rules.facts import Mental


def phq9_with_item9(answer: int, others_total: int) -> tuple[int, ...]:
    return (*items(others_total, 8), answer)


@pytest.mark.parametrize(
    ("answer", "expected"), [(0, None), (1, "urgent"), (2, "urgent"), (3, "urgent")]
)
def test_phq9_item_9_above_zero_is_urgent_whatever_the_total(answer, expected):
    facts = complete_workup(mental=Mental(phq9_items=phq9_with_item9(answer, 0)))
    assert severity(facts, "MENTAL.SUICIDAL_IDEATION") == expected


def test_item_9_of_1_with_total_1_is_urgent_and_not_depression():
    facts = complete_workup(mental=Mental(phq9_items=phq9_with_item9(1, 0)))
    evaluation = run(facts)
    assert evaluation.flags[0].code == "MENTAL.SUICIDAL_IDEATION"
    assert evaluation.flags[0].severity == "urgent"
    assert "MENTAL.DEPRESSION" not in evaluation.codes
    assert evaluation.as_dict()["scores"]["phq9"] == {"total": 1, "band": "minimal"}


@pytest.mark.parametrize(
    ("total", "expected"),
    [(4, None), (5, "low"), (9, "low"), (10, "moderate"), (14, "moderate"), (15, "high"),
     (20, "high"), (27, "high")],
)  # fmt: skip
def test_depression_severity_by_phq9_total(total, expected):
    facts = complete_workup(mental=Mental(phq9_items=items(total, 9)))
    assert severity(facts, "MENTAL.DEPRESSION") == expected


@pytest.mark.parametrize(
    ("total", "expected"),
    [(4, None), (5, "low"), (9, "low"), (10, "moderate"), (14, "moderate"), (15, "high"),
     (21, "high")],
)  # fmt: skip
def test_anxiety_severity_by_gad7_total(total, expected):
    facts = complete_workup(mental=Mental(gad7_items=items(total, 7)))
    assert severity(facts, "MENTAL.ANXIETY") == expected


@pytest.mark.parametrize(("total", "expected"), [(26, None), (27, "moderate"), (28, "moderate")])
def test_high_stress_from_pss10_27(total, expected):
    assert severity(complete_workup(mental=Mental(pss10_total=total)), "MENTAL.HIGH_STRESS") == (
        expected
    )


@pytest.mark.parametrize(
    ("ace", "ptsd", "expected"),
    [(3, 2, None), (4, 2, "moderate"), (5, None, "moderate"), (None, 3, "moderate"),
     (3, 3, "moderate"), (0, 2, None), (None, None, None)],
)  # fmt: skip
def test_trauma_from_ace_4_or_pc_ptsd5_3(ace, ptsd, expected):
    facts = complete_workup(mental=Mental(ace_score=ace, pc_ptsd5=ptsd))
    assert severity(facts, "MENTAL.TRAUMA") == expected


def test_absent_mental_section_is_not_assessed():
    evaluation = run(complete_workup(mental=None))
    assert [f.code for f in evaluation.flags if f.area == "mental"] == ["MENTAL.NOT_ASSESSED"]
    assert evaluation.completeness.mental is False


def test_present_mental_section_with_nothing_recorded_raises_nothing():
    evaluation = run(complete_workup(mental=Mental()))
    assert not [f for f in evaluation.flags if f.area == "mental"]
    assert evaluation.completeness.mental is True


def test_mental_texts_state_score_and_band():
    facts = complete_workup(mental=Mental(phq9_items=items(16, 9), gad7_items=items(7, 7)))
    evaluation = run(facts)
    assert "PHQ-9 total 16" in evaluation.flag("MENTAL.DEPRESSION").because
    assert "moderately severe" in evaluation.flag("MENTAL.DEPRESSION").because
    assert "GAD-7 total 7" in evaluation.flag("MENTAL.ANXIETY").because


def test_mood_flags_state_the_band_limits_that_placed_the_score():
    facts = complete_workup(mental=Mental(phq9_items=items(16, 9), gad7_items=items(17, 7)))
    evaluation = run(facts)
    assert "moderately severe band (15-19)" in evaluation.flag("MENTAL.DEPRESSION").because
    assert "severe band (15-21)" in evaluation.flag("MENTAL.ANXIETY").because


def test_screening_evidence_names_its_source_as_the_specification_does():
    facts = complete_workup(mental=Mental(phq9_items=items(12, 9)))
    sources = [e.source for e in run(facts).flag("MENTAL.DEPRESSION").evidence]
    assert sources[0] == "Kroenke 2001"


def test_moderate_mood_recommendations_read_as_plain_english():
    facts = complete_workup(mental=Mental(phq9_items=items(12, 9), gad7_items=items(12, 7)))
    evaluation = run(facts)
    assert "Assess for a depressive disorder" in evaluation.flag("MENTAL.DEPRESSION").recommendation
    assert "Assess for an anxiety disorder" in evaluation.flag("MENTAL.ANXIETY").recommendation


def test_high_stress_text_states_the_total():
    facts = complete_workup(mental=Mental(pss10_total=27))
    assert run(facts).flag("MENTAL.HIGH_STRESS").because == (
        "PSS-10 total 27 of 40 is 27 or more (high perceived stress)."
    )


# --- PHQ-9 and GAD-7 entered as totals (a paper form) --------------------------------------------


def phq9_total(total: int, item9: int) -> Mental:
    return Mental(phq9_total=total, phq9_item9=item9)


@pytest.mark.parametrize(
    ("total", "item9", "depression", "urgent"),
    [
        (14, 0, "moderate", None),
        (14, 1, "moderate", "urgent"),
        (15, 0, "high", None),
        (15, 1, "high", "urgent"),
        (16, 0, "high", None),
        (16, 1, "high", "urgent"),
        (19, 0, "high", None),
        (19, 1, "high", "urgent"),
        (20, 0, "high", None),
        (20, 1, "high", "urgent"),
        (21, 0, "high", None),
        (21, 3, "high", "urgent"),
        (4, 0, None, None),
        (1, 1, None, "urgent"),
    ],
)
def test_phq9_totals_and_items_give_the_same_flags(total, item9, depression, urgent):
    as_total = complete_workup(mental=phq9_total(total, item9))
    as_items = complete_workup(mental=Mental(phq9_items=phq9_with_item9(item9, total - item9)))
    for facts in (as_total, as_items):
        assert severity(facts, "MENTAL.DEPRESSION") == depression
        assert severity(facts, "MENTAL.SUICIDAL_IDEATION") == urgent
    assert run(as_total).flag("MENTAL.DEPRESSION") == run(as_items).flag("MENTAL.DEPRESSION")


@pytest.mark.parametrize("total", [4, 5, 9, 10, 14, 15, 21])
def test_gad7_total_gives_the_same_flag_as_items(total):
    as_total = run(complete_workup(mental=Mental(gad7_total=total))).flag("MENTAL.ANXIETY")
    as_items = run(complete_workup(mental=Mental(gad7_items=items(total, 7)))).flag(
        "MENTAL.ANXIETY"
    )
    assert as_total == as_items


@pytest.mark.parametrize(
    ("total", "prompt", "expedited"),
    [
        (14, False, False),
        (15, True, False),
        (16, True, False),
        (19, True, False),
        (20, True, True),
        (21, True, True),
    ],
)
def test_depression_from_15_starts_treatment_promptly_and_from_20_refers(total, prompt, expedited):
    flag = run(complete_workup(mental=phq9_total(total, 0))).flag("MENTAL.DEPRESSION")
    text = flag.recommendation
    assert ("start treatment promptly: drug and/or psychotherapy" in text) is prompt
    assert ("NICE NG222" in text) is True
    assert ("expedited referral to mental-health services" in text) is expedited
    if total >= 15:
        assert "weak" not in text.lower()
        assert "weak" not in " ".join(e.summary.lower() for e in flag.evidence)


def test_depression_cites_the_screen_and_nice_ng222():
    flag = run(complete_workup(mental=phq9_total(16, 0))).flag("MENTAL.DEPRESSION")
    assert [(e.source.split(" ")[0], e.tier) for e in flag.evidence] == [
        ("Kroenke", "-"),
        ("NICE", "A"),
    ]


# --- The item 9 safety alert: what to ask, and the means to review -------------------------------


def suicide_flag(**overrides):
    facts = complete_workup(mental=phq9_total(6, 1), **overrides)
    return run(facts).flag("MENTAL.SUICIDAL_IDEATION")


def test_item9_text_asks_today_and_follows_the_crisis_pathway():
    flag = suicide_flag()
    text = flag.recommendation
    assert "ask today about intent, plans, means and recent self-harm" in text
    assert "by phone the same day when the form is scored after the visit" in text
    assert "follow the local crisis pathway before the patient leaves" in text
    assert "limit quantities supplied" in text
    assert "scored 1 (several days)" in flag.because
    assert [e.source.split(" ")[0] for e in flag.evidence] == ["Kroenke", "Zalsman"]


def test_item9_names_each_recorded_medicine_that_can_be_taken_in_overdose():
    meds = (
        medication("amitriptyline", "tricyclic", "10 mg"),
        medication("atorvastatin", "statin"),
        medication("tramadol", "opioid"),
        medication("diazepam", "benzodiazepine"),
        medication("zopiclone", "z_drug"),
        medication("pregabalin", "gabapentinoid"),
        medication("sertraline", "ssri"),
    )
    text = suicide_flag(medications=meds).recommendation
    for name in ("amitriptyline", "tramadol", "diazepam", "zopiclone", "pregabalin"):
        assert name in text
    assert "atorvastatin" not in text and "sertraline" not in text
    assert "ask about medicines at home" not in text


def test_item9_without_a_medication_list_names_the_usual_means():
    text = suicide_flag(medications=None).recommendation
    assert "prescribed tricyclics, opioids (including tramadol) and sedatives" in text


@pytest.mark.parametrize(
    "meds", [(), (medication("atorvastatin", "statin"), medication("sertraline", "ssri"))]
)
def test_item9_with_no_such_medicine_recorded_asks_about_medicines_at_home(meds):
    text = suicide_flag(medications=meds).recommendation
    assert "no tricyclic, opioid or sedative is recorded: ask about medicines at home" in text
    assert "prescribed tricyclics" not in text


# --- Trauma --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ace", "ptsd", "title"),
    [
        (4, 2, "High adverse childhood experience score"),
        (None, 3, "Positive PTSD screen"),
        (6, 4, "High adverse childhood experience score and positive PTSD screen"),
    ],
)
def test_trauma_title_names_the_positive_screen_never_a_trauma_history(ace, ptsd, title):
    flag = run(complete_workup(mental=Mental(ace_score=ace, pc_ptsd5=ptsd))).flag("MENTAL.TRAUMA")
    assert flag.title == title
    assert "Trauma history" not in flag.title
    assert "assess for PTSD" in flag.recommendation
    assert "trauma-informed" in flag.recommendation


def test_complete_workup_raises_no_mental_flag():
    assert not [f for f in run(complete_workup()).flags if f.area == "mental"]


@pytest.mark.parametrize(
    ("reported", "expected"), [(None, None), (0, None), (1, "urgent"), (3, "urgent")]
)
def test_a_patients_unreviewed_item_9_above_zero_is_urgent_without_a_mental_section(
    reported, expected
):
    facts = complete_workup(mental=None, patient_reported_phq9_item9=reported)
    assert severity(facts, "MENTAL.SUICIDAL_IDEATION") == expected


def test_the_because_says_when_the_answer_is_the_patients_own_and_not_yet_reviewed():
    facts = complete_workup(
        mental=Mental(phq9_items=phq9_with_item9(0, 3)), patient_reported_phq9_item9=2
    )
    flag = next(f for f in run(facts).flags if f.code == "MENTAL.SUICIDAL_IDEATION")
    assert "answered by the patient in the questionnaire before the visit" in flag.because
    assert "2 (more than half the days)" in flag.because
    assert "MENTAL.DEPRESSION" not in run(facts).codes  # the section's total of 3 stands


def test_a_recorded_item_9_at_least_as_high_reads_as_the_recorded_score():
    facts = complete_workup(
        mental=Mental(phq9_items=phq9_with_item9(2, 0)), patient_reported_phq9_item9=1
    )
    flag = next(f for f in run(facts).flags if f.code == "MENTAL.SUICIDAL_IDEATION")
    assert "is scored 2 (more than half the days)" in flag.because
