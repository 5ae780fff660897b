"""Taking over another clinician's draft: a reason is required, the take-over is audited (the
clinicians' ids, never the reason) and kept with the workup, the clinician changes, and the new
clinician signs. Not for a signed workup, not one's own, not for staff or administrators."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from audit.models import AuditEvent
from tests.conftest import PASSWORD, sign_in
from tests.workup.helpers import url
from tests.workup.signing import sign_data
from workup import services, signing
from workup.models import SignedWorkupError, Workup, WorkupTakeOver

REASON = "Dr Rivera is on leave; the patient's results came back today."


@pytest.fixture
def other_client(other_clinician):
    return sign_in(Client(), other_clinician)


def take_over(client, workup, reason=REASON, confirm=True):
    data = {"reason": reason}
    if confirm:
        data["confirm"] = "on"
    return client.post(url("take_over", workup), data)


def test_the_page_explains_the_take_over_and_asks_for_a_reason(other_client, draft):
    response = other_client.get(url("take_over", draft))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ines Rivera is this draft's clinician." in html
    assert 'name="reason"' in html
    assert 'name="confirm"' in html
    assert AuditEvent.objects.filter(action="workup.view", detail__page="take_over").exists()


@pytest.mark.parametrize(
    "reason, message",
    [
        ("", "Give the reason for taking over this draft."),
        ("   ", "Give the reason for taking over this draft."),
        ("\u200b\u200b\u2060", "Give the reason for taking over this draft."),
        ("On leave \u202e", "The reason for taking over must not contain"),
        ("x" * 501, "Keep the reason for taking over to 500 characters or fewer."),
    ],
    ids=["empty", "spaces", "invisible only", "bidirectional control", "too long"],
)
def test_a_take_over_needs_a_plain_reason(other_client, clinician, draft, reason, message):
    response = take_over(other_client, draft, reason)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<div id="id_reason_error" class="invalid-feedback">' in html
    assert message in html
    assert Workup.objects.get(pk=draft.pk).clinician == clinician
    assert not WorkupTakeOver.objects.exists()
    assert not AuditEvent.objects.filter(action="workup.take_over").exists()


def test_a_take_over_needs_the_confirmation(other_client, clinician, draft):
    response = take_over(other_client, draft, confirm=False)
    assert response.status_code == 200
    assert "Tick to confirm you are taking this draft over." in response.content.decode()
    assert Workup.objects.get(pk=draft.pk).clinician == clinician


def test_a_take_over_changes_the_clinician_is_audited_without_the_reason_and_is_kept(
    other_client, clinician, other_clinician, draft
):
    response = take_over(other_client, draft)
    assert response.status_code == 302
    assert response["Location"] == draft.get_absolute_url()
    assert Workup.objects.get(pk=draft.pk).clinician == other_clinician
    kept = WorkupTakeOver.objects.get(workup=draft)
    assert (kept.from_clinician, kept.to_clinician, kept.reason) == (
        clinician,
        other_clinician,
        REASON,
    )
    event = AuditEvent.objects.get(action="workup.take_over")
    assert event.actor == other_clinician
    assert event.patient_id == draft.patient_id
    ids = {"from_clinician_id": clinician.pk, "to_clinician_id": other_clinician.pk}
    assert event.detail == ids
    assert "leave" not in str(event.detail)
    overview = other_client.get(draft.get_absolute_url()).content.decode()
    assert "Wei Chen took this draft over from Ines Rivera on" in overview
    assert "Reason: Dr Rivera is on leave; the patient&#x27;s results came back today." in overview


def test_after_taking_over_the_new_clinician_signs_and_the_old_one_cannot(
    other_client, clinician_client, other_clinician, draft
):
    take_over(other_client, draft)
    refused = clinician_client.post(url("sign", draft), sign_data(draft, PASSWORD))
    assert refused.status_code == 403
    signed = other_client.post(url("sign", draft), sign_data(draft, PASSWORD))
    assert signed.status_code == 302
    workup = Workup.objects.get(pk=draft.pk)
    assert (workup.status, workup.signed_by, workup.clinician) == (
        "signed",
        other_clinician,
        other_clinician,
    )


def test_a_signed_workup_cannot_be_taken_over(other_client, clinician, other_clinician, draft):
    services.workup_sign(workup=draft, signer=clinician, password=PASSWORD)
    page = other_client.get(url("take_over", draft))
    assert page.status_code == 302
    posted = take_over(other_client, draft)
    assert posted.status_code == 302
    assert Workup.objects.get(pk=draft.pk).clinician == clinician
    with pytest.raises(signing.WorkupStateError):
        signing.workup_take_over(workup=draft, actor=other_clinician, reason=REASON)
    assert not WorkupTakeOver.objects.exists()
    assert not AuditEvent.objects.filter(action="workup.take_over").exists()


def test_ones_own_draft_is_not_taken_over(clinician_client, clinician, draft):
    assert clinician_client.get(url("take_over", draft)).status_code == 302
    assert take_over(clinician_client, draft).status_code == 302
    with pytest.raises(signing.WorkupStateError):
        signing.workup_take_over(workup=draft, actor=clinician, reason=REASON)
    assert not WorkupTakeOver.objects.exists()


@pytest.mark.parametrize("persona", ["staff", "admin_user"])
def test_staff_and_administrators_cannot_take_over(request, persona, clinician, draft):
    user = request.getfixturevalue(persona)
    client = sign_in(Client(), user)
    assert client.get(url("take_over", draft)).status_code == 403
    assert take_over(client, draft).status_code == 403
    with pytest.raises(PermissionDenied):
        signing.workup_take_over(workup=draft, actor=user, reason=REASON)
    assert Workup.objects.get(pk=draft.pk).clinician == clinician
    assert not WorkupTakeOver.objects.exists()


def test_the_service_checks_the_reason_too(other_clinician, draft):
    for reason in ("", "\u200b", "a\u202eb", "x" * 501):
        with pytest.raises(ValidationError) as refused:
            signing.workup_take_over(workup=draft, actor=other_clinician, reason=reason)
        assert "reason" in refused.value.message_dict
    assert not WorkupTakeOver.objects.exists()


def test_a_signed_workups_take_over_is_frozen(clinician, other_clinician, draft):
    kept = signing.workup_take_over(workup=draft, actor=other_clinician, reason=REASON)
    services.workup_sign(workup=draft, signer=other_clinician, password=PASSWORD)
    kept.refresh_from_db()
    kept.reason = "changed afterwards"
    with pytest.raises(SignedWorkupError):
        kept.save()
    with pytest.raises(SignedWorkupError):
        kept.delete()


def test_a_draft_can_be_taken_over_again_and_back(clinician, other_clinician, draft):
    signing.workup_take_over(workup=draft, actor=other_clinician, reason="Covering Monday")
    signing.workup_take_over(workup=draft, actor=clinician, reason="Back from leave")
    assert Workup.objects.get(pk=draft.pk).clinician == clinician
    rows = list(WorkupTakeOver.objects.filter(workup=draft))
    assert [(row.from_clinician, row.to_clinician) for row in rows] == [
        (clinician, other_clinician),
        (other_clinician, clinician),
    ]


def test_the_overview_offers_the_take_over_to_another_clinician_only(
    other_client, clinician, staff, draft
):
    link = url("take_over", draft)
    assert link in other_client.get(url("overview", draft)).content.decode()
    for user in (clinician, staff):
        page = sign_in(Client(), user).get(url("overview", draft)).content.decode()
        assert link not in page, user.username
