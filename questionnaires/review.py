"""What the patient saved, in their own words, part by part: the review page before sending."""

from __future__ import annotations

from dataclasses import dataclass

from questionnaires import words
from questionnaires.parts import Part, chosen_parts
from workup.presenters import FREQUENCY_ANSWERS
from workup.rules import fmt, vocab

NOT_ANSWERED = "Not answered"


@dataclass(frozen=True)
class Line:
    question: str
    answer: str


@dataclass(frozen=True)
class PartReview:
    part: Part
    saved: bool
    lines: list[Line]


def _number(value, unit: str) -> str:
    return NOT_ANSWERED if value is None else f"{fmt.num(value)} {unit}".strip()


def _chosen(codes, labels: dict, none: str) -> str:
    if codes is None:
        return NOT_ANSWERED
    return "; ".join(labels[code] for code in codes) if codes else none


def _pain_areas(answers, responses):
    areas = (answers.get("pain") or {}).get("wpi_areas")
    return [Line("Areas with pain in the past week", _chosen(areas, words.AREA_WORDS, "None"))]


def _symptoms(answers, responses):
    pain = answers.get("pain") or {}
    sss = pain.get("sss") or {}
    lines = [
        Line(label, words.words(words.SEVERITY_ANSWERS, sss.get(name)))
        for name, label in words.SEVERITY_QUESTIONS.items()
    ]
    lines += [
        Line(f"{label} (past 6 months)", words.words(words.YES_NO, sss.get(name)))
        for name, label in words.PAST_SIX_MONTHS.items()
    ]
    lines.append(Line("How long", _number(pain.get("symptom_duration_months"), "months")))
    lines.append(Line("Pain right now (0 to 10)", _number(pain.get("pain_nrs"), "")))
    return lines


def _frequency_items(key, items):
    def lines(answers, responses):
        given = (answers.get("mental") or {}).get(key)
        return [
            Line(
                text,
                NOT_ANSWERED if not given else FREQUENCY_ANSWERS[given[i]].capitalize(),
            )
            for i, text in enumerate(items)
        ]

    return lines


def _yes_no_items(items, given):
    return [
        Line(text, NOT_ANSWERED if not given else words.words(words.YES_NO, given[i]))
        for i, text in enumerate(items)
    ]


def _childhood(answers, responses):
    return _yes_no_items(words.CHILDHOOD_ITEMS, responses.get("childhood"))


def _frightening_events(answers, responses):
    saved = responses.get("frightening_events") or {}
    exposure = saved.get("exposure")
    lines = [Line(words.EVENTS_EXPOSURE, words.words(words.YES_NO, exposure))]
    if exposure:
        lines += _yes_no_items(words.EVENTS_ITEMS, saved.get("items"))
    return lines


def _activity(answers, responses):
    lifestyle = answers.get("lifestyle") or {}
    return [
        Line(
            "Exercise that makes you breathe faster",
            _number(lifestyle.get("aerobic_minutes_per_week"), "minutes a week"),
        ),
        Line(
            "Exercise for your muscles",
            _number(lifestyle.get("strength_sessions_per_week"), "times a week"),
        ),
        Line("Sleep", _number(lifestyle.get("sleep_hours"), "hours a night")),
        Line(
            "Diets tried",
            _chosen(lifestyle.get("diets_tried") if lifestyle else None, words.DIET_WORDS, "None"),
        ),
    ]


def _gut(answers, responses):
    symptoms = (answers.get("gut") or {}).get("symptoms")
    return [Line("Stomach and bowel symptoms", _chosen(symptoms, words.GUT_WORDS, "None"))]


def _cycle(answers, responses):
    hormones = answers.get("hormones") or {}
    return [
        Line(
            "What describes you now",
            words.words(words.STAGE_WORDS, hormones.get("reproductive_stage")),
        ),
        Line(
            "Symptoms and your cycle",
            words.words(words.FLARE_WORDS, hormones.get("cycle_related_flares")),
        ),
    ]


def _medicines(answers, responses):
    listed = answers.get("medications")
    if listed is None:
        return [Line("Medicines", NOT_ANSWERED)]
    if not listed:
        return [Line("Medicines", "I do not take any medicines")]
    return [Line(f"Medicine {i}", row["name"]) for i, row in enumerate(listed, 1)]


def _warning_signs(answers, responses):
    saved = answers.get("red_flags") or {}
    not_sure = set(responses.get("warning_signs") or ())
    return [
        Line(
            words.WARNING_SIGNS[code],
            "Not sure" if code in not_sure else words.words(words.YES_NO, saved.get(code)),
        )
        for code in vocab.RED_FLAGS
    ]


_LINES = {
    "pain_areas": _pain_areas,
    "symptoms": _symptoms,
    "mood": _frequency_items("phq9_items", words.MOOD_ITEMS),
    "worry": _frequency_items("gad7_items", words.WORRY_ITEMS),
    "childhood": _childhood,
    "frightening_events": _frightening_events,
    "activity": _activity,
    "gut": _gut,
    "cycle": _cycle,
    "medicines": _medicines,
    "warning_signs": _warning_signs,
}


def questionnaire_review(questionnaire) -> list[PartReview]:
    answers, responses = questionnaire.answers, questionnaire.responses
    return [
        PartReview(
            part=part,
            saved=part.code in questionnaire.saved_parts,
            lines=_LINES[part.code](answers, responses),
        )
        for part in chosen_parts(questionnaire.parts)
    ]


def section_review(questionnaire, section: str) -> list[PartReview]:
    """The parts of a questionnaire whose answers belong to one workup section, in the
    patient's words (the review panel beside the section's form)."""
    return [
        review for review in questionnaire_review(questionnaire) if review.part.section == section
    ]
