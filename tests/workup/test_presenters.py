"""How recorded numbers and codes read on the pages: one unit, or its spelling for exactly one;
codes in words; lists of names; the label of a flag's recommendation; the open look-alikes and
the pending tests, as the rules compute them."""

import datetime

import pytest

from tests.rules.builders import all_ruled_out, lab, pending
from workup.presenters import (
    NOT_RECORDED,
    acr_box,
    action_label,
    micronutrient_markers,
    number,
    pending_tests,
    uncounted_drug_classes,
    word_list,
    words,
)
from workup.rules import vocab
from workup.rules.catalogue.exclusions import open_required
from workup.rules.facts import ExclusionFinding
from workup.rules.labs import open_pending


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, "0 sessions a week"), (1, "1 session a week"), (2, "2 sessions a week")],
)
def test_a_count_of_one_reads_in_the_singular(value, expected):
    assert number(value, "sessions a week", "session a week") == expected


def test_a_unit_without_a_singular_spelling_is_kept_and_a_missing_value_says_so():
    assert number(1, "cm") == "1 cm"
    assert number(7) == "7"
    assert number(None, "months", "month") == NOT_RECORDED


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("not_done", "not done"),
        ("not_tried", "not tried"),
        ("no_response", "no response"),
        ("not_applicable", "not applicable"),
        ("hrt", "HRT"),
        ("", NOT_RECORDED),
        (None, NOT_RECORDED),
    ],
)
def test_codes_read_as_words(code, expected):
    assert words(code) == expected


def test_lists_of_names_end_with_and_or_or():
    assert word_list([]) == ""
    assert word_list(["a"]) == "a"
    assert word_list(["a", "b"]) == "a and b"
    assert word_list(["a", "b", "c"], "or") == "a, b or c"


def test_the_micronutrient_markers_and_uncounted_drugs_come_from_the_rules_vocabulary():
    assert micronutrient_markers() == (
        "25-OH vitamin D, vitamin B12, ferritin, serum magnesium or RBC magnesium"
    )
    assert uncounted_drug_classes() == "NSAIDs and SSRIs"


# --- The label of a flag's recommendation --------------------------------------------------------


def flag(action=None, *tiers):
    raw = {"code": "X.Y", "evidence": [{"source": "S", "tier": t} for t in tiers]}
    if action is not None:
        raw["action"] = action
    return raw


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (flag("recommend", "E"), "Recommendation"),
        (flag("recommend", "D", "E"), "Recommendation"),
        (flag("recommend", "A"), "Recommendation"),
        (flag("consider", "A"), "To consider and discuss"),
        (flag("consider", "C", "D"), "To consider and discuss"),
    ],
)
def test_the_label_follows_the_action_alone_whatever_the_evidence(raw, expected):
    assert action_label(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (flag(None, "E"), "To consider and discuss (evidence tier D/E only)"),
        (flag(None, "D", "-"), "To consider and discuss (evidence tier D/E only)"),
        (flag(None, "D", "C"), "Recommendation"),
        (flag(None, "-"), "Recommendation"),
        (flag(None), "Recommendation"),
    ],
)
def test_a_flag_frozen_under_2026_1_keeps_the_label_its_evidence_gave_it(raw, expected):
    assert action_label(raw) == expected


# --- The ACR box counts the open look-alikes; pending tests ---------------------------------------

ACR_INCOMPLETE = {"status": "incomplete"}


def test_the_acr_box_says_how_many_required_look_alikes_are_still_open():
    nothing = open_required({})
    box = acr_box(ACR_INCOMPLETE, open_required=nothing)
    assert box.open_text == "14 of 14 required look-alike conditions still open"
    assert "rheumatoid arthritis" in box.open_conditions

    findings = {f.condition: f for f in all_ruled_out()}
    findings["sleep_apnoea"] = ExclusionFinding("sleep_apnoea", "pending")
    box = acr_box(ACR_INCOMPLETE, open_required=open_required(findings))
    assert box.open_text == "1 of 14 required look-alike conditions still open"
    assert box.open_conditions == (vocab.CONDITION_LABELS["sleep_apnoea"],)

    settled = {f.condition: f for f in all_ruled_out()}
    settled = acr_box(ACR_INCOMPLETE, open_required=open_required(settled))
    assert settled.open_text == "0 of 14 required look-alike conditions still open"


def test_the_acr_box_leaves_the_count_out_when_not_given():
    assert acr_box(ACR_INCOMPLETE).open_text == ""


def test_pending_tests_are_the_analytes_whose_latest_row_is_pending_with_the_order_date():
    labs = (
        pending("tsh", on="2026-11-10"),
        pending("ck", on="2026-11-01"),
        lab("ck", 120, on="2026-11-05"),  # the CK came back
        lab("crp", 2, on="2026-11-01"),
        pending("ttg_iga", on="2026-11-12"),
    )
    tests = pending_tests(open_pending(labs))
    assert [(t.label, t.ordered_on) for t in tests] == [
        ("TSH", datetime.date(2026, 11, 10)),
        ("tTG-IgA", datetime.date(2026, 11, 12)),
    ]
