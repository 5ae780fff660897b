"""Every workup page read and every write, sign and amend writes exactly one audit event, with
the patient set and no clinical content in its detail."""

import json

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from tests.conftest import PASSWORD
from tests.workup.formdata import section_data
from tests.workup.helpers import page_version, section_url, url
from tests.workup.signing import sign_data
from workup.rules.facts import Hormones
from workup.sections import SECTION_NAMES


def events_during(call):
    before = AuditEvent.objects.order_by("-sequence").values_list("sequence", flat=True).first()
    call()
    return list(AuditEvent.objects.filter(sequence__gt=before or 0).order_by("sequence"))


def only_event(call, action, workup):
    """The one workup event of the call (signing also records the summary it issues)."""
    events = [e for e in events_during(call) if not e.action.startswith("summary.")]
    assert [e.action for e in events] == [action]
    event = events[0]
    assert event.patient_id == workup.patient_id
    assert event.target_id == str(workup.pk)
    assert "Silva" not in json.dumps(event.detail)
    return event


def test_the_overview_writes_one_view_event(clinician_client, draft):
    only_event(lambda: clinician_client.get(draft.get_absolute_url()), "workup.view", draft)


@pytest.mark.parametrize("section", SECTION_NAMES)
def test_each_section_page_writes_one_section_view_event(staff_client, draft, section):
    event = only_event(
        lambda: staff_client.get(section_url(draft, section)), "workup.section_view", draft
    )
    assert event.detail == {"section": section}


def test_a_save_writes_one_update_event_without_the_values(clinician_client, draft):
    page = clinician_client.get(section_url(draft, "hormones"))
    data = section_data("hormones", Hormones("pregnant"), version=page_version(page))
    event = only_event(
        lambda: clinician_client.post(section_url(draft, "hormones"), data),
        "workup.section_update",
        draft,
    )
    assert event.detail["section"] == "hormones"
    assert event.detail["changed"] is True
    assert "pregnant" not in json.dumps(event.detail)


def test_a_refused_save_is_recorded_as_a_read(clinician_client, draft):
    data = {"version": "1", "reproductive_stage": "teen"}
    event = only_event(
        lambda: clinician_client.post(section_url(draft, "hormones"), data),
        "workup.section_view",
        draft,
    )
    assert event.detail == {"section": "hormones", "page": "form_errors"}


def test_clearing_writes_one_event(clinician_client, draft):
    version = draft.gut.version
    event = only_event(
        lambda: clinician_client.post(url("section_clear", draft, "gut"), {"version": version}),
        "workup.section_clear",
        draft,
    )
    assert event.detail == {"section": "gut", "version": version}


def test_signing_and_failing_to_sign_are_recorded(clinician_client, draft):
    only_event(
        lambda: clinician_client.post(url("sign", draft), {"password": "wrong"}),
        "workup.sign_failed",
        draft,
    )
    only_event(
        lambda: clinician_client.post(url("sign", draft), sign_data(draft, PASSWORD)),
        "workup.sign",
        draft,
    )


def test_amending_writes_one_event_on_the_new_workup(clinician_client, clinician, draft):
    from workup import services

    services.workup_sign(workup=draft, signer=clinician, password=PASSWORD)
    events = events_during(
        lambda: clinician_client.post(url("amend", draft), {"reason": "Corrected TSH unit"})
    )
    assert [e.action for e in events] == ["workup.amend"]
    assert events[0].patient_id == draft.patient_id
    assert "TSH" not in json.dumps(events[0].detail)


def test_starting_a_workup_is_recorded(clinician_client, clinician, patient):
    address = reverse("workup:create", args=[patient.pk])
    events = events_during(
        lambda: clinician_client.post(
            address, {"visit_date": "2026-11-20", "clinician": str(clinician.pk)}
        )
    )
    assert [e.action for e in events] == ["workup.create"]
    assert events[0].patient_id == patient.pk
    assert [e.action for e in events_during(lambda: clinician_client.get(address))] == [
        "patient.view"
    ]


@pytest.mark.parametrize("name", ["sign", "details"])
def test_workflow_pages_that_show_the_workup_are_recorded_as_reads(clinician_client, draft, name):
    event = only_event(lambda: clinician_client.get(url(name, draft)), "workup.view", draft)
    assert event.detail == {"page": name}


def test_the_preview_reads_nothing_stored_and_records_nothing(clinician_client, draft):
    events = events_during(lambda: clinician_client.post(url("acr_preview", draft), {}))
    assert events == []


def test_the_rules_page_holds_no_patient_data_and_records_nothing(clinician_client, draft):
    assert events_during(lambda: clinician_client.get(reverse("workup:rules"))) == []
