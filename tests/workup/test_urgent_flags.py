"""Urgent first: urgent flags are pinned at the top of every page of a workup and of its
summary; the sign page asks the clinician to acknowledge each urgent and high flag, stores the
acknowledgement with the signature and records it; flags that changed meanwhile are shown
again before anything is signed."""

import io
import re

import pytest
from django.test import Client
from pypdf import PdfReader

from audit.models import AuditEvent
from summaries import pdf
from summaries import services as summaries_services
from tests.conftest import PASSWORD, sign_in
from tests.rules.builders import all_ruled_out, lab
from tests.rules.builders import workup as facts_of
from tests.workup.factories import make_workup
from tests.workup.helpers import section_url, url
from tests.workup.signing import flags_due, sign_data
from workup import adapters, services
from workup.forms.workflow import SignForm
from workup.models import Workup
from workup.rules.facts import Mental

SUICIDAL = "MENTAL.SUICIDAL_IDEATION"
THYROID = "EXCL.THYROID_LAB"


def mental(item9: int) -> Mental:
    return Mental(phq9_items=(0,) * 8 + (item9,), gad7_items=(0,) * 7)


@pytest.fixture
def alarming(patient, clinician):
    """A draft with an urgent flag (PHQ-9 item 9 scored 1) and a high one (TSH 6 mIU/L)."""
    facts = facts_of(mental=mental(1), labs=(lab("tsh", 6),))
    return make_workup(patient=patient, clinician=clinician, facts=facts)


@pytest.fixture
def calm(patient, clinician):
    """A draft with neither an urgent nor a high flag (its open flags are moderate or lower)."""
    facts = facts_of(mental=mental(0), exclusions=all_ruled_out())
    draft = make_workup(patient=patient, clinician=clinician, facts=facts)
    assert not flags_due(draft), "fixture: no urgent or high flag"
    return draft


def checkbox(html: str, code: str) -> str:
    """The <input> tag of the flag's tick."""
    return re.search(rf'<input[^>]*name="{SignForm.field_name(code)}"[^>]*>', html).group(0)


def pinned_block(html: str) -> str:
    start = html.index('class="alert alert-danger urgent-pinned" role="alert"')
    return html[start : html.index("</section>", start)]


# --- Pinned at the top -----------------------------------------------------------------------


@pytest.mark.parametrize("page", ["overview", "pain", "labs", "sign"])
def test_an_urgent_flag_is_pinned_above_every_page_of_the_workup(clinician_client, alarming, page):
    address = {
        "overview": alarming.get_absolute_url(),
        "sign": url("sign", alarming),
    }.get(page) or section_url(alarming, page)
    html = clinician_client.get(address).content.decode()
    block = pinned_block(html)
    assert "Thoughts of" in block or "self-harm" in block.lower()
    assert "Recommendation:" in block
    assert SUICIDAL in block
    assert THYROID not in block, "only urgent flags are pinned"
    assert html.index("urgent-pinned") < html.index('aria-label="Workup sections"')


def test_staff_reading_the_workup_see_the_pinned_block_too(staff, alarming):
    client = sign_in(Client(), staff)
    assert SUICIDAL in pinned_block(client.get(alarming.get_absolute_url()).content.decode())


def test_without_an_urgent_flag_nothing_is_pinned(clinician_client, calm):
    assert "urgent-pinned" not in clinician_client.get(calm.get_absolute_url()).content.decode()


def test_the_summary_starts_with_the_urgent_flags_on_screen_and_in_the_pdf(alarming):
    report = summaries_services.summary_report(alarming, generated_by="Ines Rivera")
    html, data = pdf.render_summary(report)
    assert html.index('class="urgent-box') < html.index('class="acr-box')
    urgent_box = html[html.index('class="urgent-box') : html.index('class="acr-box')]
    assert f"Rule {SUICIDAL}" in urgent_box
    assert "Recommendation:" in urgent_box
    first_page = PdfReader(io.BytesIO(data)).pages[0].extract_text().lower()
    assert "urgent: act before the patient leaves" in first_page
    assert "thoughts of death or self-harm" in first_page
    assert first_page.index("urgent: act before") < first_page.index("acr 2016 fibromyalgia")


# --- Acknowledged before signing ---------------------------------------------------------------


def test_the_sign_page_lists_each_urgent_and_high_flag_with_a_required_tick(
    clinician_client, alarming
):
    html = clinician_client.get(url("sign", alarming)).content.decode()
    due = flags_due(alarming)
    assert [f["severity"] for f in due][:1] == ["urgent"]
    assert {SUICIDAL, THYROID} <= {f["code"] for f in due}
    for flag in due:
        assert f"<code>{flag['code']}</code>" in html
        assert flag["title"].replace("'", "&#x27;") in html
        assert f'name="{SignForm.field_name(flag["code"])}"' in html
    assert html.index(SignForm.field_name(SUICIDAL)) < html.index('name="password"')


def test_signing_without_acknowledging_is_refused_at_the_flag_and_nothing_is_lost(
    clinician_client, alarming
):
    before = adapters.workup_facts(Workup.objects.get(pk=alarming.pk))
    data = sign_data(alarming, PASSWORD, tick=[SUICIDAL])
    response = clinician_client.post(url("sign", alarming), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tick to confirm you have read and acted on this flag" in html
    assert "checked" in checkbox(html, SUICIDAL), "the tick given is kept"
    assert "checked" not in checkbox(html, THYROID)
    assert "is-invalid" in checkbox(html, THYROID)
    stored = Workup.objects.get(pk=alarming.pk)
    assert stored.status == "draft"
    assert adapters.workup_facts(stored) == before
    assert not AuditEvent.objects.filter(action="workup.sign").exists()


def test_acknowledged_flags_are_stored_with_the_signature_recorded_and_shown(
    clinician_client, alarming
):
    due = flags_due(alarming)
    response = clinician_client.post(url("sign", alarming), sign_data(alarming, PASSWORD))
    assert response.status_code == 302
    signed = Workup.objects.get(pk=alarming.pk)
    assert signed.is_signed
    assert signed.signed_acknowledged_flags == due
    assert all(set(flag) == {"code", "severity", "title"} for flag in due)
    event = AuditEvent.objects.get(action="workup.sign")
    assert event.detail["acknowledged"] == [flag["code"] for flag in due]
    html = clinician_client.get(signed.get_absolute_url()).content.decode()
    assert "acknowledged by Ines Rivera at" in html
    assert SUICIDAL in html[html.index("acknowledged by") :]


def test_a_workup_without_urgent_or_high_flags_signs_with_the_password_alone(
    clinician_client, calm
):
    html = clinician_client.get(url("sign", calm)).content.decode()
    assert "acknowledge each before signing" not in html
    response = clinician_client.post(url("sign", calm), {"password": PASSWORD})
    assert response.status_code == 302
    signed = Workup.objects.get(pk=calm.pk)
    assert signed.is_signed
    assert signed.signed_acknowledged_flags == []


def test_flags_changed_since_the_page_was_shown_are_shown_again_and_nothing_is_signed(
    clinician_client, other_clinician, alarming
):
    shown = flags_due(alarming)
    # Meanwhile another clinician corrects the TSH: the high thyroid flag goes away.
    services.section_update(
        actor=other_clinician,
        workup=alarming,
        name="labs",
        value=(lab("tsh", 2),),
        expected_version=alarming.labs.version,
    )
    response = clinician_client.post(
        url("sign", alarming), sign_data(alarming, PASSWORD, shown=shown)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "The urgent and high flags changed since this page was shown" in html
    assert f"<code>{THYROID}</code>" not in html
    assert f"<code>{SUICIDAL}</code>" in html
    assert f'name="{SignForm.field_name(SUICIDAL)}"' in html
    assert not Workup.objects.get(pk=alarming.pk).is_signed
    refused = AuditEvent.objects.get(action="workup.sign_failed")
    assert refused.detail == {"reason": "flags_changed"}


def test_the_service_refuses_an_acknowledgement_that_is_not_of_the_flags_it_freezes(
    clinician, alarming
):
    stale = [flag for flag in flags_due(alarming) if flag["code"] != THYROID]
    with pytest.raises(services.FlagsChanged) as refused:
        services.workup_sign(
            workup=alarming, signer=clinician, password=PASSWORD, acknowledged=stale
        )
    assert refused.value.current == flags_due(alarming)
    assert not Workup.objects.get(pk=alarming.pk).is_signed
    assert AuditEvent.objects.filter(
        action="workup.sign_failed", detail__reason="flags_changed"
    ).exists()
