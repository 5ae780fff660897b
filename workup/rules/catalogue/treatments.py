"""TX: the conventional drug treatment history and the current medicines.

A *counted trial* is a trial of duloxetine, milnacipran, pregabalin, gabapentin, amitriptyline,
cyclobenzaprine or tramadol taken for at least 4 weeks or stopped for adverse effects. NSAIDs,
SSRIs and other drugs are recorded but never count.

The medication rules read the current medication list (`medications`); an absent list fires
none of them.
"""

from __future__ import annotations

from .. import evidence as ev
from ..facts import Medication, TreatmentTrial
from ..instruments import MET
from ..vocab import (
    COUNTED_DRUGS,
    DRUG_LABELS,
    FAILED_RESPONSES,
    MEDICATION_CLASS_LABELS,
    MIN_TRIAL_WEEKS,
)
from .base import Context, join, rule, sentences

PREGNANCY_REVIEW_CLASSES = (
    "tricyclic",
    "snri",
    "ssri",
    "gabapentinoid",
    "opioid",
    "benzodiazepine",
    "z_drug",
    "muscle_relaxant",
    "nsaid",
    "thyroid_hormone",
)
SEDATIVE_CLASSES = ("benzodiazepine", "z_drug", "gabapentinoid")
SEROTONERGIC_CLASSES = ("snri", "ssri", "tricyclic")
# Any of these flags means another explanation is open: no fibromyalgia drug trial is urged
# until it is settled.
OTHER_EXPLANATIONS = (
    "EXCL.GCA_SYMPTOMS",
    "EXCL.RED_FLAGS",
    "EXCL.PMR_CHECK",
    "EXCL.ALTERNATIVE_POSSIBLE",
    "EXCL.LAB_CONTRADICTS",
    "EXCL.THYROID_LAB",
    "EXCL.INFLAMMATION_LAB",
    "EXCL.AUTOIMMUNE_SEROLOGY",
)


def is_counted(t: TreatmentTrial) -> bool:
    return t.drug in COUNTED_DRUGS and (t.weeks >= MIN_TRIAL_WEEKS or t.stopped_for_adverse_effects)


def is_failed(t: TreatmentTrial) -> bool:
    """No or minimal response, or stopped for adverse effects."""
    return t.response in FAILED_RESPONSES or t.stopped_for_adverse_effects


def is_pregnant(ctx: Context) -> bool:
    """An absent hormones section or a null stage counts as not pregnant."""
    hormones = ctx.facts.hormones
    return hormones is not None and hormones.reproductive_stage == "pregnant"


def trial_text(t: TreatmentTrial) -> str:
    text = f"{_duration(t)}, response {t.response}"
    if t.stopped_for_adverse_effects:
        text += ", stopped for adverse effects"
    return text


def _duration(t: TreatmentTrial) -> str:
    weeks = "week" if t.weeks == 1 else "weeks"
    return f"{DRUG_LABELS[t.drug]} {t.weeks} {weeks}"


_CLASS_WORDS = {**MEDICATION_CLASS_LABELS, "opioid": "opioid"}


def medicine_text(m: Medication) -> str:
    """'sertraline 50 mg (SSRI)'."""
    name = m.name if m.dose is None else f"{m.name} {m.dose}"
    return f"{name} ({_CLASS_WORDS[m.drug_class]})"


def _medicines(meds: list[Medication]) -> str:
    return join([medicine_text(m) for m in meds])


# --- Current medicines -------------------------------------------------------------------------


def _pregnancy_review(ctx: Context):
    if not is_pregnant(ctx):
        return None
    return ctx.medications_of(*PREGNANCY_REVIEW_CLASSES) or None


def _pregnancy_recommendation(meds: list[Medication]) -> str:
    return (
        "Pregnancy: review each named medicine with the prescriber and the obstetric team; do "
        "not stop antidepressants, sedatives, gabapentinoids or opioids abruptly; avoid NSAIDs "
        "from 20 weeks; thyroid hormone doses usually need adjusting in pregnancy. Named "
        f"medicines: {join([m.name for m in meds])}."
    )


def _sedatives(ctx: Context):
    opioids = ctx.medications_of("opioid")
    sedatives = ctx.medications_of(*SEDATIVE_CLASSES)
    return (opioids, sedatives) if opioids and sedatives else None


def _sedatives_because(ctx: Context, match) -> str:
    opioids, sedatives = match
    return sentences(
        [
            f"Opioid recorded: {_medicines(opioids)}, together with {_medicines(sedatives)}",
            "FDA warnings (2016: benzodiazepines; 2019: gabapentinoids and other sedatives): the "
            "combination risks serious, sometimes fatal, respiratory depression",
        ]
    )


def _sedatives_recommendation(match) -> str:
    opioids, sedatives = match
    names = join([m.name for m in (*opioids, *sedatives)])
    return (
        f"Review the combination ({names}) with the prescriber: stop or taper one of them where "
        "possible (gradually, never abruptly), otherwise use the lowest doses for the shortest "
        "time; warn the patient and carers about drowsiness, slowed breathing and alcohol, and "
        "follow local advice on naloxone."
    )


def _opioids(ctx: Context):
    opioids = ctx.medications_of("opioid")
    if not opioids:
        return None
    return (opioids, ctx.medications_of(*SEROTONERGIC_CLASSES))


def _opioids_because(ctx: Context, match) -> str:
    opioids, serotonergic = match
    parts = [f"Opioid recorded: {_medicines(opioids)}"]
    if serotonergic:
        parts.append(
            f"Taken with {_medicines(serotonergic)}: tramadol and some other opioids with an "
            "SNRI, SSRI or tricyclic risk serotonin toxicity"
        )
    return sentences(parts)


def _opioids_recommendation(match) -> str:
    opioids, serotonergic = match
    text = (
        f"Review the need for {join([m.name for m in opioids])} with the patient and the "
        "prescriber: strong opioids are not recommended in fibromyalgia, and tramadol has only a "
        "weak recommendation (EULAR 2016). Plan a gradual taper where there is no clear benefit, "
        "never an abrupt stop."
    )
    if serotonergic:
        text += (
            f" With {join([m.name for m in serotonergic])}: serotonin toxicity is a risk; explain "
            "its warning signs (agitation, tremor, sweating, fever, diarrhoea) and review the "
            "combination."
        )
    return text


# --- Treatment history -------------------------------------------------------------------------


def _no_adequate_trial(ctx: Context):
    trials = ctx.facts.treatments
    if trials is None or any(is_counted(t) for t in trials):
        return None
    if ctx.acr.status != MET or is_pregnant(ctx):
        return None
    if any(code in ctx.fired for code in OTHER_EXPLANATIONS):
        return None
    return trials


def _no_adequate_because(ctx: Context, trials: tuple[TreatmentTrial, ...]) -> str:
    if trials:
        history = [
            "No counted trial: none of duloxetine, milnacipran, pregabalin, gabapentin, "
            f"amitriptyline, cyclobenzaprine or tramadol taken for {MIN_TRIAL_WEEKS} weeks or "
            "more or stopped for adverse effects",
            "Recorded: " + "; ".join(trial_text(t) for t in trials),
            "NSAIDs, SSRIs and other drugs do not count",
        ]
    else:
        history = ["The treatment history is recorded as none tried: no counted drug trial"]
    return sentences(
        [
            *history,
            "The ACR 2016 criteria are met, the patient is not recorded as pregnant, and no "
            "flag points to another explanation (giant cell arteritis, red flags, polymyalgia "
            "check, a possible alternative condition, a contradicting lab, thyroid, "
            "inflammatory or autoimmune lab findings)",
        ]
    )


def _resistant(ctx: Context):
    trials = ctx.facts.treatments
    if not trials:
        return None
    failed = tuple(t for t in trials if is_counted(t) and is_failed(t))
    if len({t.drug for t in failed}) < 2:
        return None
    return failed


# Each trial is listed once, under the reason it counts; stopping for adverse effects comes first
# (the response to a stopped drug says little).
_REASONS = (
    ("Stopped for adverse effects", lambda t: t.stopped_for_adverse_effects),
    ("No response", lambda t: t.response == "none"),
    ("Minimal response", lambda t: t.response == "minimal"),
)


def _reason_groups(failed: tuple[TreatmentTrial, ...]) -> list[str]:
    left = list(failed)
    groups = []
    for label, belongs in _REASONS:
        group = [t for t in left if belongs(t)]
        left = [t for t in left if not belongs(t)]
        if group:
            groups.append(f"{label}: " + "; ".join(_duration(t) for t in group))
    return groups


def _resistant_because(ctx: Context, failed: tuple[TreatmentTrial, ...]) -> str:
    parts = [
        "By the local working definition (there is no consensus definition): at least 2 counted "
        "trials of different drugs, each with no or minimal response or stopped for adverse "
        "effects",
        *_reason_groups(failed),
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
        "TX.PREGNANCY_REVIEW",
        severity="high",
        action="recommend",
        fires_when=(
            "Reproductive stage pregnant, and a current medicine of class tricyclic, SNRI, SSRI, "
            "gabapentinoid, opioid, benzodiazepine, Z-drug, muscle relaxant, NSAID or thyroid "
            "hormone."
        ),
        title="Medicines to review in pregnancy",
        when=_pregnancy_review,
        because=lambda ctx, meds: (
            f"Reproductive stage is recorded as pregnant, with {_medicines(meds)} on the "
            "medication list."
        ),
        recommendation=_pregnancy_recommendation,
        evidence=(ev.NICE_CG192, ev.FDA_2020_NSAID_PREGNANCY, ev.ATA_2017_THYROID_PREGNANCY),
    ),
    rule(
        "TX.SEDATIVE_COMBINATION",
        severity="high",
        action="recommend",
        fires_when=(
            "A current opioid together with a benzodiazepine, Z-drug or gabapentinoid (FDA 2016 "
            "and 2019 warnings: respiratory depression)."
        ),
        title="Opioid with a sedative or gabapentinoid",
        when=_sedatives,
        because=_sedatives_because,
        recommendation=_sedatives_recommendation,
        evidence=(ev.FDA_2016_2019_SEDATIVES,),
    ),
    rule(
        "TX.OPIOID_REVIEW",
        severity="moderate",
        action="recommend",
        fires_when=(
            "A current opioid (tramadol included). EULAR 2016: strong opioids not recommended, "
            "tramadol weak for; the flag names any SNRI, SSRI or tricyclic taken with it "
            "(serotonin toxicity)."
        ),
        title="Opioid in fibromyalgia: review",
        when=_opioids,
        because=_opioids_because,
        recommendation=_opioids_recommendation,
        evidence=(ev.EULAR_2016_OPIOIDS,),
    ),
    rule(
        "TX.NO_ADEQUATE_TRIAL",
        severity="moderate",
        action="recommend",
        fires_when=(
            "The treatments section is present (an empty list included) but has no counted "
            "trial (duloxetine, milnacipran, pregabalin, gabapentin, amitriptyline, "
            "cyclobenzaprine or tramadol for 4 weeks or more, or stopped for adverse effects); "
            "the ACR 2016 criteria are met; the patient is not pregnant (an absent hormones "
            "section or stage counts as not pregnant); and none of "
            + ", ".join(OTHER_EXPLANATIONS)
            + " fired."
        ),
        title="No adequate trial of a fibromyalgia drug",
        when=_no_adequate_trial,
        because=_no_adequate_because,
        recommendation=(
            "Consider an adequate trial of low-dose amitriptyline, duloxetine or pregabalin "
            "(EULAR 2016, weak recommendations), beside exercise, the first-line treatment, "
            "before calling the condition treatment-resistant; milnacipran or cyclobenzaprine "
            "are alternatives. Do not start with tramadol or any other opioid."
        ),
        evidence=(ev.EULAR_2016_DRUGS, ev.EULAR_2016_EXERCISE),
        reads=OTHER_EXPLANATIONS,
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
        title="Refractory or intolerant by the local working definition",
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
