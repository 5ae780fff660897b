"""The summary page and the PDF download: who may, what the response carries, what is recorded."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from tests.conftest import sign_in
from tests.patients.factories import make_patient
from tests.summaries.conftest import draft_from

pytestmark = pytest.mark.django_db


def urls(workup, patient_id=None):
    args = [patient_id or workup.patient_id, workup.pk]
    return reverse("summaries:summary", args=args), reverse("summaries:summary_pdf", args=args)


def test_clinicians_and_staff_see_the_summary_and_its_pdf(client, clinician, staff):
    workup = draft_from("first_visit_minimal", clinician=clinician)
    page, download = urls(workup)
    for user in (clinician, staff):
        sign_in(client, user)
        response = client.get(page)
        assert response.status_code == 200
        assert b"Fibromyalgia workup summary" in response.content
        assert client.get(download).status_code == 200


def test_admins_get_403_and_anonymous_users_are_sent_to_log_in(client, clinician, admin_user):
    workup = draft_from("first_visit_minimal", clinician=clinician)
    for url in urls(workup):
        assert client.get(url).status_code == 302
    sign_in(client, admin_user)
    for url in urls(workup):
        assert client.get(url).status_code == 403


def test_a_workup_under_another_patients_id_is_404(clinician_client, clinician):
    workup = draft_from("first_visit_minimal", clinician=clinician)
    other = make_patient()
    for url in urls(workup, patient_id=other.pk):
        assert clinician_client.get(url).status_code == 404
    assert not AuditEvent.objects.filter(action__startswith="summary.").exists()


def test_the_download_is_an_attachment_named_by_mrn_and_visit_date_never_cached(
    clinician_client, clinician
):
    def edit(document):
        document["patient"]["mrn"] = "E0100"

    workup = draft_from("first_visit_minimal", clinician=clinician, edit=edit)
    response = clinician_client.get(urls(workup)[1])
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="summary-E0100-2026-11-20.pdf"'
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Nguyen" not in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF-")


def test_the_file_name_keeps_only_letters_digits_and_hyphens_of_the_mrn():
    import datetime

    from summaries.services import download_filename

    day = datetime.date(2026, 1, 2)
    assert download_filename(mrn='A1"; x=../..\r\n', visit_date=day) == "summary-A1x-2026-01-02.pdf"
    assert download_filename(mrn="", visit_date=day) == "summary-patient-2026-01-02.pdf"


def test_the_screen_page_uses_the_shared_template_without_inline_styles(
    clinician_client, resistant_draft
):
    response = clinician_client.get(urls(resistant_draft)[0])
    html = response.content.decode()
    assert "summary-running-header" in html  # the shared content template
    assert "Rule MENTAL.SUICIDAL_IDEATION" in html
    assert " style=" not in html
    assert "<style" not in html
    assert "<script>" not in html
    assert 'href="' + urls(resistant_draft)[1] + '"' in html
    assert "no-store" in response["Cache-Control"]


def test_each_view_and_download_writes_one_audit_event(clinician_client, clinician):
    workup = draft_from("first_visit_minimal", clinician=clinician)
    page, download = urls(workup)
    clinician_client.get(page)
    clinician_client.get(download)
    events = list(AuditEvent.objects.filter(action__startswith="summary.").order_by("sequence"))
    assert [e.action for e in events] == ["summary.view", "summary.download"]
    for event in events:
        assert event.actor == clinician
        assert event.patient_id == workup.patient_id
        assert event.target_id == str(workup.pk)
    assert events[1].detail["status"] == "draft"
    assert len(events[1].detail["sha256"]) == 64


def test_a_signed_workups_page_and_download_are_recorded_too(client, staff, signed_workup):
    sign_in(client, staff)
    page, download = urls(signed_workup)
    assert client.get(page).status_code == 200
    assert client.get(download).status_code == 200
    actions = list(
        AuditEvent.objects.filter(actor=staff, action__startswith="summary.")
        .order_by("sequence")
        .values_list("action", flat=True)
    )
    assert actions == ["summary.view", "summary.download"]
