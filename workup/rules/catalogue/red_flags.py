"""EXCL: the red flags, and giant cell arteritis and polymyalgia rheumatica at 50 or over: the
safety checks that must not be missed.

A red flag points to another cause (infection, malignancy, inflammatory disease) to look for
before symptoms are attributed to fibromyalgia alone. The exclusions area is complete only when
every red-flag question is answered (:func:`red_flags_answered`). Like the other EXCL rules,
these flags never change the ACR 2016 result.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import evidence as ev
from ..facts import RedFlags
from ..labs import latest_rows
from ..vocab import GCA_AGE, GCA_QUESTIONS, RED_FLAG_LABELS, RED_FLAGS, WPI_AREA_LABELS
from .base import Context, age_text, join, row_state, rule, sentences

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


# --- Giant cell arteritis, red flags, polymyalgia -------------------------------------------------


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
    parts = [f"Recorded: {_labels(m.present)}, and {age_text(ctx)} (50 or over)"]
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
        parts.append(f"Morning stiffness over 60 minutes counts at 50 or over: {age_text(ctx)}")
    if "visual_disturbance" in present:
        parts.append(
            f"Visual disturbance is a red flag of its own under 50: {age_text(ctx)} (from 50 it "
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
            f"disturbance, scalp tenderness) come first: {age_text(ctx)}"
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
            f"Recorded: {join(found)}, and {age_text(ctx)} (50 or over)",
            "Neither ESR nor CRP has a result or a pending order "
            f"(ESR: {row_state(rows.get('esr'))}; CRP: {row_state(rows.get('crp'))})",
        ]
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
)
