"""HORM: reproductive stage, cycle-related flares, testosterone and morning cortisol."""

from __future__ import annotations

from .. import evidence as ev
from .base import Context, below_limit, join, rule, sentence

_FLARE_PHASES = {"follicular", "menstrual", "luteal"}
_TRANSITIONS = {"perimenopausal", "postpartum"}


def _cycle_flares(ctx: Context):
    h = ctx.facts.hormones
    return (
        h.cycle_related_flares
        if h is not None and h.cycle_related_flares in _FLARE_PHASES
        else None
    )


def _transition(ctx: Context):
    h = ctx.facts.hormones
    return h.reproductive_stage if h is not None and h.reproductive_stage in _TRANSITIONS else None


def _testosterone_low(ctx: Context):
    """The reading's text, any recorded opioid, and whether sleep apnoea or obesity comes first.

    Only a male patient has a testosterone range (labs.py), even with a laboratory's own limit.
    """
    low = below_limit(ctx.lab("testosterone_total"))
    if low is None:
        return None
    opioids = list(dict.fromkeys(m.name for m in ctx.medications_of("opioid")))
    first = ctx.fired.get("LIFE.OSA_RISK") == "high" or "LIFE.OBESITY" in ctx.fired
    return low, opioids, first


def _testosterone_recommendation(match) -> str:
    _, opioids, first = match
    parts = [
        "Before drawing conclusions, confirm with a repeat fasting morning sample; treat "
        "hypogonadism only on standard indications (Bhasin 2018)."
    ]
    if opioids:
        parts.append(
            f"The recorded opioid ({join(opioids)}) can cause opioid-induced hypogonadism: review "
            "it with the prescriber."
        )
    if first:
        parts.append(
            "Treat sleep apnoea and obesity first; testosterone is not given with untreated "
            "severe sleep apnoea."
        )
    parts.append("Testosterone is not a fibromyalgia treatment.")
    return " ".join(parts)


RULES = (
    rule(
        "HORM.NOT_ASSESSED",
        severity="low",
        action="recommend",
        fires_when="The hormones section is absent.",
        title="Hormonal context not recorded",
        when=lambda ctx: True if ctx.facts.hormones is None else None,
        because=lambda ctx, m: (
            "The hormones section (reproductive stage, cycle-related flares, hormone therapy) is "
            "not recorded."
        ),
        recommendation=(
            "Consider recording the reproductive stage, any cycle-related flares and hormone "
            "therapy, as context for the symptom history."
        ),
        evidence=(ev.ALONSO_2004, ev.PAMUK_2009),
    ),
    rule(
        "HORM.CYCLE_FLARES",
        severity="low",
        action="consider",
        fires_when="Cycle-related flares in the follicular, menstrual or luteal phase.",
        title="Cycle-related flares",
        when=_cycle_flares,
        because=lambda ctx, phase: (
            f"Symptom flares are reported in the {phase} phase of the cycle."
        ),
        recommendation=(
            "Consider a symptom diary over two or more cycles and discuss management options. "
            "Links between the cycle and fibromyalgia pain are reported inconsistently (in one "
            "study pain did not vary between cycle phases); test hormones only for standard "
            "indications."
        ),
        evidence=(ev.ALONSO_2004, ev.SCHERTZINGER_2018),
    ),
    rule(
        "HORM.TRANSITION",
        severity="moderate",
        action="recommend",
        fires_when="Reproductive stage perimenopausal or postpartum.",
        title="Hormonal transition",
        when=_transition,
        because=lambda ctx, stage: f"The reproductive stage is {stage}.",
        recommendation=(
            "Consider whether perimenopausal or postpartum changes (sleep disturbance, vasomotor "
            "symptoms, mood) contribute, and manage them on standard indications. Links with "
            "fibromyalgia are reported inconsistently in small studies: consider and discuss."
        ),
        evidence=(ev.PAMUK_2009,),
    ),
    rule(
        "HORM.TESTOSTERONE_LOW",
        severity="moderate",
        action="recommend",
        fires_when=(
            "Sex at birth male and total testosterone below its lower limit (264 ng/dL, the "
            "Bhasin 2018 harmonised range, or the laboratory's)."
        ),
        title="Low testosterone",
        when=_testosterone_low,
        because=lambda ctx, match: sentence(match[0]),
        recommendation=_testosterone_recommendation,
        evidence=(ev.BHASIN_2018,),
        reads=("LIFE.OSA_RISK", "LIFE.OBESITY"),
    ),
    rule(
        "HORM.CORTISOL_LOW",
        severity="high",
        action="recommend",
        fires_when="Morning cortisol below 5 ug/dL (or the laboratory's lower limit).",
        title="Low morning cortisol",
        when=lambda ctx: below_limit(ctx.lab("cortisol_am")),
        because=lambda ctx, text: sentence(text),
        recommendation=(
            "Assess for adrenal insufficiency: check the sampling time and glucocorticoid or "
            "opioid use, and arrange a corticotropin stimulation test or endocrinology review. "
            "Adrenal insufficiency can present with fatigue and myalgia."
        ),
        evidence=(ev.BORNSTEIN_2016,),
    ),
)
