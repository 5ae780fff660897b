"""Signing: only clinicians, confirmed with their password; the document, its SHA-256, the
evaluation and the rule set are frozen, and signed data is read-only everywhere."""

import datetime
import hashlib
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from audit.models import AuditEvent
from tests.conftest import PASSWORD, sign_in
from tests.workup.formdata import section_data
from tests.workup.helpers import section_url, url
from tests.workup.signing import sign_data
from workup import adapters, selectors, services
from workup.document import document_from_facts
from workup.models import PainAssessment, SignedWorkupError, Workup
from workup.rules import instruments
from workup.rules.catalogue import RULE_SET
from workup.rules.evaluate import evaluate
from workup.rules.facts import Pain


def sign(workup, clinician):
    return services.workup_sign(workup=workup, signer=clinician, password=PASSWORD)


def test_the_sign_page_asks_for_the_password_and_lists_what_is_incomplete(
    clinician_client, empty_draft
):
    response = clinician_client.get(url("sign", empty_draft))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'type="password"' in html
    assert "not assessed" in html


def test_a_wrong_password_is_refused_beside_the_field_and_recorded(clinician_client, draft):
    response = clinician_client.post(url("sign", draft), sign_data(draft, "not my password"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "This password is not correct" in html
    assert 'aria-describedby="id_password_helptext id_password_error"' in html
    assert Workup.objects.get(pk=draft.pk).status == "draft"
    failed = AuditEvent.objects.filter(action="workup.sign_failed")
    assert failed.count() == 1
    assert failed.get().patient_id == draft.patient_id


def test_five_wrong_passwords_in_a_row_end_the_session(clinician_client, draft):
    for _ in range(5):
        response = clinician_client.post(url("sign", draft), sign_data(draft, "guess"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert clinician_client.get(draft.get_absolute_url()).status_code == 302
    assert AuditEvent.objects.filter(action="workup.sign_failed").count() == 5


def test_signing_freezes_the_document_its_hash_the_evaluation_and_rule_set(
    clinician_client, clinician, draft
):
    expected_document = document_from_facts(adapters.workup_facts(draft))
    expected_evaluation = evaluate(adapters.workup_facts(draft)).as_dict()
    response = clinician_client.post(url("sign", draft), sign_data(draft, PASSWORD))
    assert response.status_code == 302
    signed = Workup.objects.get(pk=draft.pk)
    assert signed.status == "signed"
    assert signed.signed_by == clinician
    assert signed.signed_document == expected_document
    canonical = json.dumps(
        expected_document, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode()
    assert signed.signed_document_sha256 == hashlib.sha256(canonical).hexdigest()
    assert signed.signed_evaluation == expected_evaluation
    assert signed.signed_rule_set == RULE_SET
    event = AuditEvent.objects.get(action="workup.sign")
    assert event.detail["sha256"] == signed.signed_document_sha256


def test_the_service_hands_back_the_frozen_fields(clinician, draft):
    returned = sign(draft, clinician)
    assert returned.is_signed
    assert returned.signed_document_sha256
    assert returned.signed_evaluation["rule_set"] == RULE_SET


def test_staff_cannot_sign(staff_client, staff, draft):
    assert staff_client.get(url("sign", draft)).status_code == 403
    assert staff_client.post(url("sign", draft), {"password": PASSWORD}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.workup_sign(workup=draft, signer=staff, password=PASSWORD)
    assert not Workup.objects.get(pk=draft.pk).is_signed


def test_a_workup_is_signed_once(clinician, draft):
    sign(draft, clinician)
    with pytest.raises(services.WorkupStateError):
        sign(Workup.objects.get(pk=draft.pk), clinician)


def test_a_patient_born_after_the_visit_blocks_signing(clinician, draft):
    patient = draft.patient
    patient.date_of_birth = draft.visit_date + datetime.timedelta(days=1)
    patient.save()
    with pytest.raises(services.WorkupStateError, match="date_of_birth"):
        sign(Workup.objects.get(pk=draft.pk), clinician)


# --- Signed data is read-only --------------------------------------------------------------------


@pytest.fixture
def signed(clinician, draft):
    sign(draft, clinician)
    return Workup.objects.get(pk=draft.pk)


def test_section_pages_of_a_signed_workup_are_read_only(clinician_client, signed):
    response = clinician_client.get(section_url(signed, "pain"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="version"' not in html
    assert "left shoulder girdle, right shoulder girdle" in html


@pytest.mark.parametrize("section", [None, "pain", "labs"])
def test_a_signed_page_reads_the_frozen_document_once(
    clinician_client, signed, section, monkeypatch
):
    calls = []
    parse = selectors.facts_from_document

    def counted(document, **kwargs):
        calls.append(1)
        return parse(document, **kwargs)

    monkeypatch.setattr(selectors, "facts_from_document", counted)
    address = signed.get_absolute_url() if section is None else section_url(signed, section)
    assert clinician_client.get(address).status_code == 200
    assert len(calls) == 1


def test_posting_to_a_signed_section_changes_nothing(clinician_client, signed, example_facts):
    before = selectors.workup_document(signed)
    data = section_data("pain", Pain(wpi_areas=()), version=signed.pain.version)
    response = clinician_client.post(section_url(signed, "pain"), data)
    assert response.status_code == 409
    assert "signed" in response.content.decode()
    after = Workup.objects.get(pk=signed.pk)
    assert document_from_facts(adapters.workup_facts(after)) == before


def test_clearing_a_signed_section_is_refused(clinician_client, signed):
    response = clinician_client.post(url("section_clear", signed, "pain"), {"version": "1"})
    assert response.status_code == 302
    assert PainAssessment.objects.filter(workup=signed).exists()


def test_services_refuse_to_change_a_signed_workup(clinician, signed):
    with pytest.raises(SignedWorkupError):
        services.section_update(
            actor=clinician,
            workup=signed,
            name="pain",
            value=Pain(wpi_areas=()),
            expected_version=signed.pain.version,
        )
    with pytest.raises(SignedWorkupError):
        services.section_clear(
            actor=clinician, workup=signed, name="pain", expected_version=signed.pain.version
        )
    with pytest.raises(SignedWorkupError):
        services.workup_update_details(
            actor=clinician,
            workup=signed,
            visit_date=signed.visit_date,
            clinician=clinician,
        )


def test_the_orm_refuses_to_change_a_signed_workup(signed):
    pain = PainAssessment.objects.get(workup=signed)
    pain.pain_nrs = 0
    with pytest.raises(SignedWorkupError):
        pain.save()
    with pytest.raises(SignedWorkupError):
        pain.delete()
    row = signed.labs.results.first()
    row.value = 1
    with pytest.raises(SignedWorkupError):
        row.save()
    workup = Workup.objects.get(pk=signed.pk)
    workup.signed_evaluation = {"tampered": True}
    with pytest.raises(SignedWorkupError):
        workup.save()
    workup = Workup.objects.get(pk=signed.pk)
    workup.visit_date = datetime.date(2020, 1, 1)
    with pytest.raises(SignedWorkupError):
        workup.save()
    with pytest.raises(SignedWorkupError):
        Workup.objects.get(pk=signed.pk).delete()


def test_the_frozen_evaluation_survives_a_change_of_the_rules(
    clinician_client, signed, monkeypatch
):
    frozen = signed.signed_evaluation
    assert frozen["criteria"]["acr2016"]["status"] == "not_met"

    def always_met(pain):
        return instruments.Acr2016("met", 19, 12, 31, "very_severe", 5, True, True, True, (), 99)

    monkeypatch.setattr("workup.rules.catalogue.base.acr2016", always_met)
    draft_view = evaluate(adapters.workup_facts(signed))
    assert draft_view.criteria.acr2016.status == "met", "the rule change took effect"

    assert selectors.workup_evaluation(Workup.objects.get(pk=signed.pk)) == frozen
    html = clinician_client.get(signed.get_absolute_url()).content.decode()
    assert "Not met" in html


def test_signed_pages_show_who_signed_and_the_hash(clinician_client, signed):
    html = clinician_client.get(signed.get_absolute_url()).content.decode()
    assert "Signed by Ines Rivera" in html
    assert signed.signed_document_sha256 in html
    assert "Sign this workup" not in html


def test_another_clinician_can_read_but_not_resign(other_clinician, signed):
    client = sign_in(Client(), other_clinician)
    assert client.get(signed.get_absolute_url()).status_code == 200
    response = client.get(url("sign", signed))
    assert response.status_code == 302
