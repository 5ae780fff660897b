"""HORM: reproductive stage, cycle-related flares, testosterone and morning cortisol."""

from __future__ import annotations

from .. import evidence as ev
from .base import Context, below_limit, rule, sentence

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
        evidence=(ev.HORMONE_COHORTS,),
    ),
    rule(
        "HORM.CYCLE_FLARES",
        severity="moderate",
        action="consider",
        fires_when="Cycle-related flares in the follicular, menstrual or luteal phase.",
        title="Cycle-related flares",
        when=_cycle_flares,
        because=lambda ctx, phase: (
            f"Symptom flares are reported in the {phase} phase of the cycle."
        ),
        recommendation=(
            "Consider a symptom diary over two or more cycles and discuss management options. "
            "Hormonal links with fibromyalgia are reported inconsistently in small studies; test "
            "hormones only for standard indications."
        ),
        evidence=(ev.HORMONE_COHORTS,),
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
        evidence=(ev.HORMONE_COHORTS,),
    ),
    rule(
        "HORM.TESTOSTERONE_LOW",
        severity="moderate",
        action="recommend",
        fires_when=(
            "Sex at birth male and total testosterone below its lower limit (300 ng/dL or the "
            "laboratory's)."
        ),
        title="Low testosterone",
        # Only a male patient has a testosterone range (labs.py), even with a lab's own limit.
        when=lambda ctx: below_limit(ctx.lab("testosterone_total")),
        because=lambda ctx, text: sentence(text),
        recommendation=(
            "Repeat a fasting morning total testosterone before drawing conclusions, and treat "
            "hypogonadism only on standard indications. Evidence that this changes fibromyalgia "
            "symptoms comes from small studies only: consider and discuss."
        ),
        evidence=(ev.BHASIN_2018, ev.HORMONE_COHORTS),
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
