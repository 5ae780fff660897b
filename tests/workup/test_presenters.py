"""How recorded numbers and codes read on the pages: one unit, or its spelling for exactly one;
codes in words; lists of names."""

import pytest

from workup.presenters import (
    NOT_RECORDED,
    micronutrient_markers,
    number,
    uncounted_drug_classes,
    word_list,
    words,
)


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
