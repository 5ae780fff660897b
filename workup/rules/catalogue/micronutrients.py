"""MICRO: magnesium, vitamin D, B12, folate, ferritin and zinc, read from the top-level labs.

Deficiencies are worth correcting on their own merits; none of these has been shown to change
fibromyalgia symptoms, and the texts say so (tiers D and E are options to discuss).
"""

from __future__ import annotations

from collections.abc import Mapping

from .. import evidence as ev
from ..vocab import MICRONUTRIENT_MARKERS
from .base import Context, above_limit, below_limit, join, rule, sentence, sentences

_OWN_MERITS = (
    "Correct a confirmed deficiency on its own merits; do not present it as a fibromyalgia "
    "treatment."
)


def micronutrients_tested(readings: Mapping[str, object]) -> bool:
    """Whether any marker micronutrient (25-OH vitamin D, B12, ferritin, serum or RBC
    magnesium) has a reading; `readings` maps an analyte code to its reading. The
    micronutrients area is complete when this holds."""
    return any(code in readings for code in MICRONUTRIENT_MARKERS)


def _not_tested(ctx: Context):
    return None if micronutrients_tested(ctx.readings) else True


def _below(code: str, limit: float, floor: float | None = None):
    """Fires when floor <= value < limit (no floor: value < limit); the match is the reading."""

    def when(ctx: Context):
        r = ctx.lab(code)
        if r is None or r.value >= limit or (floor is not None and r.value < floor):
            return None
        return r

    return when


def _magnesium_low(ctx: Context):
    parts = []
    serum = ctx.lab("magnesium_serum")
    if serum is not None and serum.value < 0.70:
        parts.append(f"{serum.text((0.70,))} is below 0.70 mmol/L")
    rbc = below_limit(ctx.lab("magnesium_rbc"))
    if rbc is not None:
        parts.append(rbc)
    return parts or None


_serum_low_normal = _below("magnesium_serum", 0.85, floor=0.70)


def _magnesium_low_normal(ctx: Context):
    if "MICRO.MAGNESIUM_LOW" in ctx.fired:
        return None
    return _serum_low_normal(ctx)


def _iron_low(ctx: Context):
    ferritin = ctx.lab("ferritin")
    if ferritin is None:
        return None
    crp_raised = above_limit(ctx.lab("crp"))  # the text saying so, or None
    limit = 70 if crp_raised else 30
    if ferritin.value >= limit:
        return None
    return ferritin, crp_raised, limit


_IRON_ADVICE = (
    "Find the cause of iron deficiency (blood loss, diet, malabsorption) and treat it on its own "
    "merits. An effect of iron on fibromyalgia symptoms is unproven: discuss it as a possible "
    "benefit, not a promise."
)


def _iron_recommendation(match) -> str:
    _, crp_raised, _ = match
    if crp_raised is None:
        return _IRON_ADVICE
    return (
        "CRP is raised, and ferritin 30-100 ng/mL is indeterminate with inflammation: check "
        "transferrin saturation. " + _IRON_ADVICE
    )


def _iron_because(ctx: Context, match) -> str:
    ferritin, crp_raised, limit = match
    text = f"{ferritin.text((limit,))} is below {limit} ng/mL"
    if crp_raised is None:
        return sentence(text)
    return sentences(
        [
            f"{text}, the limit used when CRP is raised, because inflammation raises ferritin",
            crp_raised,
        ]
    )


_MICRO_LABELS = {
    "MICRO.MAGNESIUM_LOW": "low magnesium",
    "MICRO.MAGNESIUM_LOW_NORMAL": "low-normal serum magnesium",
    "MICRO.VITAMIN_D_DEFICIENT": "vitamin D deficiency",
    "MICRO.VITAMIN_D_INSUFFICIENT": "vitamin D insufficiency",
    "MICRO.B12_DEFICIENT": "B12 deficiency",
    "MICRO.B12_BORDERLINE": "borderline B12",
    "MICRO.FOLATE_LOW": "low folate",
    "MICRO.IRON_LOW": "low ferritin",
    "MICRO.ZINC_LOW": "low zinc",
}


def _absorption(ctx: Context):
    """Moderate micronutrient flags beside IBS or a positive SIBO breath test. A commercial
    microbiome result is not read: it is not validated for diagnosis."""
    gut = ctx.facts.gut
    if gut is None:
        return None
    gut_findings = []
    if gut.rome_iv_ibs is True:
        gut_findings.append("IBS by Rome IV criteria")
    if gut.sibo_breath_test == "positive":
        gut_findings.append("a positive SIBO breath test")
    if not gut_findings:
        return None
    micro = [code for code in _MICRO_LABELS if ctx.fired.get(code) == "moderate"]
    return (micro, gut_findings) if micro else None


def _absorption_because(ctx: Context, match) -> str:
    """Names the findings, then each finding's own values, units, dates and limits (the texts of
    the flags that fired, evaluated again on the same context)."""
    codes, gut_findings = match
    labels = [_MICRO_LABELS[code] for code in codes]
    by_code = {r.code: r for r in RULES}
    readings = [by_code[code].because(ctx, by_code[code].when(ctx)) for code in codes]
    summary = f"Micronutrient findings ({join(labels)}) together with gut findings"
    return " ".join([sentence(f"{summary} ({join(gut_findings)})"), *readings])


RULES = (
    rule(
        "MICRO.NOT_TESTED",
        severity="low",
        action="consider",
        fires_when=(
            "None of 25-OH vitamin D, B12, ferritin, serum magnesium or RBC magnesium is recorded."
        ),
        title="Micronutrients not tested",
        when=_not_tested,
        because=lambda ctx, m: (
            "No result is recorded for 25-OH vitamin D, vitamin B12, ferritin, serum magnesium or "
            "RBC magnesium."
        ),
        recommendation=(
            "Consider whether testing is indicated by symptoms, diet, drugs or malabsorption risk. "
            "Supplements without a deficiency have no proven benefit in fibromyalgia."
        ),
        evidence=(ev.CANADIAN_2012_VITAMIN_D, ev.BOULIS_2021),
    ),
    rule(
        "MICRO.MAGNESIUM_LOW",
        severity="moderate",
        action="recommend",
        fires_when=(
            "Serum magnesium below 0.70 mmol/L, or RBC magnesium below its lower limit (4.2 mg/dL "
            "or the laboratory's; no guideline threshold)."
        ),
        title="Low magnesium",
        when=_magnesium_low,
        because=lambda ctx, parts: sentences(parts),
        recommendation=(
            "Look for a cause (diet, gut losses, proton-pump inhibitors, diuretics, alcohol) and "
            "correct the deficiency on its own merits. Whether magnesium helps fibromyalgia is "
            "unproven (small or negative trials), and intravenous micronutrient infusions were no "
            "better than placebo: discuss it as an option, not a treatment."
        ),
        evidence=(ev.BOULIS_2021, ev.ANAND_2000, ev.ALI_2009),
    ),
    rule(
        "MICRO.MAGNESIUM_LOW_NORMAL",
        severity="low",
        action="consider",
        fires_when=(
            "Serum magnesium 0.70 to below 0.85 mmol/L, when MICRO.MAGNESIUM_LOW did not fire."
        ),
        title="Low-normal serum magnesium",
        when=_magnesium_low_normal,
        because=lambda ctx, r: (
            f"{r.text((0.70, 0.85))} is in the low-normal band (0.70 to below 0.85 mmol/L)."
        ),
        recommendation=(
            "Consider dietary magnesium and a repeat test. A supplement may be discussed, but "
            "trials in fibromyalgia are small or negative."
        ),
        evidence=(ev.BOULIS_2021, ev.ANAND_2000),
        reads=("MICRO.MAGNESIUM_LOW",),
    ),
    rule(
        "MICRO.VITAMIN_D_DEFICIENT",
        severity="moderate",
        action="recommend",
        fires_when="25-OH vitamin D below 20 ng/mL (49.92 nmol/L).",
        title="Vitamin D deficiency",
        when=_below("vitamin_d_25oh", 20),
        because=lambda ctx, r: f"{r.text((20,))} is below 20 ng/mL (deficient).",
        recommendation=(
            "Treat the deficiency for bone health as usual. It is not expected to change "
            "fibromyalgia pain, so discuss that openly with the patient."
        ),
        evidence=(ev.CANADIAN_2012_VITAMIN_D,),
    ),
    rule(
        "MICRO.VITAMIN_D_INSUFFICIENT",
        severity="info",
        action="consider",
        fires_when="25-OH vitamin D 20 to below 30 ng/mL.",
        title="Vitamin D 20-29 ng/mL",
        when=_below("vitamin_d_25oh", 30, floor=20),
        because=lambda ctx, r: (
            f"{r.text((20, 30))} is 20 to below 30 ng/mL, which some laboratories call "
            "insufficient."
        ),
        recommendation=(
            "For information, not a prompt to supplement: 20 ng/mL meets the needs of most "
            "people, so 20-29 ng/mL is adequate by IOM 2011. Consider vitamin D only where bone "
            "health calls for it; it is not expected to change fibromyalgia pain."
        ),
        evidence=(ev.CANADIAN_2012_VITAMIN_D, ev.IOM_2011_VITAMIN_D),
    ),
    rule(
        "MICRO.B12_DEFICIENT",
        severity="moderate",
        action="recommend",
        fires_when="Vitamin B12 below 200 pg/mL.",
        title="Vitamin B12 deficiency",
        when=_below("b12", 200),
        because=lambda ctx, r: f"{r.text((200,))} is below 200 pg/mL (deficient).",
        recommendation=(
            "Find the cause (diet, pernicious anaemia, metformin, proton-pump inhibitors, "
            "malabsorption) and treat the deficiency: it can cause fatigue, neuropathy and "
            "cognitive symptoms that overlap with fibromyalgia. " + _OWN_MERITS
        ),
        evidence=(ev.DEVALIA_2014,),
    ),
    rule(
        "MICRO.B12_BORDERLINE",
        severity="low",
        action="recommend",
        fires_when="Vitamin B12 200 to below 300 pg/mL.",
        title="Borderline vitamin B12",
        when=_below("b12", 300, floor=200),
        because=lambda ctx, r: f"{r.text((200, 300))} is 200 to below 300 pg/mL (borderline).",
        recommendation=(
            "Check methylmalonic acid to confirm or exclude deficiency before treating. "
            + _OWN_MERITS
        ),
        evidence=(ev.DEVALIA_2014,),
    ),
    rule(
        "MICRO.FOLATE_LOW",
        severity="moderate",
        action="recommend",
        fires_when="Folate below 3 ng/mL.",
        title="Low folate",
        when=_below("folate", 3),
        because=lambda ctx, r: f"{r.text((3,))} is below 3 ng/mL (deficient).",
        recommendation=(
            "Find the cause (diet, alcohol, malabsorption, drugs) and treat the deficiency; check "
            "B12 before giving folic acid alone. " + _OWN_MERITS
        ),
        evidence=(ev.DEVALIA_2014,),
    ),
    rule(
        "MICRO.IRON_LOW",
        severity="moderate",
        action="recommend",
        fires_when=(
            "Ferritin below 30 ng/mL, or below 70 ng/mL when CRP is above its upper limit "
            "(5 mg/L or the laboratory's)."
        ),
        title="Low ferritin: possible iron deficiency",
        when=_iron_low,
        because=_iron_because,
        recommendation=_iron_recommendation,
        evidence=(ev.WHO_2020_FERRITIN, ev.ORTANCIL_2010),
    ),
    rule(
        "MICRO.ZINC_LOW",
        severity="low",
        action="consider",
        fires_when=(
            "Zinc below its lower limit (70 ug/dL for women, intersex or unknown sex, 74 ug/dL "
            "for men, or the laboratory's)."
        ),
        title="Low zinc",
        when=lambda ctx: below_limit(ctx.lab("zinc")),
        because=lambda ctx, text: sentence(text),
        recommendation=(
            "Consider a repeat fasting morning sample (zinc falls with inflammation and low "
            "albumin) and replacing a confirmed deficiency on its own merits; there are no "
            "fibromyalgia trials of zinc."
        ),
        evidence=(ev.SENDUR_2008,),
    ),
    rule(
        "MICRO.ABSORPTION_CONCERN",
        severity="low",
        action="recommend",
        fires_when=(
            "Any micronutrient flag of severity moderate together with IBS by Rome IV or a "
            "positive SIBO breath test."
        ),
        title="Micronutrient findings with gut findings",
        when=_absorption,
        because=_absorption_because,
        recommendation=(
            "Look for malabsorption: coeliac serology (tTG-IgA with total IgA, while the patient "
            "still eats gluten) if not done, and discuss with gastroenterology if deficiencies "
            "persist or recur."
        ),
        evidence=(ev.BSG_2021_IBS, ev.ROME_IV),
        reads=tuple(_MICRO_LABELS),
    ),
)
