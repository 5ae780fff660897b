"""The name trigrams (PostgreSQL): kept in step with the register by every kind of write, and
walked for a page of a common name search in name order, with the same pages as sorting."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext

from patients import name_walk, paging, selectors
from patients.models import Patient
from patients.search import parse_search
from tests.patients.factories import make_patient

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only"),
]


def trigrams_of(name):
    return {name[i : i + 3] for i in range(len(name) - 2)}


def stored_trigrams():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT patient_id, trigram, sort_name, search_name, is_active "
            "FROM patients_name_trigram"
        )
        rows = cursor.fetchall()
    assert len(rows) == len(set(rows)), "a trigram is stored twice for one patient"
    return set(rows)


def expected_trigrams():
    return {
        (patient.pk, trigram, patient.sort_name, patient.search_name, patient.is_active)
        for patient in Patient.objects.all()
        for trigram in trigrams_of(patient.search_name)
    }


def new_patient(number, given="Ana", family="Silva", **fields):
    return Patient(
        mrn=f"T{number}",
        given_name=given,
        family_name=family,
        date_of_birth=datetime.date(1980, 1, 1),
        sex_at_birth="female",
        **fields,
    )


def test_a_registered_patient_has_each_trigram_of_the_searched_name_once():
    patient = make_patient(given_name="Ana", family_name="Santana")
    assert patient.search_name == "ana santana"
    assert {row[1] for row in stored_trigrams()} == trigrams_of("ana santana")
    assert stored_trigrams() == expected_trigrams()


def test_bulk_inserts_renames_archiving_and_deletes_keep_the_trigrams_in_step():
    Patient.objects.bulk_create(new_patient(n, family=f"Family{n}") for n in range(5))
    assert stored_trigrams() == expected_trigrams()

    renamed = Patient.objects.get(mrn="T1")
    renamed.family_name = "Ødegaard"
    renamed.save()
    Patient.objects.filter(mrn="T2").update(is_active=False)
    Patient.objects.filter(mrn="T3").update(last_visit_on=datetime.date(2026, 1, 1))
    assert stored_trigrams() == expected_trigrams()
    assert not any("family1" in row[3] for row in stored_trigrams())

    Patient.objects.filter(mrn="T4").delete()
    assert stored_trigrams() == expected_trigrams()
    assert not any(row[0] == renamed.pk + 3 for row in stored_trigrams())


def test_demo_patients_written_by_copy_have_their_trigrams():
    from patients.demo import demo_patients_create

    demo_patients_create(count=200)
    assert stored_trigrams() == expected_trigrams()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_emptying_the_register_empties_the_trigrams():
    Patient.objects.bulk_create(new_patient(n) for n in range(3))
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE patients_patient CASCADE")
    assert stored_trigrams() == set()


def test_the_walk_starts_from_the_least_common_trigram_of_the_search():
    Patient.objects.bulk_create(new_patient(n, family="Smith") for n in range(60))
    Patient.objects.bulk_create(new_patient(100 + n, family="Smithers") for n in range(4))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE patients_name_trigram")
    name_walk.common_trigram_shares.cache_clear()
    assert name_walk.least_common_trigram("smithe") == "the"
    assert name_walk.least_common_trigram("nobody") == "nob"  # none is common: the first


@pytest.mark.parametrize(
    ("matches", "count"),
    [(4, paging.PatientCount(4)), (5, paging.PatientCount(5)), (6, paging.PatientCount(5, True))],
)
def test_a_common_name_counts_as_more_from_the_trigrams_and_exactly_below(
    monkeypatch, matches, count
):
    monkeypatch.setattr(paging, "COUNT_UP_TO", 5)
    Patient.objects.bulk_create(new_patient(n, family="Moreira") for n in range(matches))
    Patient.objects.bulk_create(new_patient(50 + n, family="Pereira") for n in range(9))
    search = parse_search("moreira")
    assert name_walk.has_more_than(search, 5, is_active=True) == (matches > 5)
    assert paging.patient_count(search, selectors.ListStatus.ACTIVE) == count


def test_matches_too_sparse_among_the_trigrams_rows_are_counted_instead(monkeypatch):
    """Thirty rows of "eir" come first (in the index and in the table) before six matches:
    more rows than SCAN_RATIO per match needed."""
    monkeypatch.setattr(name_walk, "SCAN_RATIO", 2)
    Patient.objects.bulk_create(new_patient(n, family="Pereira") for n in range(30))
    Patient.objects.bulk_create(new_patient(50 + n, family="Zeirado") for n in range(6))
    search = parse_search("zeirad")
    monkeypatch.setattr(name_walk, "least_common_trigram", lambda name: "eir")
    assert not name_walk.has_more_than(search, 5, is_active=None)
    monkeypatch.setattr(paging, "COUNT_UP_TO", 5)
    assert paging.patient_count(search, selectors.ListStatus.ALL) == paging.PatientCount(5, True)


@pytest.mark.parametrize("sort", ["name", "-name"])
@pytest.mark.parametrize("status", list(selectors.ListStatus))
def test_a_common_name_search_walks_the_trigrams_with_the_pages_sorting_gives(
    monkeypatch, clinician, sort, status
):
    monkeypatch.setattr(paging, "PAGE_SIZE", 4)
    names = ["Ana Silva", "Silvana Costa", "Ana Silveira", "Bruno Silva", "Silvia Lopes"]
    Patient.objects.bulk_create(
        new_patient(n, *names[n % 5].split(), is_active=n % 6 != 0) for n in range(23)
    )
    Patient.objects.bulk_create([new_patient(99, "Other", "Person")])
    Patient.objects.filter(mrn="T99").update(mrn="SILV")  # found by MRN, typed exactly
    search = parse_search("silv")
    expected = list(
        selectors.patient_list(search=search, sort=sort, status=status).values_list("pk", flat=True)
    )
    assert Patient.objects.get(mrn="SILV").pk in expected or status == "archived"

    def pages(count_up_to):
        monkeypatch.setattr(paging, "COUNT_UP_TO", count_up_to)
        forward, after = [], None
        with CaptureQueriesContext(connection) as queries:
            while True:
                page = paging.patient_page(search=search, sort=sort, status=status, after=after)
                forward.append([patient.pk for patient in page])
                if page.next_after is None:
                    break
                after = str(page.next_after)
        backward = [forward[-1]]
        while page.previous_before is not None:
            before = str(page.previous_before)
            page = paging.patient_page(search=search, sort=sort, status=status, before=before)
            backward.append([patient.pk for patient in page])
        walk = f"SELECT patient_id FROM {name_walk.TABLE}"  # noqa: S608 - looked for, not run
        walked = any(walk in query["sql"] for query in queries.captured_queries)
        return forward, backward[::-1], walked

    sorted_pages, sorted_back, sorted_walked = pages(1000)
    walked_pages, walked_back, walked = pages(3)
    assert [pk for page in walked_pages for pk in page] == expected
    assert walked_pages == sorted_pages
    assert walked_back == walked_pages and sorted_back == sorted_pages
    assert not sorted_walked
    assert walked == (status != selectors.ListStatus.ARCHIVED)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_goes_back_and_forth_filling_the_trigrams_of_registered_patients():
    Patient.objects.bulk_create(new_patient(n, family=f"Costa{n}") for n in range(4))
    try:
        MigrationExecutor(connection).migrate([("patients", "0005_list_order_indexes")])
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass('patients_name_trigram')")
            assert cursor.fetchone() == (None,)
        Patient.objects.bulk_create([new_patient(9, family="Added")])  # no trigger any more
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert stored_trigrams() == expected_trigrams()
    assert len({row[0] for row in stored_trigrams()}) == 5
