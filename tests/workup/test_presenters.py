"""How recorded numbers read on the pages: one unit, or its spelling for exactly one."""

import pytest

from workup.presenters import NOT_RECORDED, number


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
