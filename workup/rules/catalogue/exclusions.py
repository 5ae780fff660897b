"""EXCL: conditions that mimic or coexist with fibromyalgia, the red flags and labs that point
to them, and the safety checks that must not be missed.

These flags run beside the ACR 2016 criteria; they never change the criteria result (the
diagnosis is valid irrespective of other diagnoses, and it is not a diagnosis of exclusion).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .. import evidence as ev
from .. import fmt
from ..facts import ExclusionFinding, LabResult, Medication, RedFlags
from ..labs import ANALYTES, Reading, latest_rows
from ..vocab import (
    BASELINE_PANEL,
    CONDITION_CATEGORIES,
    CONDITION_LABELS,
    CONDITIONS,
    DISPOSITIONS,
    EXCLUSION_STATUS_LABELS,
    GCA_AGE,
    GCA_QUESTIONS,
    RED_FLAG_LABELS,
    RED_FLAGS,
    REQUIRED_CONDITIONS,
    WPI_AREA_LABELS,
)
from .base import Context, above_limit, below_limit, join, outside_limits, rule, sentences

_NOT_ALONE = (
    "Fibromyalgia can coexist with it: this does not change the ACR 2016 result, but "
    "symptoms should not be attributed to fibromyalgia alone until it is assessed."
)
# The shoulder-girdle and hip areas: new girdle pain at 50 or over may be polymyalgia rheumatica.
GIRDLE_AREAS = ("left_shoulder_girdle", "right_shoulder_girdle", "left_hip", "right_hip")
# Red flags that count at any age (morning stiffness counts from 50; visual disturbance under 50,
# since from 50 it belongs to the giant cell arteritis questions).
_ANY_AGE_RED_FLAGS = (
    "weight_loss",
    "fever",
    "night_sweats",
    "joint_swelling",
    "proximal_weakness",
    "focal_neurological_signs",
)
_GCA_URGENT = ("jaw_claudication", "visual_disturbance", "scalp_tenderness")
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


def _labels(questions) -> str:
    return join([RED_FLAG_LABELS[q] for q in questions])


def _age_text(ctx: Context) -> str:
    """'the patient is 56 at the visit on 2026-11-20' (age in whole years at the visit)."""
    return f"the patient is {ctx.age} at the visit on {ctx.facts.visit_date.isoformat()}"


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


def _medicines(meds: list[Medication]) -> str:
    return join([m.name if m.dose is None else f"{m.name} {m.dose}" for m in meds])


def _row_state(row: LabResult | None) -> str:
    """How an analyte stands without a result: 'pending, ordered on ...', or 'not done ...'."""
    if row is None or row.is_resulted:
        return "no result recorded"
    day = row.collected_on.isoformat()
    if row.status == "pending":
        return f"pending, ordered on {day}"
    return f"recorded as not done on {day}"


# --- Giant cell arteritis, red flags, polymyalgia, statins -------------------------------------


@dataclass(frozen=True, slots=True)
class GcaMatch:
    urgent: bool
    present: tuple[str, ...]  # the GCA questions answered yes, in the contract's order
    unasked: tuple[str, ...]


def _gca(ctx: Context):
    if ctx.age < GCA_AGE:
        return None
    present = tuple(q for q in GCA_QUESTIONS if ctx.red_flag(q) is True)
    urgent = any(q in present for q in _GCA_URGENT)
    if not urgent and "new_headache" not in present:
        return None
    unasked = tuple(q for q in GCA_QUESTIONS if ctx.red_flag(q) is None)
    return GcaMatch(urgent, present, unasked)


def _gca_because(ctx: Context, m: GcaMatch) -> str:
    parts = [f"Recorded: {_labels(m.present)}, and {_age_text(ctx)} (50 or over)"]
    if m.urgent:
        parts.append(
            "Jaw claudication, visual disturbance or scalp tenderness at 50 or over points to "
            "giant cell arteritis"
        )
    else:
        absent = [q for q in _GCA_URGENT if ctx.red_flag(q) is False]
        if absent:
            parts.append(f"Recorded as absent: {_labels(absent)}")
        parts.append("A new headache at 50 or over may be giant cell arteritis")
    if m.unasked:
        parts.append(f"Not asked: {_labels(m.unasked)}")
    return sentences(parts)


def _gca_recommendation(m: GcaMatch) -> str:
    if m.urgent:
        return (
            "Arrange same-day fast-track assessment (local GCA pathway); ESR and CRP today; if "
            "GCA is strongly suspected, start high-dose glucocorticoid now, before imaging or "
            "biopsy; normal ESR and CRP do not exclude GCA (BSR 2020)."
        )
    return (
        "Ask about jaw claudication, visual symptoms and scalp tenderness today; ESR and CRP "
        "promptly. If any of them is present, follow the local GCA pathway the same day "
        "(BSR 2020)."
    )


def _red_flags(ctx: Context):
    counted = set(_ANY_AGE_RED_FLAGS)
    counted.add("morning_stiffness_over_60_min" if ctx.age >= GCA_AGE else "visual_disturbance")
    present = [q for q in RED_FLAGS if q in counted and ctx.red_flag(q) is True]
    return present or None


def _red_flags_because(ctx: Context, present: list[str]) -> str:
    parts = [f"Red flags recorded: {_labels(present)}"]
    if "morning_stiffness_over_60_min" in present:
        parts.append(f"Morning stiffness over 60 minutes counts at 50 or over: {_age_text(ctx)}")
    if "visual_disturbance" in present:
        parts.append(
            f"Visual disturbance is a red flag of its own under 50: {_age_text(ctx)} (from 50 it "
            "is assessed as possible giant cell arteritis)"
        )
    return sentences(parts)


_RED_FLAG_ADVICE = {
    "weight_loss": "look for infection, malignancy or inflammatory disease (history, "
    "examination, blood count, ESR and CRP, and tests the findings point to)",
    "morning_stiffness_over_60_min": "assess for polymyalgia rheumatica and inflammatory "
    "arthritis (ESR and CRP; examine the joints and the shoulder and hip girdles)",
    "joint_swelling": "refer urgently to rheumatology, even when RF, anti-CCP, ESR and CRP are "
    "normal (NICE NG100)",
    "proximal_weakness": "weakness is not a feature of fibromyalgia: check CK and thyroid "
    "function and assess for an inflammatory or drug-induced myopathy",
    "focal_neurological_signs": "arrange a neurological assessment (for example multiple "
    "sclerosis, neuropathy or a structural lesion)",
    "visual_disturbance": "arrange a prompt eye or neurological assessment",
}
_SYSTEMIC = ("weight_loss", "fever", "night_sweats")


def _red_flags_recommendation(present: list[str]) -> str:
    parts = []
    systemic = [q for q in present if q in _SYSTEMIC]
    if systemic:
        parts.append(f"{_labels(systemic)}: {_RED_FLAG_ADVICE['weight_loss']}")
    for q in present:
        if q not in _SYSTEMIC:
            parts.append(f"{RED_FLAG_LABELS[q]}: {_RED_FLAG_ADVICE[q]}")
    parts.append(
        "Do not attribute these findings to fibromyalgia alone until they are explained; the "
        "ACR 2016 result does not change"
    )
    return sentences(parts)


def _not_asked(ctx: Context):
    missing = unanswered_red_flags(ctx.facts.red_flags, ctx.age)
    return (ctx.age, tuple(missing)) if missing else None


def _not_asked_because(ctx: Context, match) -> str:
    age, missing = match
    total = len(RED_FLAGS)
    if ctx.facts.red_flags is None:
        head = f"The red-flag section is not recorded, so none of the {total} questions is"
    else:
        verb = "is" if len(missing) == 1 else "are"
        head = f"{len(missing)} of the {total} red-flag questions {verb} not"
    parts = [f"{head} answered: {_labels(missing)}"]
    if age >= GCA_AGE and any(q in GCA_QUESTIONS for q in missing):
        parts.append(
            f"The giant cell arteritis questions (new headache, jaw claudication, visual "
            f"disturbance, scalp tenderness) come first: {_age_text(ctx)}"
        )
    return sentences(parts)


def _not_asked_recommendation(match) -> str:
    age, missing = match
    text = f"Ask each question and record yes or no: {_labels(missing)}."
    if age >= GCA_AGE and any(q in GCA_QUESTIONS for q in missing):
        text += (
            " At 50 or over ask first about new headache, jaw claudication, visual disturbance "
            "and scalp tenderness: a yes calls for same-day assessment for giant cell arteritis."
        )
    return (
        text + " A red flag calls for a look for another cause before symptoms are attributed to "
        "fibromyalgia alone."
    )


def _pmr_check(ctx: Context):
    if ctx.age < GCA_AGE:
        return None
    pain = ctx.facts.pain
    areas = [a for a in GIRDLE_AREAS if pain is not None and a in (pain.wpi_areas or ())]
    stiff = ctx.red_flag("morning_stiffness_over_60_min") is True
    if not areas and not stiff:
        return None
    if ctx.has_result_or_pending("esr") or ctx.has_result_or_pending("crp"):
        return None
    return (tuple(areas), stiff)


def _pmr_because(ctx: Context, match) -> str:
    areas, stiff = match
    found = []
    if areas:
        found.append("pain in the " + join([WPI_AREA_LABELS[a] for a in areas]))
    if stiff:
        found.append("morning stiffness over 60 minutes")
    rows = latest_rows(ctx.facts.labs)
    return sentences(
        [
            f"Recorded: {join(found)}, and {_age_text(ctx)} (50 or over)",
            "Neither ESR nor CRP has a result or a pending order "
            f"(ESR: {_row_state(rows.get('esr'))}; CRP: {_row_state(rows.get('crp'))})",
        ]
    )


def _statin_ck(ctx: Context):
    statins = ctx.medications_of("statin")
    if not statins or ctx.has_result_or_pending("ck"):
        return None
    return statins


def _statin_ck_because(ctx: Context, statins: list[Medication]) -> str:
    row = latest_rows(ctx.facts.labs).get("ck")
    return sentences(
        [
            f"Statin recorded: {_medicines(statins)}",
            f"CK has no result and no pending order ({_row_state(row)})",
        ]
    )


def _statin_ck_recommendation(statins: list[Medication]) -> str:
    return (
        f"Check CK ({_medicines(statins)} is recorded) and ask whether the muscle symptoms began "
        "or worsened on the statin (NLA 2014); a normal CK does not exclude statin-associated "
        "muscle symptoms, so review the statin with the prescriber when the timing fits. A CK "
        "above 4 times its upper limit, or weakness, means stopping the statin and seeking advice "
        "(EAS 2015)."
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
            text += f" and {_age_text(ctx)} (checked from 50)"
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
        f"Statin recorded: {_medicines(statins)}. A CK above 4 times its upper limit ({four}) or "
        "weakness means stopping the statin and seeking advice (EAS 2015, Stroes, Eur Heart J)."
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


# --- Baseline panel and pending results ----------------------------------------------------------


def _baseline_missing(ctx: Context):
    rows = latest_rows(ctx.facts.labs)
    missing = []
    for label, analytes in BASELINE_PANEL:
        if any(code in ctx.readings for code in analytes):
            continue
        # A part with one analyte is named by its label already; the others name the analyte.
        named = len(analytes) > 1
        states = [
            f"{ANALYTES[code].label} {_row_state(rows[code])}" if named else _row_state(rows[code])
            for code in analytes
            if code in rows
        ]
        pending = any(code in ctx.pending for code in analytes)
        missing.append((label, states, pending))
    return missing or None


def _baseline_because(ctx: Context, missing) -> str:
    named = [f"{label} ({'; '.join(states)})" if states else label for label, states, _ in missing]
    pending = [label for label, _, is_pending in missing if is_pending]
    parts = [
        "The baseline panel (haemoglobin, ESR or CRP, TSH and CK) has no result for " + join(named)
    ]
    parts.append(f"Pending: {join(pending)}" if pending else "No part of it is pending")
    return sentences(parts)


def _baseline_recommendation(missing) -> str:
    to_order = [label for label, _, is_pending in missing if not is_pending]
    pending = [label for label, _, is_pending in missing if is_pending]
    parts = []
    if to_order:
        parts.append(f"Order {join(to_order)} to complete the baseline panel (Canadian 2012)")
    if pending:
        parts.append(f"Follow up the pending {join(pending)} and record the result")
    parts.append("Further tests only when the history or examination points to another condition")
    return sentences(parts)


def _pending(ctx: Context):
    conditions = [c for c in CONDITIONS if (f := ctx.findings.get(c)) and f.status == "pending"]
    labs = [ctx.pending[code] for code in ANALYTES if code in ctx.pending]
    return (conditions, labs) if conditions or labs else None


def _pending_because(ctx: Context, match) -> str:
    conditions, labs = match
    parts = []
    if conditions:
        parts.append(
            "Exclusion conditions recorded as pending: "
            + join([CONDITION_LABELS[c] for c in conditions])
        )
    if labs:
        parts.append(
            "Lab results pending (latest row of the test): "
            + join(
                [
                    f"{ANALYTES[r.analyte].label} ordered on {r.collected_on.isoformat()}"
                    for r in labs
                ]
            )
        )
    return sentences(parts)


def _pending_recommendation(match) -> str:
    conditions, labs = match
    names = [CONDITION_LABELS[c] for c in conditions] + [ANALYTES[r.analyte].label for r in labs]
    return (
        f"Follow up {join(names)}: record each result and disposition when it arrives, and "
        "re-evaluate the workup then; a pending test does not count as a result."
    )


_RED_FLAG_TEXT = (
    "Ask about the red flags too ("
    + join([RED_FLAG_LABELS[q] for q in RED_FLAGS])
    + "): each points to another cause."
)

RULES = (
    rule(
        "EXCL.GCA_SYMPTOMS",
        severity=lambda m: "urgent" if m.urgent else "high",
        severity_text="urgent / high",
        action="recommend",
        fires_when=(
            "Age 50 or over at the visit with jaw claudication, visual disturbance or scalp "
            "tenderness recorded (urgent); otherwise age 50 or over with a new headache (high)."
        ),
        title=lambda m: (
            "Possible giant cell arteritis: same-day assessment"
            if m.urgent
            else "New headache at 50 or over: possible giant cell arteritis"
        ),
        when=_gca,
        because=_gca_because,
        recommendation=_gca_recommendation,
        evidence=(ev.BSR_2020_GCA,),
    ),
    rule(
        "EXCL.RED_FLAGS",
        severity="high",
        action="recommend",
        fires_when=(
            "Any of weight loss, fever, night sweats, joint swelling, proximal weakness or focal "
            "neurological signs recorded; or morning stiffness over 60 minutes at age 50 or over; "
            "or visual disturbance under 50 (from 50 it is EXCL.GCA_SYMPTOMS). Under 50, morning "
            "stiffness, new headache, jaw claudication and scalp tenderness fire nothing. The flag "
            "names them."
        ),
        title="Red flags: look for another cause",
        when=_red_flags,
        because=_red_flags_because,
        recommendation=_red_flags_recommendation,
        evidence=(ev.NICE_NG100, ev.EULAR_ACR_2015_PMR, ev.CANADIAN_2012_WORKUP),
    ),
    rule(
        "EXCL.RED_FLAGS_NOT_ASKED",
        severity="moderate",
        action="recommend",
        fires_when=(
            "The red-flag section is absent, or any of its questions is not answered. The flag "
            "names them, the giant cell arteritis questions first at age 50 or over."
        ),
        title="Red-flag questions not answered",
        when=_not_asked,
        because=_not_asked_because,
        recommendation=_not_asked_recommendation,
        evidence=(ev.CANADIAN_2012_WORKUP, ev.BSR_2020_GCA),
    ),
    rule(
        "EXCL.PMR_CHECK",
        severity="high",
        action="recommend",
        fires_when=(
            "Age 50 or over, pain in a shoulder-girdle or hip area or morning stiffness over 60 "
            "minutes, and neither ESR nor CRP has a result or a pending order."
        ),
        title="Girdle pain or stiffness at 50 or over: check ESR and CRP",
        when=_pmr_check,
        because=_pmr_because,
        recommendation=(
            "Measure ESR and CRP and consider polymyalgia rheumatica (new shoulder- or hip-girdle "
            "pain and stiffness at 50 or over) and its mimics before attributing the pain to "
            "fibromyalgia alone (EULAR/ACR 2015)."
        ),
        evidence=(ev.EULAR_ACR_2015_PMR,),
    ),
    rule(
        "EXCL.STATIN_CK",
        severity="high",
        action="recommend",
        fires_when=(
            "A statin is on the medication list and CK has neither a result nor a pending order."
        ),
        title="Statin without a CK result",
        when=_statin_ck,
        because=_statin_ck_because,
        recommendation=_statin_ck_recommendation,
        evidence=(ev.NLA_2014_STATIN, ev.EAS_2015_STATIN),
    ),
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
    rule(
        "EXCL.BASELINE_LABS_MISSING",
        severity="moderate",
        action="recommend",
        fires_when=(
            "Any part of the baseline panel (haemoglobin; ESR or CRP; TSH; CK) has no result, "
            "whatever other labs are recorded. The flag names the missing parts and says which "
            "are pending."
        ),
        title="Baseline laboratory panel incomplete",
        when=_baseline_missing,
        because=_baseline_because,
        recommendation=_baseline_recommendation,
        evidence=(ev.CANADIAN_2012_BASELINE,),
    ),
    rule(
        "EXCL.PENDING",
        severity="low",
        action="recommend",
        fires_when=(
            "Any exclusion condition recorded as pending, or any lab test whose latest row "
            "(latest collection date, ties broken by the later row) is pending. The flag names "
            "them."
        ),
        title="Results pending",
        when=_pending,
        because=_pending_because,
        recommendation=_pending_recommendation,
        evidence=(ev.CANADIAN_2012_WORKUP,),
    ),
)
