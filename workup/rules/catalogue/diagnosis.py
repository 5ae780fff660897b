"""DX: the ACR 2016 criteria (area: pain)."""

from __future__ import annotations

from .. import evidence as ev
from ..instruments import INCOMPLETE, NOT_MET, Acr2016
from ..vocab import SSS_PART_LABELS, SSS_PARTS
from .base import Context, join, rule, sentences


def _missing_text(acr: Acr2016) -> str:
    parts = []
    if "wpi_areas" in acr.missing:
        parts.append("the pain areas (WPI)")
    sss = [SSS_PART_LABELS[p] for p in SSS_PARTS if p in acr.missing]
    if len(sss) == len(SSS_PARTS):
        parts.append("the symptom severity scale (SSS)")
    elif sss:
        parts.append("SSS " + join(sss))
    if "duration" in acr.missing:
        parts.append("the symptom duration")
    return join(parts)


def _conditions_text(acr: Acr2016) -> list[str]:
    """One sentence per condition that could be computed, saying whether it holds."""
    out = []
    if acr.severity_ok is not None:
        if acr.severity_ok:
            out.append(f"Symptom severity is met (WPI {acr.wpi}, SSS {acr.sss})")
        else:
            out.append(
                f"Symptom severity is not met: WPI {acr.wpi} with SSS {acr.sss} (needs WPI >= 7 "
                "with SSS >= 5, or WPI 4-6 with SSS >= 9)"
            )
    if acr.generalized_pain is not None:
        if acr.generalized_pain:
            out.append(f"Generalized pain is met ({acr.regions} of 5 regions)")
        else:
            out.append(
                f"Generalized pain is not met: pain in {acr.regions} of 5 regions (needs 4 or "
                "more; jaw, chest and abdomen count in the WPI but not for regions)"
            )
    if acr.duration_ok is not None:
        months = acr.duration_months
        unit = "month" if months == 1 else "months"
        if acr.duration_ok:
            out.append(f"Duration is met ({months} {unit})")
        else:
            out.append(f"Duration is not met: symptoms for {months} {unit} (needs 3 or more)")
    return out


def _not_met(ctx: Context):
    return ctx.acr if ctx.acr.status == NOT_MET else None


def _not_met_because(ctx: Context, acr: Acr2016) -> str:
    parts = ["On the recorded values the ACR 2016 criteria are not met", *_conditions_text(acr)]
    if acr.missing:
        parts.append(f"Not recorded: {_missing_text(acr)}")
    return sentences(parts)


def _incomplete(ctx: Context):
    return ctx.acr if ctx.acr.status == INCOMPLETE else None


def _incomplete_because(ctx: Context, acr: Acr2016) -> str:
    if ctx.facts.pain is None:
        return (
            "The pain section is not recorded: no WPI areas, symptom severity scale or symptom "
            "duration, so the ACR 2016 criteria cannot be scored."
        )
    parts = [f"Not recorded: {_missing_text(acr)}", *_conditions_text(acr)]
    parts.append("No condition that could be computed fails, so the result is incomplete")
    return sentences(parts)


RULES = (
    rule(
        "DX.ACR2016_NOT_MET",
        severity="moderate",
        action="recommend",
        fires_when="ACR 2016 status is not met: a criterion that can be computed is false.",
        title="ACR 2016 fibromyalgia criteria not met",
        when=_not_met,
        because=_not_met_because,
        recommendation=(
            "Review the diagnosis: on these values the criteria are not met. Re-check the history "
            "and examination and the exclusion conditions, and re-score if symptoms change. The "
            "criteria support clinical judgement; they do not replace it."
        ),
        evidence=(ev.WOLFE_2016,),
    ),
    rule(
        "DX.ACR2016_INCOMPLETE",
        severity="moderate",
        action="recommend",
        fires_when=(
            "ACR 2016 status is incomplete: no computable criterion is false, but the WPI areas, "
            "an SSS part or the symptom duration is not recorded."
        ),
        title="ACR 2016 criteria incomplete: data missing",
        when=_incomplete,
        because=_incomplete_because,
        recommendation=(
            "Record the missing items (pain areas in the past week, the six SSS parts and the "
            "symptom duration) to complete the ACR 2016 assessment."
        ),
        evidence=(ev.WOLFE_2016,),
    ),
)
