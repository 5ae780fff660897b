"""Amending a signed workup: a new draft copied from it, with a required reason, linked both
ways; the original stays readable and is shown as amended. A signed workup is amended once."""

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from tests.conftest import PASSWORD
from tests.workup.helpers import url
from workup import selectors, services
from workup.forms.workflow import AmendForm
from workup.models import Workup


@pytest.fixture
def signed(clinician, draft):
    services.workup_sign(workup=draft, signer=clinician, password=PASSWORD)
    return Workup.objects.get(pk=draft.pk)


def test_amend_asks_for_a_reason(clinician_client, signed):
    response = clinician_client.post(url("amend", signed), {"reason": "   "})
    assert response.status_code == 200
    assert "Give the reason for the amendment." in response.content.decode()
    assert not Workup.objects.filter(amends=signed).exists()


def test_an_amendment_copies_every_section_and_row_and_links_both_ways(clinician_client, signed):
    response = clinician_client.post(url("amend", signed), {"reason": "TSH result corrected"})
    amendment = Workup.objects.get(amends=signed)
    assert response["Location"] == amendment.get_absolute_url()
    assert amendment.status == "draft"
    assert amendment.amendment_reason == "TSH result corrected"
    assert Workup.objects.get(pk=signed.pk).amendment == amendment
    assert selectors.workup_document(amendment) == signed.signed_document
    assert amendment.labs.results.count() == signed.labs.results.count()
    assert amendment.exclusions.findings.count() == signed.exclusions.findings.count()
    event = AuditEvent.objects.get(action="workup.amend")
    assert event.detail == {"amends": signed.pk}
    assert event.target_id == str(amendment.pk)


def test_the_original_stays_readable_and_shows_it_was_amended(clinician_client, signed):
    clinician_client.post(url("amend", signed), {"reason": "typo in a lab value"})
    amendment = Workup.objects.get(amends=signed)
    html = clinician_client.get(signed.get_absolute_url()).content.decode()
    assert "Amended" in html
    assert amendment.get_absolute_url() in html
    assert "Amend</a>" not in html
    amendment_html = clinician_client.get(amendment.get_absolute_url()).content.decode()
    assert "typo in a lab value" in amendment_html
    assert signed.get_absolute_url() in amendment_html


def test_a_signed_workup_is_amended_once_then_the_amendment_is_amended(
    clinician_client, clinician, signed
):
    first = services.workup_amend(workup=signed, actor=clinician, reason="first correction")
    with pytest.raises(services.WorkupStateError):
        services.workup_amend(workup=signed, actor=clinician, reason="again")
    response = clinician_client.get(url("amend", signed))
    assert response["Location"] == first.get_absolute_url()

    services.workup_sign(workup=first, signer=clinician, password=PASSWORD)
    second = services.workup_amend(
        workup=Workup.objects.get(pk=first.pk), actor=clinician, reason="second correction"
    )
    assert second.amends_id == first.pk


def test_a_draft_cannot_be_amended(clinician_client, clinician, draft):
    response = clinician_client.get(url("amend", draft))
    assert response.status_code == 302
    with pytest.raises(services.WorkupStateError):
        services.workup_amend(workup=draft, actor=clinician, reason="why")


def test_staff_cannot_amend(staff_client, signed):
    assert staff_client.get(url("amend", signed)).status_code == 403
    assert staff_client.post(url("amend", signed), {"reason": "x"}).status_code == 403


def test_the_amendment_is_edited_while_the_original_stays_as_signed(
    clinician_client, clinician, signed
):
    from workup.rules.facts import Pain

    amendment = services.workup_amend(workup=signed, actor=clinician, reason="pain re-scored")
    services.section_update(
        actor=clinician,
        workup=amendment,
        name="pain",
        value=Pain(wpi_areas=()),
        expected_version=amendment.pain.version,
    )
    original = Workup.objects.get(pk=signed.pk)
    assert original.pain.wpi_areas != []
    assert selectors.workup_document(original) == signed.signed_document


NO_REASON = "Give the reason for the amendment."
RLO = "The reason for the amendment must not contain bidirectional control characters (U+202E)."
REASONS = [
    ("spaces only", "   ", NO_REASON),
    ("zero-width space only", "\u200b", NO_REASON),
    ("zero-width joiners and spaces", "\u200c \u200d\u200b", NO_REASON),
    ("word joiner and byte order mark", "\u2060\ufeff", NO_REASON),
    ("right-to-left override", "TSH \u202ecorrected", RLO),
    ("bell", "TSH\x07 corrected", "The reason for the amendment must not contain control "
     "characters (U+0007)."),
]  # fmt: skip
REASON_IDS = [r[0] for r in REASONS]


@pytest.mark.parametrize(("case", "reason", "message"), REASONS, ids=REASON_IDS)
def test_the_form_refuses_a_reason_that_says_nothing_or_hides_its_order(case, reason, message):
    assert AmendForm({"reason": reason}).errors == {"reason": [message]}


@pytest.mark.parametrize(("case", "reason", "message"), REASONS, ids=REASON_IDS)
def test_the_page_refuses_it_at_the_field_and_creates_nothing(
    clinician_client, signed, case, reason, message
):
    response = clinician_client.post(url("amend", signed), {"reason": reason})
    assert response.status_code == 200
    assert response.context["form"].errors == {"reason": [message]}
    assert not Workup.objects.filter(amends=signed).exists()


@pytest.mark.parametrize(("case", "reason", "message"), REASONS, ids=REASON_IDS)
def test_the_service_refuses_it_too_and_creates_nothing(clinician, signed, case, reason, message):
    with pytest.raises(ValidationError) as error:
        services.workup_amend(workup=signed, actor=clinician, reason=reason)
    assert error.value.message_dict == {"reason": [message]}
    assert not Workup.objects.filter(amends=signed).exists()
    assert not AuditEvent.objects.filter(action="workup.amend").exists()


def test_a_reason_keeps_its_line_breaks_and_an_accent(clinician, signed):
    reason = "Résultat TSH corrigé.\nSee the lab's letter."
    assert AmendForm({"reason": reason}).is_valid()
    amendment = services.workup_amend(workup=signed, actor=clinician, reason=reason)
    assert amendment.amendment_reason == reason
