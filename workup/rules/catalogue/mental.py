"""MENTAL: suicidal ideation, depression, anxiety, stress and trauma (validated screens)."""

from __future__ import annotations

from .. import evidence as ev
from ..instruments import ace_high_exposure, gad7, pc_ptsd5_positive, phq9, pss10
from .base import Context, rule, sentences

_ITEM9_ANSWERS = {1: "several days", 2: "more than half the days", 3: "nearly every day"}


def _item9(ctx: Context):
    m = ctx.facts.mental
    if m is None or m.phq9_items is None or m.phq9_items[8] < 1:
        return None
    return m.phq9_items[8]


def _by_total(total: int) -> str:
    return "high" if total >= 15 else "moderate" if total >= 10 else "low"


def _depression(ctx: Context):
    m = ctx.facts.mental
    if m is None:
        return None
    score = phq9(m.phq9_items)
    return score if score is not None and score.total >= 5 else None


def _anxiety(ctx: Context):
    m = ctx.facts.mental
    if m is None:
        return None
    score = gad7(m.gad7_items)
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


def _mood_recommendation(kind: str):
    def recommendation(score) -> str:
        if score.total < 10:
            return (
                f"Mild {kind} symptoms: review them at follow-up and re-screen; psychological "
                "support is an option to offer."
            )
        return (
            f"Assess for {'an' if kind[0] in 'aeiou' else 'a'} {kind} disorder and treat it on "
            "its own merits. Psychological therapies are weakly recommended in fibromyalgia, "
            "particularly with mood disorder (EULAR 2016)."
        )

    return recommendation


def _trauma(ctx: Context):
    m = ctx.facts.mental
    if m is None:
        return None
    parts = []
    if m.ace_score is not None and ace_high_exposure(m.ace_score):
        parts.append(f"ACE score {m.ace_score} is 4 or more (high exposure)")
    if m.pc_ptsd5 is not None and pc_ptsd5_positive(m.pc_ptsd5):
        parts.append(f"PC-PTSD-5 score {m.pc_ptsd5} is 3 or more (positive PTSD screen)")
    return parts or None


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
            "PHQ-9 item 9 (thoughts of death or self-harm) scored 1 or more, whatever the total."
        ),
        title="Thoughts of death or self-harm (PHQ-9 item 9)",
        when=_item9,
        because=lambda ctx, answer: (
            f"PHQ-9 item 9 (thoughts that you would be better off dead, or of hurting yourself) "
            f"is scored {answer} ({_ITEM9_ANSWERS[answer]}); any answer above 0 is a safety "
            "alert whatever the total."
        ),
        recommendation=(
            "Assess suicide risk today, before the patient leaves: ask directly about thoughts, "
            "intent, plans and means, and follow the local crisis pathway."
        ),
        evidence=(ev.KROENKE_2001,),
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
        recommendation=_mood_recommendation("depressive"),
        evidence=(ev.KROENKE_2001, ev.EULAR_2016_PSYCH),
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
        recommendation=_mood_recommendation("anxiety"),
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
        title="Trauma history",
        when=_trauma,
        because=lambda ctx, parts: sentences(parts),
        recommendation=(
            "Offer trauma-informed psychological care, and assess for PTSD where the screen is "
            "positive. Trauma is more common in fibromyalgia; these are screens, not diagnoses."
        ),
        evidence=(ev.FELITTI_1998, ev.PRINS_2016, ev.HAUSER_2011, ev.EULAR_2016_PSYCH),
    ),
)
