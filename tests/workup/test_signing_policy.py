"""Who signs a workup: by default only its own clinician. Another clinician is told why and
offered to take the draft over; a practice may let any clinician sign, and then the workup says
for whom the signer signed. The visit details are no way round the policy."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from accounts.roles import Role
from audit.models import AuditEvent
from tests.conftest import PASSWORD, make_user, sign_in
from tests.workup.helpers import url
from tests.workup.signing import sign_data
from workup import services, signing
from workup.models import Workup


@pytest.fixture
def other_client(other_clinician):
    return sign_in(Client(), other_clinician)


def test_another_clinicians_sign_post_is_refused_and_recorded(other_client, draft):
    response = other_client.post(url("sign", draft), sign_data(draft, PASSWORD))
    assert response.status_code == 403
    assert "Only Ines Rivera, this workup's clinician, can sign it." in response.content.decode()
    assert Workup.objects.get(pk=draft.pk).status == "draft"
    refused = AuditEvent.objects.get(action="workup.sign_failed")
    assert refused.detail == {"reason": "not_the_clinician"}
    assert not AuditEvent.objects.filter(action="workup.sign").exists()


def test_the_sign_page_of_another_clinicians_draft_says_who_signs_and_offers_to_take_over(
    other_client, draft
):
    response = other_client.get(url("sign", draft))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Only Ines Rivera, this workup's clinician, can sign it." in html
    assert f'href="{url("take_over", draft)}"' in html
    assert "Take over this draft" in html
    assert 'type="password"' not in html


def test_the_service_refuses_another_clinician_whatever_the_password(other_clinician, draft):
    for password in (PASSWORD, "wrong"):
        with pytest.raises(signing.NotTheClinician):
            services.workup_sign(workup=draft, signer=other_clinician, password=password)
    assert Workup.objects.get(pk=draft.pk).status == "draft"
    assert issubclass(signing.NotTheClinician, PermissionDenied)


def test_a_clinician_whose_draft_was_taken_over_meanwhile_cannot_sign_it(
    clinician_client, other_clinician, draft
):
    data = sign_data(draft, PASSWORD)  # the sign page as shown before the take-over
    signing.workup_take_over(workup=draft, actor=other_clinician, reason="Covering the clinic")
    response = clinician_client.post(url("sign", draft), data)
    assert response.status_code == 403
    assert "Only Wei Chen, this workup's clinician, can sign it." in response.content.decode()
    assert Workup.objects.get(pk=draft.pk).status == "draft"
    assert AuditEvent.objects.filter(action="workup.sign_failed").count() == 1


def test_a_take_over_between_showing_the_page_and_signing_is_seen_under_the_lock(
    monkeypatch, clinician_client, clinician, other_clinician, draft
):
    check_password = type(clinician).check_password

    def taken_over_while_checking(user, raw_password):
        monkeypatch.setattr(type(clinician), "check_password", check_password)
        signing.workup_take_over(workup=draft, actor=other_clinician, reason="Covering")
        return check_password(user, raw_password)

    monkeypatch.setattr(type(clinician), "check_password", taken_over_while_checking)
    response = clinician_client.post(url("sign", draft), sign_data(draft, PASSWORD))
    assert response.status_code == 403
    assert "Only Wei Chen, this workup's clinician, can sign it." in response.content.decode()
    assert Workup.objects.get(pk=draft.pk).status == "draft"
    refused = AuditEvent.objects.filter(action="workup.sign_failed")
    assert [event.detail for event in refused] == [{"reason": "not_the_clinician"}]


def test_with_the_practice_setting_any_clinician_signs_for_the_workups_clinician(
    settings, other_client, clinician, other_clinician, draft
):
    settings.PRACTICE_ANY_CLINICIAN_SIGNS = True
    page = other_client.get(url("sign", draft)).content.decode()
    assert "You are signing for Ines Rivera, this workup's clinician" in page
    response = other_client.post(url("sign", draft), sign_data(draft, PASSWORD))
    assert response.status_code == 302
    signed = Workup.objects.get(pk=draft.pk)
    assert (signed.signed_by, signed.clinician) == (other_clinician, clinician)
    event = AuditEvent.objects.get(action="workup.sign")
    assert event.detail["for_clinician_id"] == clinician.pk
    overview = other_client.get(signed.get_absolute_url()).content.decode()
    assert "Signed by Wei Chen for Ines Rivera, the workup's clinician, on" in overview


# --- The visit details are no way round it ------------------------------------------------------


def details(workup, clinician) -> dict:
    return {"visit_date": workup.visit_date.isoformat(), "clinician": clinician.pk}


def test_in_the_visit_details_only_the_workups_clinician_hands_it_to_another(
    other_client, clinician_client, clinician, other_clinician, draft
):
    refused = other_client.post(url("details", draft), details(draft, other_clinician))
    assert refused.status_code == 200
    html = refused.content.decode()
    assert '<div id="id_clinician_error" class="invalid-feedback">' in html
    assert "Only this workup&#x27;s clinician can hand it to another clinician." in html
    assert Workup.objects.get(pk=draft.pk).clinician == clinician
    assert not AuditEvent.objects.filter(action="workup.update").exists()
    # Another clinician still corrects the visit date; the clinician still hands the draft on.
    corrected = {**details(draft, clinician), "visit_date": "2026-11-19"}
    assert other_client.post(url("details", draft), corrected).status_code == 302
    handed = clinician_client.post(
        url("details", draft), {**corrected, "clinician": other_clinician.pk}
    )
    assert handed.status_code == 302
    workup = Workup.objects.get(pk=draft.pk)
    assert (workup.visit_date.isoformat(), workup.clinician) == ("2026-11-19", other_clinician)


def test_another_clinician_cannot_hand_the_draft_to_a_third_either(
    other_clinician, clinician, draft
):
    third = make_user("dr_okoye", Role.CLINICIAN)
    with pytest.raises(ValidationError) as refused:
        services.workup_update_details(
            actor=other_clinician, workup=draft, visit_date=draft.visit_date, clinician=third
        )
    assert "clinician" in refused.value.message_dict
    assert Workup.objects.get(pk=draft.pk).clinician == clinician
