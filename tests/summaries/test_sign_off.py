"""The summary says who is responsible for the workup: who started a draft another clinician
took over (when and why), and for whom the signer signed when that was not themselves. On the
screen page and in the PDF stored at signing alike."""

import re

import pytest
from django.urls import reverse

from config.dates import show_date
from summaries import services
from tests.conftest import sign_in
from tests.summaries.conftest import draft_from, pdf_text, sign
from workup import signing

pytestmark = pytest.mark.django_db

REASON = "Dr Rivera is on leave this week"


def summary_html(client, workup) -> str:
    response = client.get(reverse("summaries:summary", args=[workup.patient_id, workup.pk]))
    assert response.status_code == 200
    return response.content.decode()


def flat(text: str) -> str:
    """Whitespace collapsed: the PDF wraps a long line where the page ends."""
    return re.sub(r"\s+", " ", text)


def test_a_taken_over_workup_names_who_started_it_who_took_it_over_when_and_why(
    client, clinician, other_clinician, tmp_path
):
    draft = draft_from("older_man_inflammatory", clinician=clinician)
    taken = signing.workup_take_over(workup=draft, actor=other_clinician, reason=REASON)
    on = show_date(taken.at)
    line = f"Started by Ines Rivera; taken over by Wei Chen on {on}: {REASON}"
    sign_in(client, other_clinician)
    assert line in summary_html(client, draft)  # the draft's summary already says so

    sign(draft, other_clinician)
    assert line in summary_html(client, draft)
    stored = services.signed_summary_bytes(workup=draft)
    assert line in flat(" ".join(pdf_text(stored, tmp_path, layout=False)))


def test_a_workup_signed_for_its_clinician_says_so_and_one_signed_by_its_own_does_not(
    client, settings, clinician, other_clinician, tmp_path
):
    settings.PRACTICE_ANY_CLINICIAN_SIGNS = True
    draft = draft_from("older_man_inflammatory", clinician=clinician)
    sign(draft, other_clinician)
    line = "Signed by Wei Chen for Ines Rivera, the workup's clinician"
    sign_in(client, clinician)
    assert line.replace("'", "&#x27;") in summary_html(client, draft)
    stored = services.signed_summary_bytes(workup=draft)
    assert line in flat(" ".join(pdf_text(stored, tmp_path, layout=False)))

    own = draft_from("treatment_resistant_woman", clinician=clinician)
    sign(own, clinician)
    html = summary_html(client, own)
    assert "Signed for" not in html
    assert "Taken over" not in html
