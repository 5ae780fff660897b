"""Signed workups keep their rule set: workups signed under rule set 2026.1 (the database as
release 1 left it, before the 2027.1 migrations) keep their frozen document, its hash, the
evaluation and the stored PDF byte for byte after the upgrade, while a new draft of the same
patient, and an amendment, evaluate under rule set 2027.1."""

import datetime
import hashlib
import io
import json
import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from pypdf import PdfReader

from tests.summaries.conftest import patient_of
from tests.workup.factories import make_workup
from workup import selectors, services
from workup.document import facts_from_document
from workup.models import Workup

# Restores what the migrations made (roles and groups) once the test has flushed the tables.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rule_set_2026_1"
NAMES = ("young_woman_safety_alert", "older_man_inflammatory")
# The last migration of the workup app released with rule set 2026.1.
RELEASE_1 = ("workup", "0003_workup_revision_and_checks")
SIGNED_AT = datetime.datetime(2026, 12, 3, 9, 9, tzinfo=datetime.UTC)
LABEL = re.compile(r"^(Recommendation|To consider and discuss \(evidence tier D/E only\)):", re.M)


def fixture(name: str) -> tuple[dict, bytes]:
    signed = json.loads((FIXTURES / f"{name}.signed.json").read_text(encoding="utf-8"))
    return signed, (FIXTURES / f"{name}.summary.pdf").read_bytes()


def migrate(targets):
    """Migrate to `targets`; returns the project state there (the models as they were)."""
    executor = MigrationExecutor(connection)
    return executor.migrate(targets)


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def sign_under_release_1(apps, name: str, clinician) -> int:
    """A workup as release 1 signed it: frozen fields and the issued PDF, nothing recomputed."""
    signed, pdf_bytes = fixture(name)
    document = signed["signed_document"]
    patient = patient_of(document)
    workup = apps.get_model("workup", "Workup").objects.create(
        patient_id=patient.pk,
        visit_date=datetime.date.fromisoformat(document["visit_date"]),
        clinician_id=clinician.pk,
        status="signed",
        signed_at=SIGNED_AT,
        signed_by_id=clinician.pk,
        revision=1,
        **signed,
    )
    stored_name = default_storage.save(
        f"summaries/signed/2026/12/workup-{workup.pk}.pdf", ContentFile(pdf_bytes)
    )
    apps.get_model("summaries", "IssuedSummary").objects.create(
        workup_id=workup.pk,
        file=stored_name,
        sha256=hashlib.sha256(pdf_bytes).hexdigest(),
        size=len(pdf_bytes),
        issued_at=SIGNED_AT,
        issued_by_id=clinician.pk,
    )
    return workup.pk


def test_workups_signed_under_2026_1_are_unchanged_by_the_upgrade_and_new_drafts_use_2027_1(
    clinician_client, clinician
):
    try:
        state = migrate([RELEASE_1])
        ids = {name: sign_under_release_1(state.apps, name, clinician) for name in NAMES}
    finally:
        migrate(latest())

    for name, pk in ids.items():
        signed, pdf_bytes = fixture(name)
        workup = Workup.objects.get(pk=pk)
        assert workup.signed_document == signed["signed_document"]
        assert workup.signed_document_sha256 == signed["signed_document_sha256"]
        assert services.document_sha256(workup.signed_document) == signed["signed_document_sha256"]
        assert workup.signed_evaluation == signed["signed_evaluation"]
        assert workup.signed_rule_set == "2026.1"
        assert selectors.workup_evaluation(workup) == signed["signed_evaluation"]

        kwargs = {"patient_id": workup.patient_id, "workup_id": pk}
        download = clinician_client.get(reverse("summaries:summary_pdf", kwargs=kwargs))
        assert download.status_code == 200
        assert download.content == pdf_bytes, f"{name}: the stored PDF, byte for byte"

        page = clinician_client.get(reverse("summaries:summary", kwargs=kwargs))
        html = page.content.decode()
        assert "Rule set 2026.1" in html
        screen_labels = re.findall(r'"flag-recommendation"><span class="label">([^<]+):', html)
        assert screen_labels == LABEL.findall(pdf_text(pdf_bytes)), (
            f"{name}: each flag is labelled on screen as in the stored PDF"
        )

        overview = clinician_client.get(workup.get_absolute_url()).content.decode()
        assert "under rule set 2026.1" in overview

    young = Workup.objects.get(pk=ids["young_woman_safety_alert"])
    signed, _ = fixture("young_woman_safety_alert")
    facts = facts_from_document(signed["signed_document"], today=datetime.date(2030, 1, 1))
    draft = make_workup(patient=young.patient, clinician=clinician, facts=facts)
    evaluation = selectors.workup_evaluation(draft)
    assert evaluation["rule_set"] == "2027.1"
    assert all(flag["action"] in ("recommend", "consider") for flag in evaluation["flags"])
    assert "MENTAL.SUICIDAL_IDEATION" in [flag["code"] for flag in evaluation["flags"]]
    overview = clinician_client.get(draft.get_absolute_url()).content.decode()
    assert "Evaluated now under rule set 2027.1" in overview

    amendment = services.workup_amend(workup=young, actor=clinician, reason="New PHQ-9 form")
    assert selectors.workup_evaluation(amendment)["rule_set"] == "2027.1"
    young = Workup.objects.get(pk=young.pk)
    assert young.signed_evaluation == signed["signed_evaluation"]
    assert young.signed_rule_set == "2026.1"
    kwargs = {"patient_id": young.patient_id, "workup_id": young.pk}
    download = clinician_client.get(reverse("summaries:summary_pdf", kwargs=kwargs))
    assert download.content == fixture("young_woman_safety_alert")[1]


def pdf_text(data: bytes) -> str:
    """The PDF's text, each line stripped of its indentation."""
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return "\n".join(line.strip() for line in text.splitlines())
