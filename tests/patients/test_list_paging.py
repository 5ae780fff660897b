"""Pages of the patient list walked by key: forward and back in every order, boundaries, empty
results, ids only in the links, and the same queries per page at any size of practice."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from patients import paging, selectors
from patients.models import Patient
from patients.search import parse_search
from tests.patients.factories import make_patient

pytestmark = pytest.mark.django_db
LIST = reverse("patients:list")
SORTS = ["name", "-name", "dob", "-dob", "last_visit", "-last_visit"]


def many_patients(count, clinician, *, start=0, family="Family"):
    """Patients sharing dates and names in small groups, some never seen, so every order
    has ties that only the later columns (and the id) break."""
    Patient.objects.bulk_create(
        Patient(
            mrn=f"P{number}",
            given_name=f"Given{chr(65 + number % 3)}",
            family_name=f"{family}{number % 7:02d}",
            date_of_birth=datetime.date(1980, 1, 1) + datetime.timedelta(days=number % 5),
            sex_at_birth="female",
            primary_clinician=clinician,
            last_visit_on=None
            if number % 4 == 0
            else datetime.date(2026, 1, 1) + datetime.timedelta(days=number % 3),
        )
        for number in range(start, start + count)
    )


def ids_of(response):
    return [patient.pk for patient in response.context["page"]]


def links_of(response):
    return response.context["page_links"]


def search(client, typed):
    assert client.post(LIST, {"query": typed}).status_code == 302


@pytest.mark.parametrize("sort", SORTS)
def test_walking_forward_then_back_shows_every_patient_once_in_the_list_order(
    clinician_client, clinician, monkeypatch, sort
):
    monkeypatch.setattr(paging, "PAGE_SIZE", 7)
    many_patients(30, clinician)
    expected = list(selectors.patient_list(sort=sort).values_list("pk", flat=True))

    pages = []
    response = clinician_client.get(LIST, {"sort": sort})
    while True:
        pages.append(ids_of(response))
        if links_of(response)["next"] is None:
            break
        response = clinician_client.get(links_of(response)["next"])
    assert [pk for page in pages for pk in page] == expected
    assert [len(page) for page in pages] == [7, 7, 7, 7, 2]

    back = []
    while links_of(response)["previous"] is not None:
        response = clinician_client.get(links_of(response)["previous"])
        back.append(ids_of(response))
    assert back == pages[-2::-1]
    assert response.context["page"].first and links_of(response)["first"] is None


@pytest.mark.parametrize("sort", SORTS)
def test_a_name_search_pages_the_same_way_with_few_or_many_matches(
    clinician_client, clinician, monkeypatch, sort
):
    """Few matches are sorted; many are read off the order's index: the pages are the same."""
    monkeypatch.setattr(paging, "PAGE_SIZE", 6)
    many_patients(20, clinician)
    many_patients(10, clinician, start=100, family="Other")
    search(clinician_client, "family")
    expected = list(
        selectors.patient_list(search=parse_search("family"), sort=sort).values_list(
            "pk", flat=True
        )
    )
    assert len(expected) == 20
    for count_up_to in (1000, 5):
        monkeypatch.setattr(paging, "COUNT_UP_TO", count_up_to)
        seen = []
        response = clinician_client.get(LIST, {"sort": sort})
        while True:
            seen += ids_of(response)
            url = links_of(response)["next"]
            if url is None:
                break
            response = clinician_client.get(url)
        assert seen == expected, count_up_to


def test_a_full_last_page_has_no_next_page(clinician_client, clinician, monkeypatch):
    monkeypatch.setattr(paging, "PAGE_SIZE", 5)
    many_patients(10, clinician)
    first = clinician_client.get(LIST)
    second = clinician_client.get(links_of(first)["next"])
    assert len(ids_of(second)) == 5
    assert links_of(second)["next"] is None
    assert links_of(second)["previous"] is not None
    assert links_of(second)["first"] == LIST


def test_one_page_of_patients_has_no_page_links(clinician_client, clinician, monkeypatch):
    monkeypatch.setattr(paging, "PAGE_SIZE", 5)
    many_patients(5, clinician)
    response = clinician_client.get(LIST)
    assert links_of(response) == {"first": None, "previous": None, "next": None}
    assert 'aria-label="Pages of patients"' not in response.content.decode()


def test_a_search_without_matches_is_an_empty_page_without_links(clinician_client, clinician):
    many_patients(5, clinician)
    search(clinician_client, "nobody")
    response = clinician_client.get(LIST)
    assert ids_of(response) == []
    assert links_of(response) == {"first": None, "previous": None, "next": None}
    assert "No patients match your search." in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"after": "abc"},
        {"after": "-1"},
        {"after": "0"},
        {"before": "99999999"},
        {"after": "1" * 40},
        {"after": ""},
        {"page": "3"},
    ],
)
def test_a_key_that_names_no_patient_shows_the_first_page(
    clinician_client, clinician, monkeypatch, params
):
    monkeypatch.setattr(paging, "PAGE_SIZE", 5)
    many_patients(12, clinician)
    first = ids_of(clinician_client.get(LIST))
    response = clinician_client.get(LIST, params)
    assert response.status_code == 200
    assert ids_of(response) == first


def test_a_page_past_the_end_of_the_list_shows_the_first_page(
    clinician_client, clinician, monkeypatch
):
    monkeypatch.setattr(paging, "PAGE_SIZE", 5)
    many_patients(12, clinician)
    last = selectors.patient_list().last()
    response = clinician_client.get(LIST, {"after": last.pk})
    assert ids_of(response) == ids_of(clinician_client.get(LIST))


def test_the_links_carry_ids_only_never_the_search(clinician_client, clinician, monkeypatch):
    monkeypatch.setattr(paging, "PAGE_SIZE", 5)
    many_patients(12, clinician)
    search(clinician_client, "Family")
    first = clinician_client.get(LIST + "?sort=-dob")
    second = clinician_client.get(links_of(first)["next"])
    html = second.content.decode()
    urls = re.findall(r'(?:href|action)="([^"]*)"', html)
    page_urls = [url for url in urls if "after=" in url or "before=" in url]
    assert len(page_urls) == 2
    for url in urls:
        assert "family" not in url.lower(), url
        assert "given" not in url.lower(), url
    assert re.fullmatch(r"/patients/\?sort=-dob&after=\d+", links_of(first)["next"])


def test_counting_stops_at_its_limit(clinician_client, clinician, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_UP_TO", 10)
    many_patients(11, clinician)
    search(clinician_client, "family")
    response = clinician_client.get(LIST)
    assert response.context["page"].count == paging.PatientCount(10, more=True)
    assert "Patients matching your search:\n      more than 10." in response.content.decode()
    monkeypatch.setattr(paging, "COUNT_UP_TO", 11)
    assert clinician_client.get(LIST).context["page"].count == paging.PatientCount(11)


@pytest.mark.parametrize(
    ("status", "found"), [(selectors.ListStatus.ACTIVE, 0), (selectors.ListStatus.ARCHIVED, 1)]
)
def test_a_search_by_mrn_shows_its_one_patient_without_counting_apart(clinician, status, found):
    many_patients(30, clinician)
    Patient.objects.filter(mrn="P7").update(is_active=False)
    with CaptureQueriesContext(connection) as captured:
        page = paging.patient_page(search=parse_search("p7"), sort="name", status=status)
    assert [patient.mrn for patient in page] == ["P7"] * found
    assert page.count == paging.PatientCount(found)
    assert page.first and page.next_after is None and page.previous_before is None
    assert len(captured) == 1 and "COUNT(" not in captured[0]["sql"]


def queries_for(client, params) -> int:
    client.get(LIST, params)  # warm: session, permissions
    with CaptureQueriesContext(connection) as captured:
        response = client.get(LIST, params)
    assert response.status_code == 200 and len(response.context["page"]) == paging.PAGE_SIZE
    return len(captured)


@pytest.mark.parametrize("searching", [None, "family"])
@pytest.mark.parametrize("sort", ["name", "-dob", "-last_visit"])
def test_a_page_costs_the_same_queries_with_ten_times_the_patients(
    clinician_client, clinician, other_clinician, sort, searching
):
    if searching:
        search(clinician_client, searching)
    many_patients(60, clinician)
    small = clinician_client.get(LIST, {"sort": sort})
    middle = {"sort": sort, "after": links_of(small)["next"].rsplit("=", 1)[1]}
    small_counts = (
        queries_for(clinician_client, {"sort": sort}),
        queries_for(clinician_client, middle),
    )

    many_patients(540, other_clinician, start=60)
    large_counts = (
        queries_for(clinician_client, {"sort": sort}),
        queries_for(clinician_client, middle),
    )
    assert large_counts == small_counts
    assert small_counts[1] == small_counts[0] + 1  # the key's row


def test_the_first_page_is_audited_as_page_one_and_later_pages_by_what_they_showed(
    clinician_client, clinician, monkeypatch
):
    from audit import actions
    from audit.models import AuditEvent

    monkeypatch.setattr(paging, "PAGE_SIZE", 5)
    many_patients(7, clinician)
    first = clinician_client.get(LIST)
    second = clinician_client.get(links_of(first)["next"])
    events = list(AuditEvent.objects.filter(action=actions.PATIENT_SEARCH).order_by("pk"))
    assert [event.detail.get("page") for event in events] == [1, None]
    assert events[1].detail["shown"] == ids_of(second)
    assert events[1].detail["results"] == 7


def test_the_list_still_needs_the_permission_to_view_patients(client, admin_user):
    from tests.conftest import sign_in

    make_patient(given_name="Ana", family_name="Silva")
    assert sign_in(client, admin_user).get(LIST, {"after": "1"}).status_code == 403


def _page_query_plan(**page) -> str:
    with CaptureQueriesContext(connection) as captured:
        paging.patient_page(status=selectors.ListStatus.ACTIVE, **page)
    (sql,) = [q["sql"] for q in captured if f"LIMIT {paging.PAGE_SIZE + 1}" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
@pytest.mark.parametrize("sort", SORTS)
def test_on_postgresql_every_order_is_read_off_an_index_at_any_depth(clinician, monkeypatch, sort):
    """No page sorts the patients it skips: a page deep into the list costs what the first
    costs. A name search with many matches in date order walks the index the same way."""
    many_patients(2000, clinician)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE patients_patient")
    middle = selectors.patient_list(sort=sort).values_list("pk", flat=True)[1000]
    for after in (None, str(middle)):
        plan = _page_query_plan(search=None, sort=sort, after=after)
        assert "Sort Key" not in plan, plan
    if sort not in ("name", "-name"):
        monkeypatch.setattr(paging, "COUNT_UP_TO", 100)
        plan = _page_query_plan(search=parse_search("family"), sort=sort, after=str(middle))
        assert "Sort Key" not in plan and "trgm" not in plan, plan
