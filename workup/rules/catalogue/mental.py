"""MENTAL: suicidal ideation, depression, anxiety, stress and trauma (validated screens)."""

from __future__ import annotations

from .. import evidence as ev
from ..instruments import (
    ace_high_exposure,
    gad7_of,
    pc_ptsd5_positive,
    phq9_item9_of,
    phq9_of,
    pss10,
)
from .base import Context, join, rule, sentences

_ITEM9_ANSWERS = {1: "several days", 2: "more than half the days", 3: "nearly every day"}

# Medicines taken in overdose whose access is reviewed after a positive item 9 (Zalsman 2016).
_MEANS_CLASSES = {
    "tricyclic": "tricyclic",
    "opioid": "opioid",
    "benzodiazepine": "benzodiazepine",
    "z_drug": "Z-drug",
    "gabapentinoid": "gabapentinoid",
}


def _item9(ctx: Context):
    """(item 9, the recorded medicines to review or None when the medication list is absent,
    whether the answer is the patient's own from a questionnaire not yet reviewed)."""
    recorded = phq9_item9_of(ctx.facts.mental)
    reported = ctx.facts.patient_reported_phq9_item9
    answers = [a for a in (recorded, reported) if a is not None]
    answer = max(answers, default=None)
    if answer is None or answer < 1:
        return None
    from_questionnaire = reported == answer and (recorded is None or reported > recorded)
    if ctx.facts.medications is None:
        return answer, None, from_questionnaire
    means = [
        f"{m.name} ({_MEANS_CLASSES[m.drug_class]})" for m in ctx.medications_of(*_MEANS_CLASSES)
    ]
    return answer, list(dict.fromkeys(means)), from_questionnaire


def _item9_because(ctx: Context, match) -> str:
    answer, _, from_questionnaire = match
    scored = (
        "was answered by the patient in the questionnaire before the visit (not yet reviewed) as"
        if from_questionnaire
        else "is scored"
    )
    return (
        "PHQ-9 item 9 (thoughts that you would be better off dead, or of hurting yourself) "
        f"{scored} {answer} ({_ITEM9_ANSWERS[answer]}); any answer above 0 is a safety alert "
        "whatever the total."
    )


def _means(recorded: list[str] | None) -> str:
    if recorded is None:
        return ", including prescribed tricyclics, opioids (including tramadol) and sedatives,"
    if not recorded:
        return " (no tricyclic, opioid or sedative is recorded: ask about medicines at home),"
    return f", including the recorded {join(recorded)},"


def _suicide_recommendation(match) -> str:
    _, recorded, _ = match
    return (
        "Safety first: ask today about intent, plans, means and recent self-harm (by phone the "
        "same day when the form is scored after the visit). If any is present, follow the local "
        "crisis pathway before the patient leaves. Review access to means"
        f"{_means(recorded)} and limit quantities supplied."
    )


def _by_total(total: int) -> str:
    return "high" if total >= 15 else "moderate" if total >= 10 else "low"


def _depression(ctx: Context):
    score = phq9_of(ctx.facts.mental)
    return score if score is not None and score.total >= 5 else None


def _anxiety(ctx: Context):
    score = gad7_of(ctx.facts.mental)
    return score if score is not None and score.total >= 5 else None


def _band_words(band: str) -> str:
    return band.replace("_", " ")


BAND_LIMITS = {
    "mild": "5-9",
    "moderate": "10-14",
    "moderately_severe": "15-19",
    "severe": "20-27",
}


def _mood_because(instrument: str, maximum: int, kind: str, band_limits: dict[str, str]):
    def because(ctx, s) -> str:
        return (
            f"{instrument} total {s.total} of {maximum} is in the {_band_words(s.band)} band "
            f"({band_limits[s.band]}): {kind} symptoms. The flag starts at a total of 5 "
            "(low 5-9, moderate 10-14, high 15 or more)."
        )

    return because


def _depression_recommendation(score) -> str:
    if score.total < 10:
        return (
            "Mild depressive symptoms: review them at follow-up and re-screen; psychological "
            "support is an option to offer."
        )
    if score.total < 15:
        return (
            "Assess for a depressive disorder and treat it on its own merits (NICE NG222): a "
            "psychological therapy, an antidepressant, or both, agreed with the patient."
        )
    text = (
        "At this level, start treatment promptly: drug and/or psychotherapy (an antidepressant, "
        "a psychological therapy, or both, agreed with the patient); NICE NG222 treats a PHQ-9 "
        "of 16 or more as more severe depression. Assess for a depressive disorder and review "
        "risk."
    )
    if score.total >= 20:
        text += " Make an expedited referral to mental-health services."
    return text


def _anxiety_recommendation(score) -> str:
    if score.total < 10:
        return (
            "Mild anxiety symptoms: review them at follow-up and re-screen; psychological "
            "support is an option to offer."
        )
    return (
        "Assess for an anxiety disorder and treat it on its own merits. Psychological therapies "
        "are weakly recommended in fibromyalgia, particularly with mood disorder (EULAR 2016)."
    )


_TRAUMA_TITLES = {
    "ace": "High adverse childhood experience score",
    "ptsd": "Positive PTSD screen",
}


def _trauma(ctx: Context):
    """{"ace": text, "ptsd": text} for the screens that are positive, or None."""
    m = ctx.facts.mental
    if m is None:
        return None
    found = {}
    if m.ace_score is not None and ace_high_exposure(m.ace_score):
        found["ace"] = f"ACE score {m.ace_score} is 4 or more (high exposure)"
    if m.pc_ptsd5 is not None and pc_ptsd5_positive(m.pc_ptsd5):
        found["ptsd"] = f"PC-PTSD-5 score {m.pc_ptsd5} is 3 or more (positive PTSD screen)"
    return found or None


def _trauma_title(found: dict[str, str]) -> str:
    titles = [_TRAUMA_TITLES[k] for k in found]
    return titles[0] if len(titles) == 1 else f"{titles[0]} and positive PTSD screen"


def _stress(ctx: Context):
    m = ctx.facts.mental
    score = None if m is None else pss10(m.pss10_total)
    return score.total if score is not None and score.band == "high" else None


RULES = (
    rule(
        "MENTAL.NOT_ASSESSED",
        severity="low",
        action="recommend",
        fires_when="The mental section is absent.",
        title="Mental-emotional health not recorded",
        when=lambda ctx: True if ctx.facts.mental is None else None,
        because=lambda ctx, m: (
            "The mental section (PHQ-9, GAD-7, perceived stress, trauma) is not recorded."
        ),
        recommendation=(
            "Screen for depression (PHQ-9), anxiety (GAD-7), stress and trauma: they are common "
            "alongside fibromyalgia and shape the treatment plan."
        ),
        evidence=(ev.KROENKE_2001, ev.SPITZER_2006, ev.HAUSER_2011, ev.EULAR_2016_PSYCH),
    ),
    rule(
        "MENTAL.SUICIDAL_IDEATION",
        severity="urgent",
        action="recommend",
        fires_when=(
            "PHQ-9 item 9 (thoughts of death or self-harm) scored 1 or more, whatever the "
            "total; also when the patient answered so in a questionnaire not yet reviewed."
        ),
        title="Thoughts of death or self-harm (PHQ-9 item 9)",
        when=_item9,
        because=_item9_because,
        recommendation=_suicide_recommendation,
        evidence=(ev.KROENKE_2001, ev.ZALSMAN_2016),
    ),
    rule(
        "MENTAL.DEPRESSION",
        severity=lambda score: _by_total(score.total),
        action="recommend",
        severity_text="low / moderate / high",
        fires_when="PHQ-9 total 5-9 (low), 10-14 (moderate), 15 or more (high).",
        title="Depressive symptoms (PHQ-9)",
        when=_depression,
        because=_mood_because("PHQ-9", 27, "depressive", BAND_LIMITS),
        recommendation=_depression_recommendation,
        evidence=(ev.KROENKE_2001, ev.NICE_NG222),
    ),
    rule(
        "MENTAL.ANXIETY",
        severity=lambda score: _by_total(score.total),
        action="recommend",
        severity_text="low / moderate / high",
        fires_when="GAD-7 total 5-9 (low), 10-14 (moderate), 15 or more (high).",
        title="Anxiety symptoms (GAD-7)",
        when=_anxiety,
        because=_mood_because("GAD-7", 21, "anxiety", {**BAND_LIMITS, "severe": "15-21"}),
        recommendation=_anxiety_recommendation,
        evidence=(ev.SPITZER_2006, ev.EULAR_2016_PSYCH),
    ),
    rule(
        "MENTAL.HIGH_STRESS",
        severity="moderate",
        action="recommend",
        fires_when="PSS-10 total 27 or more.",
        title="High perceived stress",
        when=_stress,
        because=lambda ctx, total: (
            f"PSS-10 total {total} of 40 is 27 or more (high perceived stress)."
        ),
        recommendation=(
            "Explore the sources of stress and offer support; psychological therapies are weakly "
            "recommended in fibromyalgia (EULAR 2016)."
        ),
        evidence=(ev.COHEN_1983, ev.EULAR_2016_PSYCH),
    ),
    rule(
        "MENTAL.TRAUMA",
        severity="moderate",
        action="recommend",
        fires_when="ACE score 4 or more, or PC-PTSD-5 score 3 or more.",
        title=_trauma_title,
        when=_trauma,
        because=lambda ctx, found: sentences(list(found.values())),
        recommendation=(
            "Offer trauma-informed psychological care, and assess for PTSD. Trauma is more "
            "common in fibromyalgia; these are screens, not diagnoses."
        ),
        evidence=(ev.FELITTI_1998, ev.PRINS_2016, ev.HAUSER_2011, ev.EULAR_2016_PSYCH),
    ),
)
