"""A patient answers before the visit: practice staff invite the patient for a visit's draft, the
patient opens the link on a 390 px phone, confirms their date of birth, saves, comes back,
answers PHQ-9 item 9 above 0 (the support page with the crisis contacts shows at once) and
sends; the clinician sees the urgent notice on the home page, acknowledges it, accepts the
sections into the draft, and the summary shows them as patient-reported. Every patient page
passes axe (no serious or critical violation)."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from questionnaires.models import Questionnaire
from tests.e2e.conftest import Visitor, authenticator
from tests.patients.factories import make_patient
from tests.questionnaires.factories import part_url
from tests.workup.factories import make_workup

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
CRISIS = "Call the Clinic Crisis Line on 0800 123 456"


@pytest.fixture
def visit(clinician, settings):
    settings.QUESTIONNAIRE_CRISIS_CONTACTS = CRISIS
    patient = make_patient(given_name="Ana", family_name="Silva", primary_clinician=clinician)
    return make_workup(patient=patient, clinician=clinician)


@pytest.fixture
def phone(browser, live_server, request):
    """The patient's own phone: a fresh browser, nobody signed in."""
    context = browser.new_context(viewport=PHONE)
    context.set_default_timeout(15_000)
    yield Visitor(context.new_page(), live_server.url, request.node.name)
    context.close()


def invite(visitor: Visitor, staff, workup) -> str:
    """Staff create a link questionnaire for the visit; returns the link's path."""
    visitor.log_in(staff.username, device=authenticator(staff))
    visitor.goto(reverse("questionnaires:invite", args=[workup.patient_id]))
    visitor.page.get_by_label("Visit", exact=True).select_option(str(workup.pk))
    visitor.page.get_by_label("A link with a code", exact=False).check()
    visitor.press("Create the questionnaire")
    expect(visitor.page.get_by_text("This code is shown only now.")).to_be_visible()
    link = visitor.page.locator(".questionnaire-link code").inner_text()
    return re.sub(r"^https?://[^/]+", "", link.strip())


def confirm_date_of_birth(phone: Visitor, link: str, patient):
    phone.goto(link)
    expect(phone.page.get_by_role("heading", name="Hello Ana")).to_be_visible()
    phone.page.get_by_label("Your date of birth").fill(patient.date_of_birth.isoformat())
    phone.press("Continue")


def fits_the_phone(phone: Visitor):
    width = phone.page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{phone.path} is {width} px wide"


def test_patient_answers_before_the_visit_and_the_clinician_accepts_them(
    visitor_factory, phone, visit, staff, clinician
):
    patient = visit.patient
    link = invite(visitor_factory("patient-answers-staff"), staff, visit)

    # The patient: date of birth, the pain areas, then "finish later".
    confirm_date_of_birth(phone, link, patient)
    assert phone.path == part_url("pain_areas")
    phone.screenshot("patient-pain-areas")
    fits_the_phone(phone)
    phone.page.locator('input[name="areas"][value="neck"]').check()
    phone.page.locator('input[name="areas"][value="left_hip"]').check()
    phone.press("Save and continue")
    assert phone.path == part_url("symptoms")
    phone.page.locator('input[name="fatigue"][value="3"]').check()
    phone.press("Save and finish later")
    expect(phone.page.get_by_role("heading", name="Your answers are saved")).to_be_visible()
    phone.screenshot("patient-saved")

    # Back later on the same link: the date of birth again, then where the patient left off.
    confirm_date_of_birth(phone, link, patient)
    assert phone.path == part_url("mood")
    for item in range(1, 9):
        phone.page.locator(f'input[name="item_{item}"][value="1"]').check()
    phone.page.locator('input[name="item_9"][value="1"]').check()
    phone.screenshot("patient-mood")
    phone.press("Save and continue")
    expect(phone.page.get_by_role("heading", name="Thank you for telling us")).to_be_visible()
    expect(phone.page.get_by_text(CRISIS)).to_be_visible()
    fits_the_phone(phone)
    phone.screenshot("patient-support")
    phone.follow("Continue with the questions")

    phone.goto(part_url("gut"))
    phone.page.locator('input[name="symptoms"][value="bloating"]').check()
    phone.press("Save and continue")
    phone.goto(reverse("questionnaires:patient_review"))
    expect(phone.page.get_by_text("Left hip or buttock; Neck")).to_be_visible()
    phone.screenshot("patient-review")
    phone.press("Send my answers")
    thanks = phone.page.get_by_role("heading", name="Thank you: your answers were sent")
    expect(thanks).to_be_visible()
    phone.screenshot("patient-thanks")
    questionnaire = Questionnaire.objects.get(workup=visit)
    assert questionnaire.submitted_at is not None

    # The clinician: the urgent notice, acknowledged; then the review, section by section.
    desk = visitor_factory("patient-answers-clinician")
    desk.log_in(clinician.username, device=authenticator(clinician))
    desk.goto(reverse("home"))
    alerts = desk.page.locator("#safety-alerts")
    expect(alerts).to_contain_text("Ana Silva")
    desk.press("Acknowledge the safety answer of Ana Silva")
    expect(desk.page.locator("#safety-alerts")).to_have_count(0)

    for section in ("pain", "mental", "gut"):
        desk.goto(reverse("workup:section", args=[patient.pk, visit.pk, section]))
        panel = desk.page.locator("#patient-answers")
        expect(panel).to_contain_text("What the patient answered on")
        if section == "pain":
            expect(panel).to_contain_text("Left hip or buttock; Neck")
            desk.screenshot("review-panel")
        desk.press("Accept into this section")
        expect(desk.page.get_by_text("the patient's answers were accepted")).to_be_visible()
        expect(desk.page.locator(".provenance").first).to_contain_text("accepted by Ines Rivera")

    desk.goto(reverse("summaries:summary", args=[patient.pk, visit.pk]))
    for block in ("pain", "mental", "gut"):
        expect(desk.page.locator(f"#findings-{block} .finding-provenance")).to_contain_text(
            "Patient-reported on"
        )
    expect(desk.page.locator("#findings-pain")).to_contain_text("accepted by Ines Rivera")
    desk.screenshot("summary")
