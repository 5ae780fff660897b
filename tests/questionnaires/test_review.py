"""The review at the visit: the patient's answers beside each section's form, accepted section
by section into the draft with the section's normal save, each accepted section keeping where
its values came from (on the overview, the section page and the summary, screen and PDF).
Only accepted values reach the rules, and nothing can be accepted into a signed workup."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from audit import actions
from audit.models import AuditEvent
from config.dates import show_date
from questionnaires.acceptance import section_accept
from questionnaires.models import Questionnaire, SectionAcceptance
from questionnaires.parts import PARTS
from summaries import pdf
from summaries import services as summary_services
from tests.conftest import PASSWORD, sign_in
from tests.patients.factories import make_patient
from tests.questionnaires.factories import invite, open_and_confirm, part_url
from tests.summaries.conftest import pdf_text
from workup import selectors
from workup import services as workup_services
from workup.models import SignedWorkupError, Workup
from workup.rules.facts import Lifestyle, Mental, Pain

pytestmark = pytest.mark.django_db

PAIN_ANSWERS = {
    "wpi_areas": ["neck", "left_hip", "right_hip"],
    "sss": {"fatigue": 3, "waking_unrefreshed": 2, "cognitive": 1, "headaches": True},
    "symptom_duration_months": 14,
    "pain_nrs": 7,
}


def reported(questionnaire, answers: dict, *, submitted: bool = True) -> Questionnaire:
    """The patient saved (and sent) these answers, as the patient's pages store them."""
    now = timezone.now()
    questionnaire.answers = answers
    questionnaire.saved_parts = [part.code for part in PARTS]
    questionnaire.saved_at = now
    questionnaire.submitted_at = now if submitted else None
    questionnaire.save()
    return questionnaire


def accept_url(workup, section: str) -> str:
    return reverse("questionnaires:accept", args=[workup.patient_id, workup.pk, section])


def section_url(workup, section: str) -> str:
    return reverse("workup:section", args=[workup.patient_id, workup.pk, section])


def version_of(workup, section: str) -> int:
    return selectors.section_state(Workup.objects.get(pk=workup.pk), section).version


def accept(client, workup, section: str):
    return client.post(accept_url(workup, section), {"version": version_of(workup, section)})


def save(workup, section: str, value, actor):
    workup_services.section_update(
        actor=actor,
        workup=workup,
        name=section,
        value=value,
        expected_version=version_of(workup, section),
    )


def stored(workup, section: str):
    return selectors.section_state(Workup.objects.get(pk=workup.pk), section).value


def flat(html: str) -> str:
    return re.sub(r"\s+", " ", html)


@pytest.fixture
def workup(questionnaire):
    return questionnaire.workup


def test_the_section_page_shows_what_the_patient_answered_beside_the_form(
    clinician_client, browser, code, patient, questionnaire, workup
):
    open_and_confirm(browser, code, patient)
    browser.post(part_url("pain_areas"), {"areas": ["neck", "left_hip"], "action": "next"})
    questionnaire.refresh_from_db()
    page = flat(clinician_client.get(section_url(workup, "pain")).content.decode())
    assert f"What the patient answered on {show_date(questionnaire.saved_at)}" in page
    assert "Saved by the patient, not sent yet" in page
    assert "Left hip or buttock; Neck" in page
    assert f'action="{accept_url(workup, "pain")}"' in page
    assert "Accept into this section" in page
    assert 'id="section-form"' in page


def test_a_section_the_patient_did_not_answer_has_no_panel(clinician_client, questionnaire):
    reported(questionnaire, {"pain": PAIN_ANSWERS})
    page = clinician_client.get(section_url(questionnaire.workup, "gut")).content.decode()
    assert "What the patient answered" not in page


def test_accepting_merges_the_answers_and_keeps_what_only_a_clinician_records(
    clinician_client, clinician, questionnaire, workup
):
    save(workup, "pain", Pain(wpi_areas=("chest",), fiqr_total=62.5, pain_nrs=2), clinician)
    save(
        workup,
        "lifestyle",
        Lifestyle(sleep_hours=8, psqi_global=14, stop_bang=2, height_cm=165, weight_kg=82),
        clinician,
    )
    reported(
        questionnaire,
        {
            "pain": PAIN_ANSWERS,
            "lifestyle": {"aerobic_minutes_per_week": 45, "sleep_hours": 5.5, "diets_tried": []},
        },
    )
    assert accept(clinician_client, workup, "pain").status_code == 302
    assert accept(clinician_client, workup, "lifestyle").status_code == 302
    pain = stored(workup, "pain")
    assert pain.wpi_areas == ("left_hip", "right_hip", "neck")
    assert (pain.fatigue, pain.headaches, pain.pain_nrs) == (3, True, 7)
    assert pain.lower_abdominal_pain is None  # not answered: nothing changed
    assert pain.fiqr_total == 62.5
    lifestyle = stored(workup, "lifestyle")
    assert (lifestyle.aerobic_minutes_per_week, lifestyle.sleep_hours) == (45, 5.5)
    assert (lifestyle.psqi_global, lifestyle.stop_bang) == (14, 2)
    assert (lifestyle.height_cm, lifestyle.weight_kg) == (165, 82)


def test_accepted_phq9_items_replace_a_paper_form_total(clinician, questionnaire, workup):
    save(workup, "mental", Mental(phq9_total=12, phq9_item9=0, pss10_total=20), clinician)
    reported(questionnaire, {"mental": {"phq9_items": [1, 1, 1, 1, 1, 1, 1, 1, 0]}})
    section_accept(
        actor=clinician,
        workup=workup,
        section="mental",
        expected_version=version_of(workup, "mental"),
    )
    mental = stored(workup, "mental")
    assert mental.phq9_items == (1, 1, 1, 1, 1, 1, 1, 1, 0)
    assert (mental.phq9_total, mental.phq9_item9, mental.pss10_total) == (None, None, 20)
    questionnaire.refresh_from_db()
    assert questionnaire.accepted_sections["mental"]["by"] == clinician.pk


def test_a_stale_version_gives_the_conflict_page_and_writes_nothing(
    clinician_client, other_clinician, questionnaire, workup
):
    reported(questionnaire, {"pain": PAIN_ANSWERS})
    version = version_of(workup, "pain")
    save(workup, "pain", Pain(fiqr_total=40), other_clinician)
    page = clinician_client.post(accept_url(workup, "pain"), {"version": version})
    assert page.status_code == 409
    assert "someone else saved first" in page.content.decode()
    assert stored(workup, "pain") == Pain(fiqr_total=40)
    assert not SectionAcceptance.objects.exists()
    questionnaire.refresh_from_db()
    assert questionnaire.accepted_sections == {}


def test_the_overview_says_where_an_accepted_section_came_from(
    clinician_client, questionnaire, workup
):
    reported(questionnaire, {"pain": PAIN_ANSWERS})
    accept(clinician_client, workup, "pain")
    today = show_date(timezone.now())
    page = flat(clinician_client.get(workup.get_absolute_url()).content.decode())
    assert f"Patient-reported on {today}, accepted by Ines Rivera on {today}" in page
    assert "since edited" not in page


def test_a_section_edited_after_acceptance_says_so(
    clinician_client, other_clinician, questionnaire, workup
):
    reported(questionnaire, {"pain": PAIN_ANSWERS})
    accept(clinician_client, workup, "pain")
    save(workup, "pain", Pain(wpi_areas=("neck",), fiqr_total=50), other_clinician)
    today = show_date(timezone.now())
    expected = f"accepted by Ines Rivera on {today}, since edited by Wei Chen"
    assert expected in flat(clinician_client.get(workup.get_absolute_url()).content.decode())
    assert expected in flat(clinician_client.get(section_url(workup, "pain")).content.decode())


def test_the_summary_shows_accepted_sections_as_patient_reported_on_screen_and_in_the_pdf(
    clinician_client, questionnaire, workup, tmp_path
):
    reported(questionnaire, {"pain": PAIN_ANSWERS, "gut": {"symptoms": ["bloating"]}})
    accept(clinician_client, workup, "gut")
    today = show_date(timezone.now())
    words = f"Patient-reported on {today}, accepted by Ines Rivera on {today}."
    summary = reverse("summaries:summary", args=[workup.patient_id, workup.pk])
    page = flat(clinician_client.get(summary).content.decode())
    assert page.count(words) == 1  # the gut block only: pain was not accepted
    gut_block = page[page.index('id="findings-gut"') :]
    assert words in gut_block[: gut_block.index("</table>")]
    report = summary_services.summary_report(workup, generated_by="Ines Rivera")
    text = re.sub(r"\s+", " ", " ".join(pdf_text(pdf.render_summary(report)[1], tmp_path)))
    assert "Patient-reported on" in text and "accepted by Ines Rivera" in text


def test_medicines_are_shown_to_classify_and_accepting_marks_the_list_reviewed(
    clinician_client, questionnaire, workup
):
    reported(questionnaire, {"medications": [{"name": "Pregabalin 75 mg"}]})
    page = clinician_client.get(section_url(workup, "medications")).content.decode()
    assert "Pregabalin 75 mg" in page and "Mark the patient's list reviewed" in page
    assert accept(clinician_client, workup, "medications").status_code == 302
    assert stored(workup, "medications") is None
    today = show_date(timezone.now())
    overview = flat(clinician_client.get(workup.get_absolute_url()).content.decode())
    assert f"Patient&#x27;s list of {today} reviewed by Ines Rivera on {today}" in overview


def test_accepting_is_audited_with_the_patient_and_no_answer(
    clinician_client, patient, questionnaire, workup
):
    reported(questionnaire, {"pain": PAIN_ANSWERS})
    accept(clinician_client, workup, "pain")
    event = AuditEvent.objects.get(action=actions.QUESTIONNAIRE_ACCEPT)
    assert event.patient_id == patient.pk
    assert event.detail["section"] == "pain" and event.detail["workup_id"] == workup.pk
    assert "neck" not in str(event.detail)


def test_only_accepted_answers_reach_the_rules(clinician_client, questionnaire, workup):
    reported(questionnaire, {"gut": {"symptoms": ["rectal_bleeding"]}})

    def flag_codes():
        fresh = Workup.objects.get(pk=workup.pk)
        return {flag["code"] for flag in selectors.workup_evaluation(fresh)["flags"]}

    assert "GUT.ALARM_FEATURES" not in flag_codes()
    accept(clinician_client, workup, "gut")
    assert "GUT.ALARM_FEATURES" in flag_codes()


def test_nothing_can_be_accepted_into_a_signed_workup(
    clinician_client, clinician, questionnaire, workup
):
    reported(questionnaire, {"pain": PAIN_ANSWERS})
    version = version_of(workup, "pain")
    workup_services.workup_sign(workup=workup, signer=clinician, password=PASSWORD)
    signed = Workup.objects.get(pk=workup.pk)
    before = (signed.signed_document, signed.signed_document_sha256)
    page = clinician_client.post(accept_url(workup, "pain"), {"version": version}, follow=True)
    assert "the patient&#x27;s answers cannot be taken into it" in page.content.decode()
    with pytest.raises(SignedWorkupError):
        section_accept(actor=clinician, workup=signed, section="pain", expected_version=version)
    after = Workup.objects.get(pk=workup.pk)
    assert (after.signed_document, after.signed_document_sha256) == before
    assert not SectionAcceptance.objects.exists()
    assert not AuditEvent.objects.filter(action=actions.QUESTIONNAIRE_ACCEPT).exists()


@pytest.mark.parametrize("persona", ["staff", "admin_user"])
def test_staff_and_administrators_cannot_accept(request, client, persona, questionnaire, workup):
    reported(questionnaire, {"pain": PAIN_ANSWERS})
    sign_in(client, request.getfixturevalue(persona))
    assert accept(client, workup, "pain").status_code == 403
    assert stored(workup, "pain") is None
    assert not SectionAcceptance.objects.exists()


def test_staff_see_no_accept_button(staff_client, questionnaire, workup):
    reported(questionnaire, {"pain": PAIN_ANSWERS})
    page = staff_client.get(section_url(workup, "pain")).content.decode()
    assert "Accept into this section" not in page


def test_another_patients_workup_is_not_found(clinician_client, clinician, questionnaire):
    reported(questionnaire, {"pain": PAIN_ANSWERS})
    other = make_patient(mrn="Q2002")
    other_questionnaire, _ = invite(patient=other, actor=clinician)
    url = reverse("questionnaires:accept", args=[other.pk, questionnaire.workup_id, "pain"])
    assert clinician_client.post(url, {"version": 0}).status_code == 404
    assert other_questionnaire.workup_id != questionnaire.workup_id
    assert not SectionAcceptance.objects.exists()


def test_a_revoked_questionnaires_answers_are_not_offered(clinician_client, questionnaire):
    reported(questionnaire, {"pain": PAIN_ANSWERS})
    questionnaire.revoked_at = timezone.now()
    questionnaire.save()
    page = clinician_client.get(section_url(questionnaire.workup, "pain")).content.decode()
    assert "What the patient answered" not in page


def test_a_signed_summary_keeps_the_lines_of_the_sections_accepted_before_signing(
    clinician_client, clinician, questionnaire, workup, tmp_path
):
    reported(questionnaire, {"gut": {"symptoms": ["bloating"]}})
    accept(clinician_client, workup, "gut")
    workup_services.workup_sign(workup=workup, signer=clinician, password=PASSWORD)
    signed = Workup.objects.get(pk=workup.pk)
    data = summary_services.signed_summary_bytes(workup=signed)
    text = re.sub(r"\s+", " ", " ".join(pdf_text(data, tmp_path)))
    assert "Patient-reported on" in text and "accepted by Ines Rivera" in text
    summary = reverse("summaries:summary", args=[workup.patient_id, workup.pk])
    assert "accepted by Ines Rivera" in clinician_client.get(summary).content.decode()


def test_an_acceptance_is_never_changed(clinician_client, questionnaire, workup):
    reported(questionnaire, {"gut": {"symptoms": ["bloating"]}})
    accept(clinician_client, workup, "gut")
    acceptance = SectionAcceptance.objects.get()
    acceptance.section_version = 99
    with pytest.raises(ValueError):
        acceptance.save()
