"""An amendment starts as a copy of the signed workup it amends: the sections it copied keep
where their values came from, say so once the amendment changes them, and lose it once
cleared."""

import pytest
from django.urls import reverse
from django.utils import timezone

from config.dates import show_date
from questionnaires.provenance import provenance_words
from tests.conftest import PASSWORD
from tests.questionnaires.test_review import (
    PAIN_ANSWERS,
    accept,
    flat,
    reported,
    save,
    section_url,
    version_of,
)
from workup import services as workup_services
from workup.models import Workup
from workup.rules.facts import Pain

pytestmark = pytest.mark.django_db

REASON = "Pain areas were recorded on the wrong side."


@pytest.fixture
def workup(questionnaire):
    return questionnaire.workup


@pytest.fixture
def today():
    return show_date(timezone.now())


def sign_and_amend(workup, clinician) -> Workup:
    workup_services.workup_sign(workup=workup, signer=clinician, password=PASSWORD)
    signed = Workup.objects.get(pk=workup.pk)
    return workup_services.workup_amend(workup=signed, actor=clinician, reason=REASON)


def test_a_section_copied_into_an_amendment_keeps_where_it_came_from(
    clinician_client, clinician, questionnaire, workup, today
):
    reported(questionnaire, {"pain": PAIN_ANSWERS})
    accept(clinician_client, workup, "pain")
    amendment = sign_and_amend(workup, clinician)
    words = f"Patient-reported on {today}, accepted by Ines Rivera on {today}"
    assert provenance_words(amendment) == {"pain": words}
    for page in (
        amendment.get_absolute_url(),
        section_url(amendment, "pain"),
        reverse("summaries:summary", args=[amendment.patient_id, amendment.pk]),
    ):
        shown = flat(clinician_client.get(page).content.decode())
        assert words in shown, page
        assert "since edited" not in shown, page


def test_a_copied_section_changed_in_the_amendment_says_by_whom(
    clinician, questionnaire, workup, clinician_client, today
):
    reported(questionnaire, {"pain": PAIN_ANSWERS})
    accept(clinician_client, workup, "pain")
    amendment = sign_and_amend(workup, clinician)
    save(amendment, "pain", Pain(wpi_areas=("neck",), fiqr_total=50), clinician)
    assert provenance_words(Workup.objects.get(pk=amendment.pk)) == {
        "pain": f"Patient-reported on {today}, accepted by Ines Rivera on {today}, "
        "since edited by Ines Rivera"
    }


def test_words_that_already_said_edited_stay_as_they_were_signed(
    clinician, other_clinician, questionnaire, workup, clinician_client, today
):
    reported(questionnaire, {"pain": PAIN_ANSWERS})
    accept(clinician_client, workup, "pain")
    save(workup, "pain", Pain(wpi_areas=("neck",), fiqr_total=50), other_clinician)
    amendment = sign_and_amend(workup, clinician)
    save(amendment, "pain", Pain(wpi_areas=("neck",), fiqr_total=55), clinician)
    signed_words = provenance_words(Workup.objects.get(pk=workup.pk))["pain"]
    assert signed_words.endswith("since edited by Wei Chen")
    assert provenance_words(Workup.objects.get(pk=amendment.pk)) == {"pain": signed_words}


def test_a_copied_section_cleared_in_the_amendment_has_no_words(
    clinician, questionnaire, workup, clinician_client
):
    reported(questionnaire, {"pain": PAIN_ANSWERS, "gut": {"symptoms": ["bloating"]}})
    accept(clinician_client, workup, "pain")
    accept(clinician_client, workup, "gut")
    amendment = sign_and_amend(workup, clinician)
    workup_services.section_clear(
        actor=clinician,
        workup=amendment,
        name="pain",
        expected_version=version_of(amendment, "pain"),
    )
    assert set(provenance_words(Workup.objects.get(pk=amendment.pk))) == {"gut"}


def test_the_reviewed_medicine_list_is_carried_into_the_amendment(
    clinician, questionnaire, workup, clinician_client, today
):
    reported(questionnaire, {"medications": [{"name": "Pregabalin 75 mg"}]})
    accept(clinician_client, workup, "medications")
    amendment = sign_and_amend(workup, clinician)
    assert provenance_words(amendment) == {
        "medications": f"Patient's list of {today} reviewed by Ines Rivera on {today}"
    }


def test_an_amendment_of_an_amendment_keeps_the_words_of_the_first_workup(
    clinician, questionnaire, workup, clinician_client, today
):
    reported(questionnaire, {"pain": PAIN_ANSWERS})
    accept(clinician_client, workup, "pain")
    first = sign_and_amend(workup, clinician)
    second = sign_and_amend(first, clinician)
    assert provenance_words(second) == {
        "pain": f"Patient-reported on {today}, accepted by Ines Rivera on {today}"
    }


def test_a_workup_that_amends_nothing_reads_no_other_workup(
    clinician_client, questionnaire, workup, django_assert_num_queries
):
    reported(questionnaire, {"pain": PAIN_ANSWERS})
    accept(clinician_client, workup, "pain")
    draft = Workup.objects.select_related("pain", "pain__updated_by").get(pk=workup.pk)
    with django_assert_num_queries(1):
        assert set(provenance_words(draft)) == {"pain"}
