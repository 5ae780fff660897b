"""seed_demo makes realistic demo workups: drafts, signed ones with a valid frozen signature,
one amended; --workups M gives every other demo patient M workups in bulk."""

import pytest
from django.core.management import call_command

from audit.models import AuditEvent
from patients.models import Patient
from workup import selectors
from workup.models import LabResult, MedicationList, MentalHealth, RedFlags, Workup
from workup.services import document_sha256

pytestmark = pytest.mark.django_db


def test_seed_demo_makes_drafts_signed_workups_and_one_amendment(capsys):
    call_command("seed_demo", "--force", "--patients", "8")
    assert f"Demo workups: {Workup.objects.count()} created." in capsys.readouterr().out
    assert Workup.objects.values("patient").distinct().count() >= 5, "archived ones are skipped"
    signed = Workup.objects.filter(status="signed")
    assert signed.count() == 3
    for workup in signed:
        assert workup.signed_document_sha256 == document_sha256(workup.signed_document)
        assert workup.signed_evaluation["rule_set"] == workup.signed_rule_set
    amendment = Workup.objects.get(amends__isnull=False)
    assert amendment.status == "draft" and amendment.amendment_reason
    assert selectors.workup_document(amendment) != amendment.amends.signed_document
    assert not AuditEvent.objects.filter(action__startswith="workup.").exists()
    assert Patient.history.count() == 0


def test_seed_demo_keeps_last_visits_and_runs_again_harmlessly(capsys):
    call_command("seed_demo", "--force", "--patients", "8")
    call_command("seed_demo", "--force", "--patients", "8")
    assert "Demo workups: 0 created." in capsys.readouterr().out.splitlines()[-1]
    for patient in Patient.objects.filter(workups__isnull=False).distinct():
        latest = max(w.visit_date for w in patient.workups.all())
        assert patient.last_visit_on == latest


def test_workups_option_gives_every_other_demo_patient_m_workups_in_bulk():
    call_command("seed_demo", "--force", "--patients", "10", "--workups", "3")
    bulk = Patient.objects.exclude(workups__amends__isnull=False).filter(mrn__gte="DEMO-000007")
    for patient in bulk:
        assert patient.workups.count() == 3
        assert patient.last_visit_on == max(w.visit_date for w in patient.workups.all())
    signed = Workup.objects.filter(status="signed", patient__in=bulk)
    assert signed.count() == bulk.count()
    workup = signed.first()
    assert workup.signed_document_sha256 == document_sha256(workup.signed_document)
    assert selectors.workup_document(workup) == workup.signed_document


def test_workups_must_not_be_negative():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("seed_demo", "--force", "--workups", "-1")


def test_demo_workups_hold_medications_red_flags_pending_tests_and_paper_totals():
    call_command("seed_demo", "--force", "--patients", "8")
    assert MedicationList.objects.filter(entries__drug_class="statin").exists()
    assert MedicationList.objects.filter(entries__isnull=True).exists(), "an empty list: none"
    assert RedFlags.objects.filter(morning_stiffness_over_60_min=True).exists()
    assert RedFlags.objects.filter(jaw_claudication__isnull=True).exists(), "not all asked"
    assert LabResult.objects.filter(status="pending").exists()
    assert MentalHealth.objects.filter(phq9_total__isnull=False, phq9_item9__isnull=False).exists()
    for workup in Workup.objects.filter(status="draft"):
        assert selectors.workup_evaluation(workup)["rule_set"] == "2027.1"
