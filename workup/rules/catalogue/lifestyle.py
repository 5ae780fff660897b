"""LIFE: exercise, sleep, sleep-apnoea risk, weight and diet."""

from __future__ import annotations

from .. import evidence as ev
from .. import fmt
from ..instruments import BandedScore, bmi, isi, one_decimal, psqi_poor_sleep, stop_bang
from .base import Context, rule, sentences

_SLEEP_ADVICE = (
    "Ask about insomnia and sleep apnoea and treat them on their own merits: cognitive "
    "behavioural therapy for insomnia (CBT-I) first (ACP 2016), and testing when sleep apnoea is "
    "suspected. Poor sleep is linked to higher pain sensitivity, but that better sleep lowers "
    "fibromyalgia pain is not established: discuss it as a possible benefit, not a promise."
)
_EXERCISE_ADVICE = (
    "Gains in pain and function are modest, but exercise is the best-supported treatment for "
    "fibromyalgia: start low, progress slowly, and plan for flares."
)


def _field_below(name: str, limit: float):
    def when(ctx: Context):
        life = ctx.facts.lifestyle
        if life is None:
            return None
        value = getattr(life, name)
        return value if value is not None and value < limit else None

    return when


def _poor_sleep(ctx: Context):
    life = ctx.facts.lifestyle
    if life is None:
        return None
    psqi, insomnia = life.psqi_global, isi(life.isi_total)
    parts = []
    if psqi is not None and psqi_poor_sleep(psqi):
        parts.append(f"PSQI global score {psqi} is above 5 (poor sleep quality)")
    if insomnia is not None and insomnia.band in ("moderate", "severe"):
        parts.append(
            f"ISI total {insomnia.total} is 15 or more ({insomnia.band} clinical insomnia)"
        )
    if parts:
        return "moderate", parts
    if insomnia is not None and insomnia.band == "subthreshold":
        return "low", [f"ISI total {insomnia.total} is in the subthreshold insomnia band (8-14)"]
    return None


def _osa_risk(ctx: Context):
    """The STOP-Bang score when its risk band is intermediate (3-4) or high (5 or more)."""
    life = ctx.facts.lifestyle
    score = None if life is None else stop_bang(life.stop_bang)
    return score if score is not None and score.band != "low" else None


def _osa_because(ctx: Context, score: BandedScore) -> str:
    if score.band == "high":
        return f"STOP-Bang score {score.total} is 5 or more: high risk of obstructive sleep apnoea."
    return f"STOP-Bang score {score.total} is 3-4: intermediate risk of obstructive sleep apnoea."


def _osa_recommendation(score: BandedScore) -> str:
    if score.band == "high":
        first = (
            "A questionnaire alone does not diagnose sleep apnoea: evaluate and arrange testing "
            "(a sleep study, or referral to a sleep service; AASM 2017)."
        )
    else:
        first = (
            "A questionnaire alone does not diagnose sleep apnoea: evaluate and arrange testing "
            "when the history (snoring, witnessed apnoeas, daytime sleepiness) supports it "
            "(AASM 2017)."
        )
    return first + " Treat sleep apnoea on its own merits."


def _obesity(ctx: Context):
    life = ctx.facts.lifestyle
    if life is None:
        return None
    value = bmi(life.height_cm, life.weight_kg)
    return value if value is not None and value >= 30 else None


def _obesity_because(ctx: Context, value: float) -> str:
    life = ctx.facts.lifestyle
    return (
        f"BMI {fmt.num(one_decimal(value))} kg/m2 (weight {fmt.num(life.weight_kg)} kg, height "
        f"{fmt.num(life.height_cm)} cm) is 30 or more: obesity."
    )


_short = _field_below("sleep_hours", 7)


def _short_sleep(ctx: Context):
    """Short sleep is named on its own only when poor sleep quality or insomnia did not fire
    (that flag already asks about sleep)."""
    if "LIFE.POOR_SLEEP" in ctx.fired:
        return None
    return _short(ctx)


def _diet_not_addressed(ctx: Context):
    life = ctx.facts.lifestyle
    return True if life is not None and not life.diets_tried else None


RULES = (
    rule(
        "LIFE.NOT_ASSESSED",
        severity="low",
        action="recommend",
        fires_when="The lifestyle section is absent.",
        title="Lifestyle not recorded",
        when=lambda ctx: True if ctx.facts.lifestyle is None else None,
        because=lambda ctx, m: (
            "The lifestyle section (exercise, sleep, diet, weight) is not recorded."
        ),
        recommendation=(
            "Record aerobic minutes and strength sessions per week, sleep hours and scores, "
            "STOP-Bang, diet and weight: exercise is the best-supported treatment."
        ),
        evidence=(ev.EULAR_2016_EXERCISE,),
    ),
    rule(
        "LIFE.LOW_AEROBIC",
        severity="moderate",
        action="recommend",
        fires_when="Aerobic exercise below 150 minutes a week (WHO 2020).",
        title="Aerobic exercise below 150 minutes a week",
        when=_field_below("aerobic_minutes_per_week", 150),
        because=lambda ctx, v: (
            f"Aerobic exercise {v} minutes a week is below the 150 minutes of moderate activity "
            "a week of the WHO 2020 guidance."
        ),
        recommendation=(
            "Advise graded aerobic exercise (for example walking, cycling or water exercise), "
            "building towards 150 minutes a week. " + _EXERCISE_ADVICE
        ),
        evidence=(ev.EULAR_2016_EXERCISE, ev.BIDONDE_2017, ev.BUSCH_2013, ev.BUSCH_2011),
    ),
    rule(
        "LIFE.NO_STRENGTH",
        severity="moderate",
        action="recommend",
        fires_when="Strength training fewer than 2 sessions a week (WHO 2020).",
        title="Strength training below 2 sessions a week",
        when=_field_below("strength_sessions_per_week", 2),
        because=lambda ctx, v: (
            f"Strength training {v} session{'' if v == 1 else 's'} a week is below the 2 days a "
            "week of the WHO 2020 guidance."
        ),
        recommendation=(
            "Advise progressive strength training, building towards 2 sessions a week. "
            + _EXERCISE_ADVICE
        ),
        evidence=(ev.EULAR_2016_EXERCISE, ev.BIDONDE_2017, ev.BUSCH_2013, ev.BUSCH_2011),
    ),
    rule(
        "LIFE.POOR_SLEEP",
        severity=lambda m: m[0],
        action="recommend",
        severity_text="moderate / low",
        fires_when=(
            "Moderate if PSQI global above 5 or ISI total 15 or more; otherwise low if ISI total "
            "8-14."
        ),
        title="Poor sleep quality or insomnia",
        when=_poor_sleep,
        because=lambda ctx, m: sentences(m[1]),
        recommendation=_SLEEP_ADVICE,
        evidence=(ev.CHOY_2015, ev.ACP_2016_INSOMNIA, ev.BUYSSE_1989, ev.ISI_MORIN),
    ),
    rule(
        "LIFE.SHORT_SLEEP",
        severity="moderate",
        action="recommend",
        fires_when="Sleep below 7 hours a night, when LIFE.POOR_SLEEP did not fire.",
        title="Short sleep",
        when=_short_sleep,
        because=lambda ctx, v: f"Sleep {fmt.num(v)} hours a night is below 7 hours.",
        recommendation=_SLEEP_ADVICE,
        evidence=(ev.CHOY_2015, ev.ACP_2016_INSOMNIA),
        reads=("LIFE.POOR_SLEEP",),
    ),
    rule(
        "LIFE.OSA_RISK",
        severity=lambda score: "high" if score.band == "high" else "moderate",
        action="recommend",
        severity_text="moderate / high",
        fires_when="STOP-Bang 3-4 (moderate) or 5 or more (high).",
        title="Risk of obstructive sleep apnoea",
        when=_osa_risk,
        because=_osa_because,
        recommendation=_osa_recommendation,
        evidence=(ev.AASM_2017_OSA, ev.CHUNG_2008, ev.CHOY_2015),
    ),
    rule(
        "LIFE.OBESITY",
        severity="moderate",
        action="recommend",
        fires_when="BMI (weight in kg / height in m squared) 30 or more.",
        title="Obesity",
        when=_obesity,
        because=_obesity_because,
        recommendation=(
            "Offer weight management as standard care of obesity. For fibromyalgia, weight loss "
            "improved symptoms in one small randomised trial and other diet studies are "
            "uncontrolled: discuss it as a possible benefit, not a proven treatment."
        ),
        evidence=(ev.SENNA_2012, ev.SILVA_2019),
    ),
    rule(
        "LIFE.DIET_NOT_ADDRESSED",
        severity="info",
        action="consider",
        fires_when="The lifestyle section is present and no diet tried is recorded.",
        title="Diet not addressed",
        when=_diet_not_addressed,
        because=lambda ctx, m: (
            "The lifestyle section is recorded, but no diet tried is listed"
            + (
                f" (diet pattern: {ctx.facts.lifestyle.diet_pattern})."
                if ctx.facts.lifestyle.diet_pattern
                else "."
            )
        ),
        recommendation=(
            "Consider asking about diet and discussing options. No diet is proven for "
            "fibromyalgia: weight loss in obesity has one small randomised trial; low-FODMAP and "
            "plant-based diets have only uncontrolled studies; a few small trials of other diets "
            "(gluten-free, additive elimination) found no difference."
        ),
        evidence=(ev.SENNA_2012, ev.SILVA_2019),
    ),
)
