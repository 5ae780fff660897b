"""Finding patients: one search box (sent by POST, kept in the session), whitelisted sorting,
keyset pagination (tests/patients/test_list_paging.py)."""

import datetime
import re

import pytest
from django.urls import reverse

from patients.forms import practice_search
from tests.patients.factories import make_patient

pytestmark = pytest.mark.django_db
LIST = reverse("patients:list")


def search(client, typed, *, url=LIST):
    """Search as the page does: POST, then follow the redirect to the results."""
    response = client.post(url, {"query": typed})
    assert response.status_code == 302, response.content.decode()[:500]
    return client.get(response["Location"])


def names_on(response):
    return [patient.full_name for patient in response.context["page"]]


@pytest.fixture
def people(db):
    return {
        "jose": make_patient(
            given_name="José",
            family_name="Pereira",
            mrn="A1001",
            date_of_birth=datetime.date(1961, 7, 1),
        ),
        "jose_caps": make_patient(
            given_name="JOSÉ",
            family_name="Santos",
            mrn="A1002",
            date_of_birth=datetime.date(1962, 8, 2),
        ),
        "jose_plain": make_patient(
            given_name="Jose",
            family_name="Lima",
            mrn="B2001",
            date_of_birth=datetime.date(1963, 9, 3),
        ),
        "ana": make_patient(
            given_name="Ana",
            family_name="Silva",
            mrn="C3001",
            date_of_birth=datetime.date(1978, 4, 2),
        ),
        "zoe": make_patient(
            given_name="Zoë",
            family_name="Ødegaard",
            mrn="D4001",
            date_of_birth=datetime.date(1990, 12, 31),
        ),
    }


def test_the_list_shows_patients_by_family_name_ignoring_accents(clinician_client, people):
    response = clinician_client.get(LIST)
    assert response.status_code == 200
    assert names_on(response) == [
        "Jose Lima",
        "Zoë Ødegaard",
        "José Pereira",
        "JOSÉ Santos",
        "Ana Silva",
    ]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ilv", {"Ana Silva"}),  # any part of the family name
        ("na sil", {"Ana Silva"}),  # across given and family name
        ("ana silva", {"Ana Silva"}),
        ("SILVA", {"Ana Silva"}),
        ("jose", {"José Pereira", "JOSÉ Santos", "Jose Lima"}),  # accents ignored one way
        ("JOSÉ", {"José Pereira", "JOSÉ Santos", "Jose Lima"}),  # and the other
        ("odeg", {"Zoë Ødegaard"}),
        ("zoe", {"Zoë Ødegaard"}),
        ("xyz", set()),
    ],
)
def test_name_search_finds_any_part_ignoring_case_and_accents(
    clinician_client, people, typed, expected
):
    assert set(names_on(search(clinician_client, typed))) == expected


@pytest.mark.parametrize("typed", ["a1001", "A1001", " A1001 "])
def test_mrn_search_is_exact_and_ignores_case(clinician_client, people, typed):
    assert names_on(search(clinician_client, typed)) == ["José Pereira"]


def test_mrn_search_does_not_match_part_of_an_mrn(clinician_client, people):
    assert names_on(search(clinician_client, "A100")) == []


def test_an_mrn_of_letters_only_is_found_by_the_same_box(clinician_client, people):
    make_patient(given_name="Ben", family_name="Stone", mrn="XYZABC")
    assert names_on(search(clinician_client, "xyzabc")) == ["Ben Stone"]


@pytest.mark.parametrize(
    "typed", ["2 Apr 1978", "02 apr 1978", "2 April 1978", "1978-04-02", "02/04/1978", "2/4/1978"]
)
def test_date_of_birth_search_takes_the_practice_format_iso_and_day_first(
    clinician_client, people, typed
):
    assert names_on(search(clinician_client, typed)) == ["Ana Silva"]


@pytest.mark.parametrize(
    ("practice_format", "typed", "expected"),
    [
        ("m/d/Y", "04/02/1978", datetime.date(1978, 4, 2)),
        ("m/d/Y", "1978-04-02", datetime.date(1978, 4, 2)),
        ("d/m/Y", "02/04/1978", datetime.date(1978, 4, 2)),
        ("Y-m-d", "1978-04-02", datetime.date(1978, 4, 2)),
        ("j M Y", "2 Apr 1978", datetime.date(1978, 4, 2)),
    ],
)
def test_a_slashed_date_of_birth_is_read_in_the_practices_order(
    settings, practice_format, typed, expected
):
    settings.PRACTICE_DATE_FORMAT = practice_format
    assert practice_search(typed).date_of_birth == expected


@pytest.mark.parametrize("typed", ["31 Feb 1978", "2 Foo 1978", "31/02/1978", "1978-02-31"])
def test_a_date_shaped_entry_that_is_no_real_date_says_how_to_type_one(
    clinician_client, people, typed
):
    html = clinician_client.post(LIST, {"query": typed}).content.decode()
    assert "is not a real date: type it as 3 Dec 2026 or YYYY-MM-DD." in html


def test_the_search_help_names_the_practice_date_format(clinician_client, settings):
    settings.PRACTICE_DATE_FORMAT = "d/m/Y"
    html = clinician_client.get(LIST).content.decode()
    assert "a date of birth as 03/12/2026 or YYYY-MM-DD." in html


@pytest.mark.parametrize("typed", ["ab", "Jó"])
def test_fewer_than_three_letters_are_refused_with_a_message(clinician_client, people, typed):
    response = clinician_client.post(LIST, {"query": typed})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Type at least 3 letters of a name" in html
    assert 'aria-invalid="true"' in html
    assert f'value="{typed}"' in html  # what was typed stays in the box
    assert "patients.search" not in clinician_client.session


def test_clearing_the_search_lists_everyone_again(clinician_client, people):
    search(clinician_client, "silva")
    response = clinician_client.post(LIST, {"clear": "1", "query": "silva"})
    assert response.status_code == 302
    assert len(names_on(clinician_client.get(response["Location"]))) == 5


def test_the_search_is_kept_while_paging_and_sorting(clinician_client, people):
    search(clinician_client, "jose")
    response = clinician_client.get(LIST + "?sort=-name&page=1")
    assert set(names_on(response)) == {"José Pereira", "JOSÉ Santos", "Jose Lima"}


def test_the_searched_name_never_appears_in_a_url(clinician_client, people):
    typed = "Pereira"
    first = clinician_client.post(LIST + "?sort=-dob&status=all", {"query": typed})
    assert typed.lower() not in first["Location"].lower()
    response = clinician_client.get(first["Location"])
    html = response.content.decode()
    urls = re.findall(r'(?:href|action|src)="([^"]*)"', html)
    assert urls
    for url in urls:
        assert "pereira" not in url.lower(), url
        assert "jos" not in url.lower(), url
    assert f'value="{typed}"' in html  # shown in the box, in the page body only


# --- Sorting ---------------------------------------------------------------------------------


@pytest.fixture
def visits(db):
    return [
        make_patient(
            given_name="Ana",
            family_name="Costa",
            date_of_birth=datetime.date(1980, 1, 1),
            last_visit_on=datetime.date(2026, 1, 10),
        ),
        make_patient(
            given_name="Bia",
            family_name="Alves",
            date_of_birth=datetime.date(1970, 1, 1),
            last_visit_on=None,
        ),
        make_patient(
            given_name="Cai",
            family_name="Braga",
            date_of_birth=datetime.date(1990, 1, 1),
            last_visit_on=datetime.date(2025, 5, 5),
        ),
    ]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["Bia Alves", "Cai Braga", "Ana Costa"]),
        ("-name", ["Ana Costa", "Cai Braga", "Bia Alves"]),
        ("dob", ["Bia Alves", "Ana Costa", "Cai Braga"]),
        ("-dob", ["Cai Braga", "Ana Costa", "Bia Alves"]),
        ("last_visit", ["Cai Braga", "Ana Costa", "Bia Alves"]),  # never seen: last
        ("-last_visit", ["Ana Costa", "Cai Braga", "Bia Alves"]),  # never seen: last
    ],
)
def test_the_list_sorts_by_the_whitelisted_keys(clinician_client, visits, sort, expected):
    assert names_on(clinician_client.get(LIST, {"sort": sort})) == expected


@pytest.mark.parametrize(
    "sort",
    ["password", "-id", "mrn", "search_name", "primary_clinician__password", "name; DROP", "", "?"],
)
def test_an_unknown_sort_key_is_ignored(clinician_client, visits, sort):
    response = clinician_client.get(LIST, {"sort": sort})
    assert response.status_code == 200
    assert response.context["sort"] == "name"
    assert names_on(response) == ["Bia Alves", "Cai Braga", "Ana Costa"]


def test_sort_links_say_which_column_is_sorted_and_how(clinician_client, visits):
    html = clinician_client.get(LIST, {"sort": "-dob"}).content.decode()
    assert 'aria-sort="descending"><a href="/patients/?sort=dob">Date of birth' in html
    assert 'aria-sort="none"><a href="/patients/">Name' in html


# --- Archived patients ------------------------------------------------------------------------


def test_archived_patients_are_hidden_unless_asked_for(clinician_client):
    make_patient(given_name="Ana", family_name="Active")
    make_patient(given_name="Ana", family_name="Archived", is_active=False)
    assert names_on(clinician_client.get(LIST)) == ["Ana Active"]
    assert names_on(clinician_client.get(LIST, {"status": "archived"})) == ["Ana Archived"]
    assert names_on(clinician_client.get(LIST, {"status": "all"})) == ["Ana Active", "Ana Archived"]
    assert names_on(clinician_client.get(LIST, {"status": "deleted"})) == ["Ana Active"]


def test_a_search_covers_archived_patients_only_when_asked(clinician_client):
    make_patient(given_name="Ana", family_name="Archived", is_active=False)
    assert names_on(search(clinician_client, "archived")) == []
    response = clinician_client.get(LIST, {"status": "all"})
    assert names_on(response) == ["Ana Archived"]
    assert "Archived</span>" in response.content.decode()


@pytest.mark.parametrize("sort", ["name", "-name", "dob", "-dob", "last_visit", "-last_visit"])
def test_a_name_search_orders_its_results_exactly_like_the_list(clinician_client, sort):
    for given, family, born, visit in [
        ("Ana", "Carlson", datetime.date(1980, 1, 1), datetime.date(2026, 1, 10)),
        ("Bia", "Anderson", datetime.date(1970, 1, 1), None),
        ("Cai", "Sönnet", datetime.date(1990, 1, 1), datetime.date(2025, 5, 5)),
        ("Dan", "Sonnet", datetime.date(1990, 1, 1), None),
    ]:
        make_patient(given_name=given, family_name=family, date_of_birth=born, last_visit_on=visit)
    listed = names_on(clinician_client.get(LIST, {"sort": sort}))
    search(clinician_client, "son")
    assert names_on(clinician_client.get(LIST, {"sort": sort})) == listed
