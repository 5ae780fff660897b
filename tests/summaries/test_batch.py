"""Batch printing: choosing signed workups, a background job with a lease, one combined PDF."""

import datetime
import io
import time
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from audit.models import AuditEvent
from summaries import jobs
from summaries import services as summary_services
from summaries.models import BatchPrint, BatchPrintStatus, IssuedSummary
from tests.conftest import sign_in
from tests.summaries.conftest import draft_from, sign

pytestmark = pytest.mark.django_db

CLINIC_DAY = datetime.date(2026, 11, 2)


def set_names(family, given, mrn):
    def edit(document):
        document["patient"].update(family_name=family, given_name=given, mrn=mrn)

    return edit


@pytest.fixture
def clinic_day(clinician):
    """Three signed workups on one clinic day (listed by name: Abbott, Baker, Castro) and a
    draft that day."""
    castro = sign(
        draft_from(
            "older_man_inflammatory",
            clinician=clinician,
            visit_date=CLINIC_DAY,
            edit=set_names("Castro", "Luis", "M-0003"),
        ),
        clinician,
    )
    abbott = sign(
        draft_from(
            "spec_example",
            clinician=clinician,
            visit_date=CLINIC_DAY,
            edit=set_names("Abbott", "Ana", "M-0001"),
        ),
        clinician,
    )
    baker = sign(
        draft_from(
            "first_visit_minimal",
            clinician=clinician,
            visit_date=CLINIC_DAY,
            edit=set_names("Baker", "Bo", "M-0002"),
        ),
        clinician,
    )
    draft_from(
        "spec_example",
        clinician=clinician,
        visit_date=CLINIC_DAY,
        edit=set_names("Draft", "Dee", "M-0009"),
    )
    return [abbott, baker, castro]


def start(client, *, mode="all", ticked=()):
    return client.post(
        reverse("summaries:batch_create"),
        {"clinic_date": CLINIC_DAY.isoformat(), "mode": mode, "workup": [w.pk for w in ticked]},
    )


def mrns_in_page_order(data: bytes) -> list[str]:
    """The MRN each page belongs to (from its running header), in page order."""
    import re

    reader = PdfReader(io.BytesIO(data))
    return [
        re.search(r"MRN (M-\d{4})", page.extract_text()).group(1)
        for page in reader.pages
        if page.extract_text().strip()
    ]


def test_the_choice_page_lists_the_signed_workups_of_the_day_by_name(
    staff_client, clinician, clinic_day
):
    sign(
        draft_from(
            "first_visit_minimal",
            clinician=clinician,
            visit_date=CLINIC_DAY - timedelta(days=1),
            edit=set_names("Other", "Day", "M-0010"),
        ),
        clinician,
    )
    response = staff_client.get(reverse("summaries:batch_create"), {"clinic_date": "2026-11-02"})
    html = response.content.decode()
    assert response.status_code == 200
    positions = [html.index(name) for name in ("Abbott, Ana", "Baker, Bo", "Castro, Luis")]
    assert positions == sorted(positions)
    assert "Draft, Dee" not in html
    assert "Other, Day" not in html
    event = AuditEvent.objects.get(action="summary.batch_choose")
    assert event.detail["shown_workup_ids"] == [w.pk for w in clinic_day]


def test_all_signed_of_a_day_print_as_one_pdf_each_patient_once_in_order(
    staff, staff_client, clinic_day
):
    response = start(staff_client)
    job = BatchPrint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("summaries:batch_detail", args=[job.pk])
    assert job.status == BatchPrintStatus.QUEUED
    assert job.workup_ids == [w.pk for w in clinic_day]

    assert jobs.run_pending() == 1
    job.refresh_from_db()
    assert job.status == BatchPrintStatus.DONE
    assert (job.done, job.total, job.attempts) == (3, 3, 1)

    download = staff_client.get(reverse("summaries:batch_download", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "no-store" in download["Cache-Control"]
    assert download["Content-Disposition"].startswith('attachment; filename="summaries-batch-')
    order = mrns_in_page_order(download.content)
    blocks = [m for i, m in enumerate(order) if i == 0 or order[i - 1] != m]
    assert blocks == ["M-0001", "M-0002", "M-0003"]

    reader = PdfReader(io.BytesIO(download.content))
    # One top-level bookmark per summary (each summary's own headings nest under it).
    top = [item for item in reader.outline if not isinstance(item, list)]
    assert [item.title.split(" · ")[1] for item in top] == [
        "MRN M-0001",
        "MRN M-0002",
        "MRN M-0003",
    ]
    # Each summary is exactly its signed copy's pages: no blank page between them.
    expected = sum(
        len(PdfReader(IssuedSummary.objects.get(workup=workup).file).pages) for workup in clinic_day
    )
    assert len(reader.pages) == expected


def test_ticked_workups_print_in_list_order_and_each_once(staff_client, clinic_day):
    abbott, _, castro = clinic_day
    start(staff_client, mode="selected", ticked=[castro, abbott, castro])
    job = BatchPrint.objects.get()
    assert job.workup_ids == [abbott.pk, castro.pk]
    jobs.run_pending()
    data = staff_client.get(reverse("summaries:batch_download", args=[job.pk])).content
    order = mrns_in_page_order(data)
    assert [m for i, m in enumerate(order) if i == 0 or order[i - 1] != m] == ["M-0001", "M-0003"]


def test_starting_and_downloading_are_recorded_with_the_workup_ids(staff, staff_client, clinic_day):
    start(staff_client)
    job = BatchPrint.objects.get()
    started = AuditEvent.objects.get(action="summary.batch_start")
    assert started.actor == staff
    assert started.target_id == str(job.pk)
    assert started.detail["workup_ids"] == [w.pk for w in clinic_day]
    assert started.detail["patient_ids"] == [w.patient_id for w in clinic_day]
    jobs.run_pending()
    staff_client.get(reverse("summaries:batch_download", args=[job.pk]))
    staff_client.get(reverse("summaries:batch_download", args=[job.pk]))
    downloads = AuditEvent.objects.filter(action="summary.batch_download")
    assert downloads.count() == 2
    assert downloads.first().detail["workup_ids"] == job.workup_ids


def test_each_summary_of_a_batch_is_recorded_with_its_patient_when_started_and_downloaded(
    staff, staff_client, clinic_day
):
    abbott, _, castro = clinic_day
    start(staff_client, mode="selected", ticked=[castro, abbott])
    job = BatchPrint.objects.get()
    jobs.run_pending()
    staff_client.get(reverse("summaries:batch_download", args=[job.pk]))
    recorded = [
        (e.action, e.actor, e.target_type, e.target_id, e.patient_id, e.detail)
        for e in AuditEvent.objects.filter(action__startswith="summary.batch_").order_by("sequence")
    ]
    each = [
        ("workup.workup", str(workup.pk), workup.patient_id, {"batch": job.pk})
        for workup in (abbott, castro)
    ]
    assert [row[0] for row in recorded] == [
        "summary.batch_start",
        "summary.batch_queued",
        "summary.batch_queued",
        "summary.batch_download",
        "summary.batch_downloaded",
        "summary.batch_downloaded",
    ]
    assert all(row[1] == staff for row in recorded)
    assert [row[2:] for row in recorded[1:3]] == each
    assert [row[2:] for row in recorded[4:]] == each


def test_the_job_page_shows_progress_and_works_without_javascript(staff_client, clinic_day):
    start(staff_client)
    job = BatchPrint.objects.get()
    page = staff_client.get(reverse("summaries:batch_detail", args=[job.pk]))
    html = page.content.decode()
    assert '<progress id="batch-progress-bar"' in html
    assert "data-batch-refresh" in html and "Refresh</a>" in html
    assert 'http-equiv="refresh"' not in html
    assert "<script>" not in html and " style=" not in html
    status = staff_client.get(reverse("summaries:batch_status", args=[job.pk])).json()
    assert status["status"] == "queued"
    # One step per summary, then one to join them: the bar is full only when the file is.
    assert (status["done"], status["total"], status["summaries"]) == (0, 4, 3)
    assert status["download_url"] == ""

    jobs.run_pending()
    status = staff_client.get(reverse("summaries:batch_status", args=[job.pk])).json()
    assert status["finished"] and status["percent"] == 100
    assert status["download_url"] == reverse("summaries:batch_download", args=[job.pk])


def test_users_see_only_their_own_batches(client, staff, clinician, admin_user, clinic_day):
    sign_in(client, staff)
    start(client)
    job = BatchPrint.objects.get()
    jobs.run_pending()
    names = ("summaries:batch_detail", "summaries:batch_status", "summaries:batch_download")
    sign_in(client, clinician)
    for name in names:
        assert client.get(reverse(name, args=[job.pk])).status_code == 404
    assert (
        f"/summaries/batches/{job.pk}/"
        not in client.get(reverse("summaries:batch_list")).content.decode()
    )
    sign_in(client, admin_user)
    for name in (*names, "summaries:batch_list", "summaries:batch_create"):
        kwargs = {"batch_id": job.pk} if name in names else {}
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 403
    assert client.post(reverse("summaries:batch_create"), {}).status_code == 403


def test_a_batch_not_ready_cannot_be_downloaded(staff_client, clinic_day):
    start(staff_client)
    job = BatchPrint.objects.get()
    assert staff_client.get(reverse("summaries:batch_download", args=[job.pk])).status_code == 404


def test_drafts_and_unknown_ids_cannot_be_batch_printed(staff, clinician):
    from django.core.exceptions import ValidationError

    from summaries.services import batch_print_start

    draft = draft_from("spec_example", clinician=clinician)
    with pytest.raises(ValidationError):
        batch_print_start(actor=staff, workup_ids=[draft.pk])
    with pytest.raises(ValidationError):
        batch_print_start(actor=staff, workup_ids=[987654])
    with pytest.raises(ValidationError):
        batch_print_start(actor=staff, workup_ids=[])


# --- The background job -----------------------------------------------------------------------


def queued_job(user, workups) -> BatchPrint:
    ids = [w.pk for w in workups]
    return BatchPrint.objects.create(requested_by=user, workup_ids=ids, total=len(ids))


def test_a_job_whose_worker_died_is_picked_up_again_when_its_lease_runs_out(staff, clinic_day):
    job = queued_job(staff, clinic_day)
    claimed = jobs.claim("worker-that-dies")
    assert claimed.pk == job.pk and claimed.status == BatchPrintStatus.RUNNING
    # While the lease holds, nobody else takes the job.
    assert jobs.claim("second-worker") is None
    assert jobs.run_one("second-worker") is None

    BatchPrint.objects.filter(pk=job.pk).update(lease_expires_at=timezone.now() - timedelta(1))
    job.refresh_from_db()
    assert jobs.waiting(job)
    finished = jobs.run_one("second-worker")
    assert finished.pk == job.pk
    assert finished.status == BatchPrintStatus.DONE
    assert finished.attempts == 2
    assert finished.result_sha256


# A print worker in a process of its own: it joins the summaries slowly (a second each, with a
# two-second lease) so that it can be killed partway through a batch.
SLOW_WORKER = """
import sys, time
import django
from django.conf import settings
settings.STORAGES["default"]["OPTIONS"]["location"] = sys.argv[1]
settings.SUMMARY_BATCH_LEASE_SECONDS = 2
django.setup()
from django.db import connection
connection.settings_dict["NAME"] = sys.argv[2]
from summaries import issued, jobs
read = issued.signed_summary_bytes
def slowly(**kwargs):
    time.sleep(1)
    return read(**kwargs)
issued.signed_summary_bytes = slowly
jobs.run_one("worker-killed")
"""


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="the in-memory SQLite test database cannot be shared with another process",
)
def test_a_batch_whose_worker_process_was_killed_is_finished_by_another(
    staff, clinic_day, settings
):
    import os
    import subprocess
    import sys

    job = queued_job(staff, clinic_day)
    storage = settings.STORAGES["default"]["OPTIONS"]["location"]
    command = [sys.executable, "-c", SLOW_WORKER, storage, connection.settings_dict["NAME"]]
    environment = os.environ | {"DJANGO_SETTINGS_MODULE": "config.settings.test"}
    worker = subprocess.Popen(command, env=environment, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while BatchPrint.objects.get(pk=job.pk).done < 1 and worker.poll() is None:
            assert time.monotonic() < deadline, "the worker never got going"
            time.sleep(0.05)
    finally:
        worker.kill()  # SIGKILL: no clean-up, the lease stays in the database
        _, errors = worker.communicate(timeout=30)
    job.refresh_from_db()
    assert job.status == BatchPrintStatus.RUNNING, errors.decode()[-2000:]
    assert job.lease_owner == "worker-killed" and 1 <= job.done < 3
    assert not job.result
    # Nobody takes the job while the dead worker's lease holds ...
    assert jobs.claim("survivor") is None
    while timezone.now() <= job.lease_expires_at:
        time.sleep(0.1)
    # ... and the next worker makes the whole batch once it has run out.
    finished = jobs.run_one("survivor")
    assert finished.pk == job.pk and finished.status == BatchPrintStatus.DONE
    assert (finished.done, finished.attempts, finished.lease_owner) == (3, 2, "")
    with finished.result.open("rb") as handle:
        combined = handle.read()
    assert set(mrns_in_page_order(combined)) == {"M-0001", "M-0002", "M-0003"}
    assert mrns_in_page_order(combined) == sorted(mrns_in_page_order(combined))


def test_a_worker_that_lost_its_lease_writes_nothing(staff, clinic_day):
    job = queued_job(staff, clinic_day)
    slow = jobs.claim("slow-worker")
    BatchPrint.objects.filter(pk=job.pk).update(lease_expires_at=timezone.now() - timedelta(1))
    assert jobs.run_one("fast-worker").status == BatchPrintStatus.DONE
    done = BatchPrint.objects.get(pk=job.pk)
    with pytest.raises(jobs.LeaseLost):
        jobs.run(slow, "slow-worker")
    assert BatchPrint.objects.get(pk=job.pk).result == done.result


def test_a_job_is_given_up_after_its_workers_died_too_often(staff, clinic_day):
    job = queued_job(staff, clinic_day)
    for attempt in range(jobs.MAX_ATTEMPTS):
        assert jobs.claim(f"dying-{attempt}").pk == job.pk
        BatchPrint.objects.filter(pk=job.pk).update(lease_expires_at=timezone.now() - timedelta(1))
    assert jobs.claim("another") is None
    job.refresh_from_db()
    assert job.status == BatchPrintStatus.FAILED
    assert "stopped repeatedly" in job.error


def test_a_damaged_signed_copy_fails_the_batch_and_is_recorded(staff, clinic_day):
    issued = IssuedSummary.objects.get(workup=clinic_day[1])
    issued.file.storage.delete(issued.file.name)
    job = jobs.run_one("worker") or None
    assert job is None  # nothing queued yet
    job = queued_job(staff, clinic_day)
    job = jobs.run_one("worker")
    assert job.status == BatchPrintStatus.FAILED
    assert f"workup {clinic_day[1].pk} is missing" in job.error
    assert not job.result
    assert AuditEvent.objects.filter(action="summary.integrity_failed").count() == 1


# Serialized rollback, as every transactional test here: the tables are restored as the
# migrations left them, so the next transactional test starts from the same state.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="the in-memory SQLite test database is not safe to share with a worker thread",
)
def test_starting_a_batch_runs_it_in_a_background_thread(client, staff, settings, clinic_day):
    settings.SUMMARY_BATCH_IN_PROCESS = True
    sign_in(client, staff)
    response = start(client)
    assert response.status_code == 302
    job = BatchPrint.objects.get()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            break
        time.sleep(0.1)
    assert job.status == BatchPrintStatus.DONE, job.error
    while jobs.worker_thread_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not jobs.worker_thread_alive()


def test_the_worker_command_runs_waiting_jobs(staff, clinic_day):
    from io import StringIO

    from django.core.management import call_command

    job = queued_job(staff, clinic_day[:2])
    out = StringIO()
    call_command("run_print_jobs", "--once", stdout=out)
    assert "1 batch print(s) run" in out.getvalue()
    job.refresh_from_db()
    assert job.status == BatchPrintStatus.DONE


def test_a_batch_reads_the_stored_summaries_in_queries_that_do_not_grow_with_its_size(
    staff, clinic_day
):
    from django.test.utils import CaptureQueriesContext

    def queries_of(workups):
        job = queued_job(staff, workups)
        claimed = jobs.claim("counting-worker")
        assert claimed.pk == job.pk
        with CaptureQueriesContext(connection) as captured:
            jobs.run(claimed, "counting-worker")
        assert BatchPrint.objects.get(pk=job.pk).status == BatchPrintStatus.DONE
        sql = [q["sql"] for q in captured.captured_queries]
        issued = [s for s in sql if IssuedSummary._meta.db_table in s]
        renewals = [s for s in sql if s.startswith("UPDATE") and "lease_expires_at" in s]
        return len(sql), len(issued), len(renewals)

    one, three = queries_of(clinic_day[:1]), queries_of(clinic_day)
    assert one[1] == three[1] == 1  # the stored summaries come with the workups
    # Only the lease renewal after each summary (and the final update) is per workup.
    assert three[0] - one[0] == three[2] - one[2] == 2


def test_the_choice_page_names_each_clinician(staff_client, clinic_day):
    response = staff_client.get(reverse("summaries:batch_create"), {"clinic_date": "2026-11-02"})
    assert response.content.decode().count("<td>Ines Rivera</td>") == 3


def test_a_person_is_named_by_full_name_else_user_name(clinician):
    from summaries.sources import person_name
    from tests.conftest import make_user

    assert person_name(clinician) == "Ines Rivera"
    assert person_name(make_user("no_name", None)) == "no_name"
    assert person_name(None) == ""


def test_a_batch_holds_at_most_max_batch_summaries_and_queues_nothing_beyond(staff):
    too_many = list(range(1, summary_services.MAX_BATCH + 2))
    with pytest.raises(ValidationError, match=f"at most {summary_services.MAX_BATCH} summaries"):
        summary_services.batch_print_start(actor=staff, workup_ids=too_many)
    assert not BatchPrint.objects.exists()
