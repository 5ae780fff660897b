"""The workup with its sections is planned with its joins as written, on PostgreSQL, and only
while it is read: the setting never outlives the block, whether it ends well or not."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tests.patients.factories import make_patient
from tests.workup.factories import make_workup
from workup.selectors import joins_as_written

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only"),
]


def join_collapse_limit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW join_collapse_limit")
        return cursor.fetchone()[0]


def test_joins_are_planned_as_written_inside_the_block_only():
    default = join_collapse_limit()
    assert default != "1"
    with joins_as_written():
        assert join_collapse_limit() == "1"
    assert join_collapse_limit() == default


def test_the_setting_ends_with_the_block_inside_a_longer_transaction():
    default = join_collapse_limit()
    with transaction.atomic():
        with joins_as_written():
            assert join_collapse_limit() == "1"
        assert join_collapse_limit() == default


def test_the_setting_ends_with_a_block_left_by_an_error():
    default = join_collapse_limit()
    with transaction.atomic():
        with pytest.raises(LookupError), joins_as_written():
            raise LookupError
        assert join_collapse_limit() == default


def test_a_workup_page_reads_the_workup_with_joins_as_written(clinician_client, clinician):
    workup = make_workup(patient=make_patient(), clinician=clinician)
    with CaptureQueriesContext(connection) as captured:
        response = clinician_client.get(workup.get_absolute_url())
    assert response.status_code == 200
    statements = [query["sql"] for query in captured]
    setting = statements.index("SET LOCAL join_collapse_limit = 1")
    assert "workup_painassessment" in statements[setting + 1]
    assert "SET LOCAL join_collapse_limit TO DEFAULT" in statements[setting + 2 :]
    assert join_collapse_limit() != "1"
