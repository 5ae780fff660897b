"""What one search box entry means: a date of birth, an MRN or part of a name (no database)."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from patients.search import (
    PatientSearch,
    SearchError,
    SearchKind,
    normalise_name,
    parse_search,
    search_name_for,
    sort_name_for,
)


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("José", "jose"),
        ("JOSÉ", "jose"),
        ("  Ana   María  ", "ana maria"),
        ("Ødegaard", "odegaard"),
        ("Łukasz Wiśniewska", "lukasz wisniewska"),
        ("Straße", "strasse"),
        ("Nguyễn", "nguyen"),
        ("Y\u0131lmaz", "yilmaz"),
        ("O'Connor", "o'connor"),
    ],
)
def test_names_are_normalised_without_case_accents_or_extra_spaces(typed, normalised):
    assert normalise_name(typed) == normalised


def test_search_name_is_given_then_family_and_sort_name_family_then_given():
    assert search_name_for("Inês", "Gonçalves") == "ines goncalves"
    assert sort_name_for("Inês", "Gonçalves") == "goncalves ines"


LETTERS = st.sampled_from(list("abcdefghijklmnopqrstuvwxyzáéíóúàèäöüçñãõâêîôûøåæłśźżčřšžđ"))


@given(name=st.text(LETTERS, min_size=3, max_size=20), data=st.data())
def test_any_piece_of_a_name_is_found_in_its_normalised_form(name, data):
    start = data.draw(st.integers(0, len(name) - 1))
    end = data.draw(st.integers(start + 1, len(name)))
    typed = data.draw(st.sampled_from([name[start:end], name[start:end].upper()]))
    assert normalise_name(typed) in normalise_name(name.capitalize())


@pytest.mark.parametrize("typed", ["1978-04-02", "02/04/1978", "2/4/1978", " 1978-04-02 "])
def test_a_date_of_birth_is_accepted_in_iso_or_day_first_form(typed):
    assert parse_search(typed) == PatientSearch(
        kind=SearchKind.DATE_OF_BIRTH, date_of_birth=datetime.date(1978, 4, 2)
    )


@pytest.mark.parametrize("typed", ["2000-02-30", "31/04/2000", "00/01/2000", "1978-13-01"])
def test_a_date_that_does_not_exist_is_refused_with_a_message(typed):
    with pytest.raises(SearchError, match="not a real date"):
        parse_search(typed)


@pytest.mark.parametrize("typed", ["A1001", "a-1001", "42", "X1"])
def test_an_entry_with_digits_is_an_exact_mrn_search_of_any_length(typed):
    assert parse_search(typed) == PatientSearch(kind=SearchKind.MRN, mrn=typed)


def test_an_entry_of_letters_searches_names_and_an_mrn_of_the_same_letters():
    assert parse_search("Silv") == PatientSearch(kind=SearchKind.NAME, name="silv", mrn="Silv")
    assert parse_search("Ana Silva") == PatientSearch(kind=SearchKind.NAME, name="ana silva")


@pytest.mark.parametrize("typed", ["ab", "Jó", "  x  ", "a b"])
def test_fewer_than_three_characters_of_a_name_are_refused_with_a_message(typed):
    with pytest.raises(SearchError, match="at least 3 letters"):
        parse_search(typed)


def test_an_empty_entry_is_refused():
    with pytest.raises(SearchError, match="Type a name"):
        parse_search("   ")


def test_digits_mixed_with_other_characters_are_refused_rather_than_guessed():
    with pytest.raises(SearchError, match="Not a name, an MRN"):
        parse_search("Ana 1978")
