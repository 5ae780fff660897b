"""Signing stores the summary PDF; every download of a signed workup returns exactly those
bytes, whatever later happens to the rules; a damaged copy is refused, never re-rendered."""

import dataclasses
import hashlib

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from summaries import services
from summaries.models import IssuedSummary
from tests.summaries.conftest import draft_from, sign
from workup.adapters import workup_facts
from workup.models import Workup
from workup.rules import evaluate as evaluate_module
from workup.rules.catalogue import RULES

pytestmark = pytest.mark.django_db


def pdf_url(workup):
    return reverse("summaries:summary_pdf", args=[workup.patient_id, workup.pk])


def test_signing_stores_the_summary_with_its_sha256_privately(
    clinician, clinician_client, signed_workup, settings
):
    issued = IssuedSummary.objects.get(workup=signed_workup)
    data = issued.file.read()
    assert data.startswith(b"%PDF-")
    assert hashlib.sha256(data).hexdigest() == issued.sha256
    assert issued.size == len(data)
    assert issued.issued_by == clinician
    # In the private storage, outside the static files, and never served by a URL of its own.
    location = str(settings.STORAGES["default"]["OPTIONS"]["location"])
    assert issued.file.path.startswith(location)
    assert not issued.file.path.startswith(str(settings.STATIC_ROOT))
    for url in (f"/{issued.file.name}", f"/media/{issued.file.name}", issued.file.url):
        assert clinician_client.get(url).status_code == 404
    assert AuditEvent.objects.filter(
        action="summary.issue", target_id=str(signed_workup.pk)
    ).exists()


def test_downloads_of_a_signed_summary_are_the_stored_bytes_every_time(
    clinician_client, signed_workup
):
    stored = IssuedSummary.objects.get(workup=signed_workup).file.read()
    first = clinician_client.get(pdf_url(signed_workup))
    second = clinician_client.get(pdf_url(signed_workup))
    assert first.status_code == 200
    assert first.content == stored
    assert second.content == stored


def test_a_rule_change_after_signing_does_not_change_the_download(
    clinician, clinician_client, signed_workup, monkeypatch
):
    before = clinician_client.get(pdf_url(signed_workup)).content
    reworded = tuple(
        dataclasses.replace(rule, code="EXCL.RENAMED", title="Reworded after signing")
        if rule.code == "EXCL.CK_HIGH"
        else rule
        for rule in RULES
    )
    monkeypatch.setattr(evaluate_module, "RULES", reworded)
    draft = draft_from("older_man_inflammatory", clinician=clinician, patient=signed_workup.patient)
    assert "EXCL.RENAMED" in evaluate_module.evaluate(workup_facts(draft)).codes

    after = clinician_client.get(pdf_url(signed_workup)).content
    assert after == before


def test_an_altered_stored_file_is_refused_and_recorded(clinician_client, signed_workup):
    issued = IssuedSummary.objects.get(workup=signed_workup)
    path = issued.file.path
    with open(path, "r+b") as handle:
        handle.seek(200)
        handle.write(b"tampered")
    response = clinician_client.get(pdf_url(signed_workup))
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
    assert b"%PDF" not in response.content
    event = AuditEvent.objects.get(action="summary.integrity_failed")
    assert event.detail == {"reason": "altered"}
    assert event.target_id == str(signed_workup.pk)
    assert IssuedSummary.objects.get(workup=signed_workup).sha256 == issued.sha256


def test_a_missing_stored_file_is_refused_and_not_rendered_again(clinician_client, signed_workup):
    issued = IssuedSummary.objects.get(workup=signed_workup)
    issued.file.storage.delete(issued.file.name)
    response = clinician_client.get(pdf_url(signed_workup))
    assert response.status_code == 500
    assert b"missing" in response.content
    assert not issued.file.storage.exists(issued.file.name)
    assert AuditEvent.objects.filter(action="summary.integrity_failed").count() == 1


def test_a_workup_signed_before_summaries_were_stored_is_issued_once_from_its_frozen_copy(
    clinician, clinician_client
):
    workup = sign(draft_from("spec_example", clinician=clinician), clinician)
    IssuedSummary.objects.filter(workup=workup).delete()
    first = clinician_client.get(pdf_url(workup))
    assert first.status_code == 200
    issued = IssuedSummary.objects.get(workup=workup)
    assert issued.issued_by == clinician  # the signer
    assert clinician_client.get(pdf_url(workup)).content == first.content


def test_a_failure_to_issue_the_summary_undoes_the_signature(clinician, monkeypatch):
    workup = draft_from("spec_example", clinician=clinician)

    def broken(report):
        raise RuntimeError("renderer down")

    monkeypatch.setattr(services.pdf, "render_summary", broken)
    with pytest.raises(RuntimeError):
        sign(workup, clinician)
    assert Workup.objects.get(pk=workup.pk).status == "draft"
    assert not IssuedSummary.objects.exists()
