"""EXCL: tests the workup still lacks: CK on a statin, the baseline laboratory panel, and
results still pending.

A pending or not-done row is never a result. The statin check is silenced by a CK result or an
open CK order; the baseline panel counts results only, and says which missing parts are pending;
EXCL.PENDING names what is still awaited.
"""

from __future__ import annotations

from .. import evidence as ev
from ..facts import Medication
from ..labs import ANALYTES, latest_rows
from ..vocab import BASELINE_PANEL, CONDITION_LABELS, CONDITIONS
from .base import Context, join, medicine_names, row_state, rule, sentences

# --- Statin without a CK result ----------------------------------------------------------------


def _statin_ck(ctx: Context):
    statins = ctx.medications_of("statin")
    if not statins or ctx.has_result_or_pending("ck"):
        return None
    return statins


def _statin_ck_because(ctx: Context, statins: list[Medication]) -> str:
    row = latest_rows(ctx.facts.labs).get("ck")
    return sentences(
        [
            f"Statin recorded: {medicine_names(statins)}",
            f"CK has no result and no pending order ({row_state(row)})",
        ]
    )


def _statin_ck_recommendation(statins: list[Medication]) -> str:
    return (
        f"Check CK ({medicine_names(statins)} is recorded) and ask whether the muscle symptoms "
        "began or worsened on the statin (NLA 2014); a normal CK does not exclude "
        "statin-associated muscle symptoms, so review the statin with the prescriber when the "
        "timing fits. A CK above 4 times its upper limit, or weakness, means stopping the statin "
        "and seeking advice (EAS 2015)."
    )


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
            f"{ANALYTES[code].label} {row_state(rows[code])}" if named else row_state(rows[code])
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


RULES = (
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
