"""Questionnaires for tests, made through the invitation service (so as the clinic makes
them), and a patient's browser driven through the patient's pages."""

from django.urls import reverse

from questionnaires import services
from questionnaires.parts import default_parts_for
from tests.workup.factories import make_workup


def invite(*, patient, actor, workup=None, parts=None, channel="link"):
    """(questionnaire, code) for a draft of `patient` (a new draft made directly when none is
    given)."""
    workup = workup or make_workup(patient=patient, clinician=actor)
    return services.questionnaire_invite(
        actor=actor,
        patient=patient,
        parts=parts or default_parts_for(patient),
        channel=channel,
        workup=workup,
    )


def link(code: str) -> str:
    return services.link_path(code)


def dob_text(patient) -> str:
    return patient.date_of_birth.isoformat()


def open_and_confirm(client, code: str, patient, **extra):
    """Open the link and confirm the date of birth: the browser then holds the questionnaire."""
    opened = client.get(link(code), **extra)
    assert opened.status_code == 302, opened.status_code
    confirmed = client.post(
        reverse("questionnaires:patient_confirm"),
        {"date_of_birth": dob_text(patient)},
        **extra,
    )
    assert confirmed.status_code == 302, confirmed.content.decode()[:2000]
    return confirmed


def part_url(part: str) -> str:
    return reverse("questionnaires:patient_part", kwargs={"part": part})


def mood_answers(item9: int = 0, others: int = 1) -> dict:
    data = {f"item_{n}": str(others) for n in range(1, 9)}
    data["item_9"] = str(item9)
    return data


def with_patient_session(*, confirmed: bool = True):
    """A client preparation (tests/security/fuzz.py): this browser holds the URL sweep's
    questionnaire, its date of birth confirmed or not, as after opening the link."""

    def prepare(client, request):
        import time

        from questionnaires.patient_session import KEY

        world = request.getfixturevalue("world")
        session = client.session
        session[KEY] = {
            "id": world["questionnaire_id"],
            "confirmed": confirmed,
            "kiosk": False,
            "seen": time.time(),
        }
        session.save()

    return prepare
