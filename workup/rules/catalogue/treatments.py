"""TX: the conventional drug treatment history.

A *counted trial* is a trial of duloxetine, milnacipran, pregabalin, gabapentin, amitriptyline,
cyclobenzaprine or tramadol taken for at least 4 weeks or stopped for adverse effects. NSAIDs,
SSRIs and other drugs are recorded but never count.
"""

from __future__ import annotations

from .. import evidence as ev
from ..facts import TreatmentTrial
from ..vocab import COUNTED_DRUGS, DRUG_LABELS, FAILED_RESPONSES, MIN_TRIAL_WEEKS
from .base import Context, rule, sentences


def is_counted(t: TreatmentTrial) -> bool:
    return t.drug in COUNTED_DRUGS and (t.weeks >= MIN_TRIAL_WEEKS or t.stopped_for_adverse_effects)


def is_failed(t: TreatmentTrial) -> bool:
    """No or minimal response, or stopped for adverse effects."""
    return t.response in FAILED_RESPONSES or t.stopped_for_adverse_effects


def trial_text(t: TreatmentTrial) -> str:
    weeks = "week" if t.weeks == 1 else "weeks"
    text = f"{DRUG_LABELS[t.drug]} {t.weeks} {weeks}, response {t.response}"
    if t.stopped_for_adverse_effects:
        text += ", stopped for adverse effects"
    return text


def _no_adequate_trial(ctx: Context):
    trials = ctx.facts.treatments
    if trials is None or any(is_counted(t) for t in trials):
        return None
    return trials


def _no_adequate_because(ctx: Context, trials: tuple[TreatmentTrial, ...]) -> str:
    if not trials:
        return "The treatment history is recorded as none tried: no counted drug trial."
    return sentences(
        [
            "No counted trial: none of duloxetine, milnacipran, pregabalin, gabapentin, "
            f"amitriptyline, cyclobenzaprine or tramadol taken for {MIN_TRIAL_WEEKS} weeks or "
            "more or stopped for adverse effects",
            "Recorded: " + "; ".join(trial_text(t) for t in trials),
            "NSAIDs, SSRIs and other drugs do not count",
        ]
    )


def _resistant(ctx: Context):
    trials = ctx.facts.treatments
    if not trials:
        return None
    failed: dict[str, TreatmentTrial] = {}
    for t in trials:
        if is_counted(t) and is_failed(t) and t.drug not in failed:
            failed[t.drug] = t
    if len(failed) < 2:
        return None
    return tuple(failed.values())


def _resistant_because(ctx: Context, failed: tuple[TreatmentTrial, ...]) -> str:
    parts = [
        "By the local working definition (there is no consensus definition): at least 2 counted "
        "trials of different drugs, each with no or minimal response or stopped for adverse "
        "effects",
        "Met by: " + "; ".join(trial_text(t) for t in failed),
    ]
    helped = [t for t in ctx.facts.treatments if t.response in ("partial", "good")]
    if helped:
        parts.append(
            "Also recorded with some response: " + "; ".join(trial_text(t) for t in helped)
        )
    return sentences(parts)


RULES = (
    rule(
        "TX.NOT_ASSESSED",
        severity="low",
        action="recommend",
        fires_when="The treatments section is absent.",
        title="Treatment history not recorded",
        when=lambda ctx: True if ctx.facts.treatments is None else None,
        because=lambda ctx, m: "The treatment history section is not recorded.",
        recommendation=(
            "Record the fibromyalgia drugs tried, for how many weeks, the response and any "
            "adverse effects; an empty list records that none were tried."
        ),
        evidence=(ev.EULAR_2016_DRUGS,),
    ),
    rule(
        "TX.NO_ADEQUATE_TRIAL",
        severity="moderate",
        action="recommend",
        fires_when=(
            "The treatments section is present (an empty list included) but has no counted "
            "trial: duloxetine, milnacipran, pregabalin, gabapentin, amitriptyline, "
            "cyclobenzaprine or tramadol for 4 weeks or more, or stopped for adverse effects."
        ),
        title="No adequate trial of a fibromyalgia drug",
        when=_no_adequate_trial,
        because=_no_adequate_because,
        recommendation=(
            "Before calling the condition treatment-resistant, consider whether an adequate trial "
            "of a drug with guideline support is appropriate (EULAR 2016, weak recommendations: "
            "low-dose amitriptyline, duloxetine or milnacipran, pregabalin, cyclobenzaprine, "
            "tramadol), alongside exercise, the first-line treatment."
        ),
        evidence=(ev.EULAR_2016_DRUGS, ev.EULAR_2016_EXERCISE),
    ),
    rule(
        "TX.TREATMENT_RESISTANT",
        severity="info",
        action="recommend",
        fires_when=(
            "Local working definition (no consensus definition exists): at least 2 counted "
            "trials of different drugs, each with response none or minimal, or stopped for "
            "adverse effects."
        ),
        title="Treatment-resistant by the local working definition",
        when=_resistant,
        because=_resistant_because,
        recommendation=(
            "Review the whole workup: diagnosis and exclusions, sleep, mood, exercise and the "
            "other areas here. Non-drug treatment has the best support (exercise, tier A; "
            "psychological therapies, tier B); a multidisciplinary programme is an option to "
            "discuss."
        ),
        evidence=(ev.NO_CONSENSUS_RESISTANCE, ev.EULAR_2016_EXERCISE, ev.EULAR_2016_PSYCH),
    ),
)
