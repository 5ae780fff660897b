"""The parts a patient may be asked to answer: one page each, in this order.

Only instruments whose items may be shown are here (clinical specification, section 2): the
FIQR, PSQI, ISI and STOP-Bang are licensed, so the clinician enters their totals from the
licensed forms and they are never asked. ACE and PC-PTSD-5 are asked only where the practice
offers them (``QUESTIONNAIRE_TRAUMA_SCREENS``), and the cycle questions only of patients whose
sex at birth is not male.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

TRAUMA_OFF = "off"
TRAUMA_OFFERED = "offered"
TRAUMA_INCLUDED = "included"
TRAUMA_SCREEN_CHOICES = (TRAUMA_OFF, TRAUMA_OFFERED, TRAUMA_INCLUDED)


@dataclass(frozen=True, slots=True)
class Part:
    code: str  # the page's URL part, also its key in ``saved_parts``
    title: str  # the patient's words
    staff_label: str  # the clinic's words, on the invitation and questionnaire pages
    section: str  # the workup section its answers belong to
    trauma_screen: bool = False
    not_for_male: bool = False


PARTS: tuple[Part, ...] = (
    Part("pain_areas", "Where you have pain", "Pain areas (WPI)", "pain"),
    Part(
        "symptoms",
        "Tiredness, sleep and other symptoms",
        "Symptom severity (SSS), symptom duration and pain now",
        "pain",
    ),
    Part("mood", "Your mood", "PHQ-9", "mental"),
    Part("worry", "Worry and anxiety", "GAD-7", "mental"),
    Part("childhood", "Your childhood", "ACE", "mental", trauma_screen=True),
    Part("frightening_events", "Frightening events", "PC-PTSD-5", "mental", trauma_screen=True),
    Part(
        "activity",
        "Exercise, sleep and diet",
        "Exercise, sleep hours and diets tried",
        "lifestyle",
    ),
    Part("gut", "Your stomach and bowels", "Gut symptoms", "gut"),
    Part(
        "cycle",
        "Periods and menopause",
        "Reproductive stage and cycle-related flares",
        "hormones",
        not_for_male=True,
    ),
    Part(
        "medicines",
        "Your medicines",
        "Current medicines (as the patient lists them)",
        "medications",
    ),
    Part("warning_signs", "Other symptoms to tell us about", "Red-flag questions", "red_flags"),
)
PARTS_BY_CODE = {part.code: part for part in PARTS}


def trauma_screens() -> str:
    return settings.QUESTIONNAIRE_TRAUMA_SCREENS


def parts_for(patient) -> list[Part]:
    """Every part this patient may be asked, in page order."""
    offered = trauma_screens() != TRAUMA_OFF
    return [
        part
        for part in PARTS
        if (offered or not part.trauma_screen)
        and not (part.not_for_male and patient.sex_at_birth == "male")
    ]


def default_parts_for(patient) -> list[str]:
    """What the invitation ticks at first: every part the patient may be asked, the trauma
    screens only where the practice includes them by default."""
    included = trauma_screens() == TRAUMA_INCLUDED
    return [part.code for part in parts_for(patient) if included or not part.trauma_screen]


def chosen_parts(codes) -> list[Part]:
    """The parts of a questionnaire, in page order."""
    chosen = set(codes)
    return [part for part in PARTS if part.code in chosen]
