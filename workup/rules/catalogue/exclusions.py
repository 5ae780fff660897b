"""EXCL: conditions that mimic or coexist with fibromyalgia, and the labs that point to them.

These flags run beside the ACR 2016 criteria; they never change the criteria result (the
diagnosis is valid irrespective of other diagnoses, and it is not a diagnosis of exclusion).
"""

from __future__ import annotations

from collections.abc import Mapping

from .. import evidence as ev
from ..facts import ExclusionFinding, RedFlags
from ..vocab import (
    CONDITION_CATEGORIES,
    CONDITION_LABELS,
    CONDITIONS,
    DISPOSITIONS,
    EXCLUSION_STATUS_LABELS,
    GCA_AGE,
    GCA_QUESTIONS,
    RED_FLAGS,
    REQUIRED_CONDITIONS,
)
from .base import Context, above_limit, below_limit, join, outside_limits, rule, sentences

_NOT_ALONE = (
    "Fibromyalgia can coexist with it: this does not change the ACR 2016 result, but "
    "symptoms should not be attributed to fibromyalgia alone until it is assessed."
)


def open_required(findings: Mapping[str, ExclusionFinding]) -> list[str]:
    """The required conditions, in catalogue order, with no disposition (ruled out, unlikely,
    possible or confirmed): not listed, not assessed or pending. `findings` maps a condition
    code to its finding. The exclusions area is complete when this is empty."""
    return [
        code
        for code in REQUIRED_CONDITIONS
        if (f := findings.get(code)) is None or f.status not in DISPOSITIONS
    ]


def unanswered_red_flags(red_flags: RedFlags | None, age: int) -> list[str]:
    """Red-flag questions not answered (all of them when the section is absent), in the
    contract's order, except that at age 50 and over the GCA questions come first."""
    order = list(RED_FLAGS)
    if age >= GCA_AGE:
        order = [*GCA_QUESTIONS, *(q for q in RED_FLAGS if q not in GCA_QUESTIONS)]
    if red_flags is None:
        return order
    return [q for q in order if red_flags.answer(q) is None]


def red_flags_answered(red_flags: RedFlags | None) -> bool:
    """The exclusions area needs the red-flag section present with every question answered."""
    return red_flags is not None and all(red_flags.answer(q) is not None for q in RED_FLAGS)


def _open_required(ctx: Context):
    return open_required(ctx.findings) or None


def _open_because(ctx: Context, open_: list[str]) -> str:
    groups = []
    for category in CONDITION_CATEGORIES:
        names = []
        for code in open_:
            if CONDITIONS[code][0] != category:
                continue
            f = ctx.findings.get(code)
            label = CONDITION_LABELS[code]
            names.append(label if f is None else f"{label} ({EXCLUSION_STATUS_LABELS[f.status]})")
        if names:
            groups.append(f"{category}: {join(names)}")
    n, total = len(open_), len(REQUIRED_CONDITIONS)
    return (
        f"No disposition (ruled out, unlikely, possible or confirmed) is recorded for {n} of the "
        f"{total} required conditions: {'; '.join(groups)}."
    )


def _with_status(status: str):
    def when(ctx: Context):
        codes = [f.condition for f in ctx.facts.exclusions if f.status == status]
        return codes or None

    return when


def _listed(word: str):
    def because(ctx: Context, codes: list[str]) -> str:
        return f"Recorded as {word}: {join([CONDITION_LABELS[c] for c in codes])}."

    return because


def _lab_parts(*checks):
    """`checks` are (analyte code, check function); the match lists the texts that fired."""

    def when(ctx: Context):
        parts = [t for code, check in checks if (t := check(ctx.lab(code))) is not None]
        return parts or None

    return when


def _parts_because(ctx: Context, parts: list[str]) -> str:
    return sentences(parts)


def _ana_positive(r):
    if r is None or r.value < 160:
        return None
    return f"{r.text()} is at or above 1:160, a positive titre"


def _ana_low(ctx: Context):
    r = ctx.lab("ana")
    return r if r is not None and 80 <= r.value < 160 else None


def _hba1c_high(ctx: Context):
    r = ctx.lab("hba1c")
    return r if r is not None and r.value >= 6.5 else None


_RED_FLAG_TEXT = "Red flags to look for: " + join(list(RED_FLAGS)) + "."

RULES = (
    rule(
        "EXCL.INCOMPLETE",
        severity="high",
        action="recommend",
        fires_when=(
            "A required exclusion condition (autoimmune, thyroid, infection) has no disposition: "
            "not assessed, pending or not listed. The flag names them."
        ),
        title="Exclusion assessment incomplete",
        when=_open_required,
        because=_open_because,
        recommendation=(
            "Record a disposition for each listed condition from the history, examination and "
            "targeted tests. This does not block a fibromyalgia diagnosis, but a treatable "
            "look-alike should not be missed. " + _RED_FLAG_TEXT
        ),
        evidence=(ev.CANADIAN_2012_WORKUP, ev.WOLFE_2016),
    ),
    rule(
        "EXCL.ALTERNATIVE_POSSIBLE",
        severity="high",
        action="recommend",
        fires_when="Any exclusion condition is recorded as possible.",
        title="Alternative or coexisting condition possible",
        when=_with_status("possible"),
        because=_listed("possible"),
        recommendation=(
            "Complete the assessment of the possible condition (targeted tests or referral). "
            + _NOT_ALONE
        ),
        evidence=(ev.CANADIAN_2012_WORKUP, ev.WOLFE_2016),
    ),
    rule(
        "EXCL.COMORBID_CONFIRMED",
        severity="moderate",
        action="recommend",
        fires_when="Any exclusion condition is recorded as confirmed.",
        title="Confirmed condition coexists",
        when=_with_status("confirmed"),
        because=_listed("confirmed"),
        recommendation=(
            "Treat the confirmed condition and reassess which symptoms remain. Fibromyalgia can "
            "coexist with it, and the ACR 2016 criteria stay valid alongside other diagnoses."
        ),
        evidence=(ev.WOLFE_2016, ev.CANADIAN_2012_WORKUP),
    ),
    rule(
        "EXCL.THYROID_LAB",
        severity="high",
        action="recommend",
        fires_when="TSH or free T4 is outside its range (the laboratory's range if given).",
        title="Thyroid test outside its range",
        when=_lab_parts(("tsh", outside_limits), ("free_t4", outside_limits)),
        because=_parts_because,
        recommendation=(
            "Assess for thyroid disease (repeat TSH with free T4 if not done); hypothyroidism "
            "can cause fatigue and myalgia. " + _NOT_ALONE
        ),
        evidence=(ev.CANADIAN_2012_WORKUP,),
    ),
    rule(
        "EXCL.INFLAMMATION_LAB",
        severity="high",
        action="recommend",
        fires_when=(
            "ESR above its age and sex limit (age/2 for men, (age+10)/2 for women, intersex or "
            "unknown sex; age at the visit), or CRP above its upper limit (5 mg/L or the "
            "laboratory's)."
        ),
        title="Raised inflammatory marker",
        when=_lab_parts(("esr", above_limit), ("crp", above_limit)),
        because=_parts_because,
        recommendation=(
            "Unexplained raised ESR or CRP is a red flag and not explained by fibromyalgia: look "
            "for inflammatory, infectious or malignant disease (joint swelling, new girdle "
            "stiffness after 50, fever, weight loss, night sweats) and repeat the test."
        ),
        evidence=(ev.CANADIAN_2012_WORKUP,),
    ),
    rule(
        "EXCL.AUTOIMMUNE_SEROLOGY",
        severity="high",
        action="recommend",
        fires_when=(
            "ANA at or above 1:160, RF above its upper limit (14 IU/mL or the laboratory's), or "
            "anti-CCP at or above its upper limit (20 U/mL or the laboratory's)."
        ),
        title="Positive autoimmune serology",
        when=_lab_parts(("ana", _ana_positive), ("rf", above_limit), ("anti_ccp", above_limit)),
        because=_parts_because,
        recommendation=(
            "Interpret with the clinical picture (synovitis, rash, sicca symptoms, Raynaud's, "
            "proximal weakness) and consider rheumatology review. Serology alone does not "
            "establish an autoimmune disease. " + _NOT_ALONE
        ),
        evidence=(ev.CANADIAN_2012_WORKUP, ev.TAN_1997),
    ),
    rule(
        "EXCL.ANA_LOW_TITRE",
        severity="low",
        action="recommend",
        fires_when="ANA at or above 1:80 and below 1:160 (low titre).",
        title="Low-titre ANA",
        when=_ana_low,
        because=lambda ctx, r: f"{r.text()} is a low titre (1:80 or more, below 1:160).",
        recommendation=(
            "A low-titre ANA is common in healthy people and in fibromyalgia: interpret it with "
            "the clinical features, and consider further tests only if they suggest a connective "
            "tissue disease."
        ),
        evidence=(ev.TAN_1997,),
    ),
    rule(
        "EXCL.CK_HIGH",
        severity="high",
        action="recommend",
        fires_when=(
            "CK above its upper limit (192 U/L for women, intersex or unknown sex, 308 U/L for "
            "men, or the laboratory's)."
        ),
        title="Raised creatine kinase",
        when=_lab_parts(("ck", above_limit)),
        because=_parts_because,
        recommendation=(
            "A raised CK is not explained by fibromyalgia: repeat it after a week without "
            "strenuous exercise, review statins and other drugs (drug-induced myalgia), check "
            "for proximal weakness and thyroid disease, and consider an inflammatory myopathy."
        ),
        evidence=(ev.CANADIAN_2012_WORKUP,),
    ),
    rule(
        "EXCL.ANAEMIA",
        severity="moderate",
        action="recommend",
        fires_when=(
            "Haemoglobin below its lower limit (12 g/dL for women, intersex or unknown sex, "
            "13 g/dL for men, or the laboratory's)."
        ),
        title="Anaemia",
        when=_lab_parts(("hemoglobin", below_limit)),
        because=_parts_because,
        recommendation=(
            "Find the cause of the anaemia (blood count indices, ferritin, B12, folate, blood "
            "loss); anaemia adds to fatigue and is treated on its own merits."
        ),
        evidence=(ev.WHO_ANAEMIA, ev.CANADIAN_2012_WORKUP),
    ),
    rule(
        "EXCL.GLYCAEMIA",
        severity="moderate",
        action="recommend",
        fires_when=(
            "HbA1c at or above 6.5 %, the diabetes range (mmol/mol converted as "
            "mmol/mol / 10.929 + 2.15)."
        ),
        title="HbA1c in the diabetes range",
        when=_hba1c_high,
        because=lambda ctx, r: f"{r.text((6.5,))} is at or above 6.5 %, the diabetes range.",
        recommendation=(
            "Confirm with a repeat test unless hyperglycaemia is obvious, and manage diabetes on "
            "its own merits; diabetic neuropathy can mimic or add to widespread pain."
        ),
        evidence=(ev.ADA_DIAGNOSIS,),
    ),
)
