"""EXCL: conditions that mimic or coexist with fibromyalgia, their dispositions, and the labs
that point to them.

These flags run beside the ACR 2016 criteria; they never change the criteria result (the
diagnosis is valid irrespective of other diagnoses, and it is not a diagnosis of exclusion).
The red flags are in :mod:`.red_flags`, the tests still missing or pending in
:mod:`.missing_tests`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .. import evidence as ev
from .. import fmt
from ..facts import ExclusionFinding
from ..labs import Reading
from ..vocab import (
    CONDITION_CATEGORIES,
    CONDITION_LABELS,
    CONDITIONS,
    DISPOSITIONS,
    EXCLUSION_STATUS_LABELS,
    GCA_AGE,
    RED_FLAG_LABELS,
    RED_FLAGS,
    REQUIRED_CONDITIONS,
)
from .base import (
    Context,
    above_limit,
    age_text,
    below_limit,
    join,
    medicine_names,
    outside_limits,
    rule,
    sentences,
)

_NOT_ALONE = (
    "Fibromyalgia can coexist with it: this does not change the ACR 2016 result, but "
    "symptoms should not be attributed to fibromyalgia alone until it is assessed."
)
# Required conditions of the "other" category, named in words where the text lists categories.
_CATEGORY_WORDS = (
    "autoimmune, thyroid and infection conditions, drug-induced myalgia and sleep apnoea"
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


def _times(k: int, r: Reading) -> float:
    return round(k * r.range.high, 9)


def _above_times(k: int, r: Reading | None) -> str | None:
    """'CK 900 U/L on 2026-11-01 is above 576 U/L, 3 times the upper limit 192 U/L (...)'."""
    if r is None or r.range is None or r.range.high is None:
        return None
    limit = _times(k, r)
    if r.value <= limit:
        return None
    return (
        f"{r.text((limit,))} is above {fmt.num(limit)} {r.analyte.canonical_unit}, {k} times "
        f"the {r.range.high_text}"
    )


# --- Dispositions ------------------------------------------------------------------------------


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


# --- Labs that contradict a disposition (clinical spec section 5c) ------------------------------


def _ana_positive(r: Reading | None) -> str | None:
    if r is None or r.value < 160:
        return None
    return f"{r.text()} is at or above 1:160, a positive titre"


def _found(*texts: str | None) -> list[str]:
    return [t for t in texts if t is not None]


def _contradictions(ctx: Context, condition: str, status: str) -> list[str]:
    """The lab texts that say otherwise than `status` (ruled_out or unlikely) of `condition`."""
    lab = ctx.lab
    ruled_out = status == "ruled_out"
    if condition == "hypothyroidism":
        return _found(above_limit(lab("tsh")))
    if condition == "hyperthyroidism":
        return _found(below_limit(lab("tsh")))
    if condition == "rheumatoid_arthritis":
        rf = above_limit(lab("rf")) if ruled_out else _above_times(3, lab("rf"))
        return _found(rf, above_limit(lab("anti_ccp")))
    if condition == "sle":
        return _found(_ana_positive(lab("ana"))) if ruled_out else []
    if condition == "polymyalgia_rheumatica":
        if ctx.age < GCA_AGE:
            return []
        return _found(above_limit(lab("esr")), above_limit(lab("crp")))
    if condition == "inflammatory_myopathy":
        return _found(above_limit(lab("ck")) if ruled_out else _above_times(3, lab("ck")))
    if condition == "anaemia":
        return _found(below_limit(lab("hemoglobin")))
    if condition == "adrenal_insufficiency":
        return _found(below_limit(lab("cortisol_am")))
    return []


def _lab_contradicts(ctx: Context):
    pairs = []
    for code in CONDITIONS:
        f = ctx.findings.get(code)
        if f is None or f.status not in ("ruled_out", "unlikely"):
            continue
        texts = _contradictions(ctx, code, f.status)
        if texts:
            pairs.append((code, f.status, texts))
    return pairs or None


def _contradicts_because(ctx: Context, pairs) -> str:
    parts = []
    for code, status, texts in pairs:
        text = f"{CONDITION_LABELS[code]} is recorded as {EXCLUSION_STATUS_LABELS[status]}"
        if code in ("rheumatoid_arthritis", "inflammatory_myopathy") and status == "unlikely":
            analyte = "an RF" if code == "rheumatoid_arthritis" else "a CK"
            text += f" (which leaves room for {analyte} up to 3 times its upper limit)"
        if code == "polymyalgia_rheumatica":
            text += f" and {age_text(ctx)} (checked from 50)"
        parts.append(f"{text}, but {'; '.join(texts)}")
    return sentences(parts)


def _contradicts_recommendation(pairs) -> str:
    names = join([CONDITION_LABELS[code] for code, _, _ in pairs])
    return (
        f"Revisit the disposition of {names}: explain the result (repeat the test, or assess "
        "the condition further and record it as possible) before setting the condition aside. "
        "A ruled-out condition leaves no room for an abnormal test; an unlikely one leaves room "
        "only for a mildly abnormal one."
    )


# --- Lab findings -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LabMatch:
    """The texts of the readings that fired, and what the recommendation adds to its base."""

    parts: tuple[str, ...]
    advice: tuple[str, ...] = ()


def _lab_parts(*checks):
    """`checks` are (analyte code, check function); the match lists the texts that fired."""

    def when(ctx: Context):
        parts = [t for code, check in checks if (t := check(ctx.lab(code))) is not None]
        return parts or None

    return when


def _parts_because(ctx: Context, parts) -> str:
    return sentences(list(parts))


def _match_because(ctx: Context, m: LabMatch) -> str:
    return sentences(list(m.parts))


def _with_advice(base: str, tail: str = ""):
    def recommendation(m: LabMatch) -> str:
        return " ".join(p for p in (base, *m.advice, tail) if p)

    return recommendation


_OVERT = (
    "TSH above its upper limit with free T4 below its lower limit is the pattern of overt "
    "hypothyroidism: treat it, then reassess pain and fatigue."
)
_SUBCLINICAL = (
    "A raised TSH with free T4 in range is a subclinical pattern: repeat TSH with free T4 in "
    "about 3 months before deciding on treatment."
)
_NO_FREE_T4 = "A raised TSH with no free T4 result: repeat TSH with free T4."
_THYROID_OTHER = (
    "Assess for thyroid disease: repeat TSH with free T4 (a low TSH points to hyperthyroidism); "
    "thyroid disease can cause fatigue and myalgia."
)


def _thyroid(ctx: Context):
    tsh, ft4 = ctx.lab("tsh"), ctx.lab("free_t4")
    parts = _found(outside_limits(tsh), outside_limits(ft4))
    if not parts:
        return None
    advice = _THYROID_OTHER
    if tsh is not None and tsh.range is not None and tsh.range.above(tsh.value):
        if ft4 is None:
            advice = _NO_FREE_T4
        elif ft4.range is not None and ft4.range.below(ft4.value):
            advice = _OVERT
        elif ft4.range is not None and not ft4.range.above(ft4.value):
            advice = _SUBCLINICAL
    return LabMatch(tuple(parts), (advice,))


_EARLY_ARTHRITIS = (
    "Anti-CCP is positive and joint swelling is recorded: refer promptly to rheumatology "
    "(possible early inflammatory arthritis)."
)


def _serology(ctx: Context):
    ccp = above_limit(ctx.lab("anti_ccp"))
    parts = _found(_ana_positive(ctx.lab("ana")), above_limit(ctx.lab("rf")), ccp)
    if not parts:
        return None
    early = ccp is not None and ctx.red_flag("joint_swelling") is True
    return LabMatch(tuple(parts), (_EARLY_ARTHRITIS,) if early else ())


def _ana_low(ctx: Context):
    r = ctx.lab("ana")
    return r if r is not None and 80 <= r.value < 160 else None


def _ck_high(ctx: Context):
    r = ctx.lab("ck")
    text = above_limit(r)
    if text is None:
        return None
    statins = ctx.medications_of("statin")
    if not statins:
        return LabMatch((text,))
    limit = _times(4, r)
    four = f"4 x {fmt.num(r.range.high)} = {fmt.num(limit)} U/L"
    advice = [
        f"Statin recorded: {medicine_names(statins)}. A CK above 4 times its upper limit "
        f"({four}) or weakness means stopping the statin and seeking advice (EAS 2015, Stroes, "
        "Eur Heart J)."
    ]
    if r.value > limit:
        advice.append("This CK is above 4 times the upper limit: stop the statin and seek advice.")
    elif ctx.red_flag("proximal_weakness") is True:
        advice.append("Proximal weakness is recorded: stop the statin and seek advice.")
    else:
        advice.append(
            "This CK is not above 4 times the upper limit: review the statin with the prescriber, "
            "and stop it and seek advice if weakness develops."
        )
    return LabMatch((text,), tuple(advice))


def _hba1c_high(ctx: Context):
    r = ctx.lab("hba1c")
    return r if r is not None and r.value >= 6.5 else None


_RED_FLAG_TEXT = (
    "Ask about the red flags too ("
    + join([RED_FLAG_LABELS[q] for q in RED_FLAGS])
    + "): each points to another cause."
)

RULES = (
    rule(
        "EXCL.INCOMPLETE",
        severity="high",
        action="recommend",
        fires_when=(
            f"A required exclusion condition ({len(REQUIRED_CONDITIONS)}: {_CATEGORY_WORDS}) has "
            "no disposition: not assessed, pending or not listed. The flag names them."
        ),
        title="Exclusion assessment incomplete",
        when=_open_required,
        because=_open_because,
        recommendation=(
            "Record a disposition for each listed condition from the history, examination, "
            "medication list and targeted tests (infections may be unlikely on the history "
            "alone). This does not block a fibromyalgia diagnosis, but a treatable look-alike "
            "should not be missed. " + _RED_FLAG_TEXT
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
        "EXCL.LAB_CONTRADICTS",
        severity="high",
        action="recommend",
        fires_when=(
            "A condition is ruled out or unlikely while its lab says otherwise: hypothyroidism "
            "with TSH above its upper limit; hyperthyroidism with TSH below its lower limit; "
            "rheumatoid arthritis with anti-CCP at or above its upper limit, or RF above its "
            "upper limit (ruled out) or above 3 times it (unlikely); SLE ruled out with ANA at or "
            "above 1:160; polymyalgia rheumatica at age 50 or over with ESR or CRP above its "
            "limit; inflammatory myopathy with CK above its upper limit (ruled out) or above 3 "
            "times it (unlikely); anaemia with haemoglobin below its lower limit; adrenal "
            "insufficiency with morning cortisol below the laboratory's lower limit, else below "
            "5 ug/dL. The flag names each pair."
        ),
        title="A disposition is contradicted by a lab result",
        when=_lab_contradicts,
        because=_contradicts_because,
        recommendation=_contradicts_recommendation,
        evidence=(ev.CANADIAN_2012_WORKUP,),
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
        when=_thyroid,
        because=_match_because,
        recommendation=_with_advice("", _NOT_ALONE),
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
        when=_serology,
        because=_match_because,
        recommendation=_with_advice(
            "Interpret with the clinical picture (synovitis, rash, sicca symptoms, Raynaud's, "
            "proximal weakness) and consider rheumatology review. Serology alone does not "
            "establish an autoimmune disease.",
            _NOT_ALONE,
        ),
        evidence=(ev.CANADIAN_2012_WORKUP, ev.TAN_1997, ev.NICE_NG100),
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
            "men, or the laboratory's). With a statin recorded the flag names it."
        ),
        title="Raised creatine kinase",
        when=_ck_high,
        because=_match_because,
        recommendation=_with_advice(
            "A raised CK is not explained by fibromyalgia: repeat it after a week without "
            "strenuous exercise, review statins and other drugs (drug-induced myalgia), check "
            "for proximal weakness and thyroid disease, and consider an inflammatory myopathy."
        ),
        evidence=(ev.CANADIAN_2012_WORKUP, ev.EAS_2015_STATIN),
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
