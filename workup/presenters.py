"""Results in words, for pages: the words for codes and numbers, the ACR 2016 box, lab readings,
pending tests and the label of a flag's recommendation. Each section's fields in words are
:mod:`workup.section_words`'.

Nothing here decides anything clinical: numbers and statuses come from :mod:`workup.rules`;
this module only puts them into the clinic's words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from django.conf import settings

from workup.lab_units import ENTERED, preferred_unit
from workup.rules import facts as f
from workup.rules import fmt, vocab
from workup.rules.facts import age_on
from workup.rules.labs import ANALYTES, reading_of

NOT_RECORDED = "not recorded"

PHQ9_ITEMS = (
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself, or that you are a failure or have let yourself or your "
    "family down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed? Or the opposite, "
    "being so fidgety or restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead or of hurting yourself in some way",
)
GAD7_ITEMS = (
    "Feeling nervous, anxious or on edge",
    "Not being able to stop or control worrying",
    "Worrying too much about different things",
    "Trouble relaxing",
    "Being so restless that it is hard to sit still",
    "Becoming easily annoyed or irritable",
    "Feeling afraid as if something awful might happen",
)
# The published answer options of PHQ-9 and GAD-7 (over the last 2 weeks).
FREQUENCY_ANSWERS = {
    0: "not at all",
    1: "several days",
    2: "more than half the days",
    3: "nearly every day",
}
PHQ9_STEM = (
    "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
)
GAD7_STEM = "Over the last 2 weeks, how often have you been bothered by the following problems?"

RESPONSE_LABELS = {
    "none": "no response",
    "minimal": "minimal response",
    "partial": "partial response",
    "good": "good response",
}
# Codes whose words are not simply the code with spaces for underscores.
ENUM_LABELS = {"hrt": "HRT"}
LAB_STATUS_TEXT = {"low": "below range", "high": "above range", "normal": "in range"}


def sentence(text: str) -> str:
    """Upper-case the first letter only ('low-FODMAP' -> 'Low-FODMAP', 'HIV' stays)."""
    return text[:1].upper() + text[1:]


def words(code: str | None, labels: dict | None = None) -> str:
    if code is None or code == "":
        return NOT_RECORDED
    if labels and code in labels:
        return labels[code]
    return ENUM_LABELS.get(code, code.replace("_", " "))


def yes_no(value: bool | None) -> str:
    return NOT_RECORDED if value is None else ("yes" if value else "no")


def number(value, unit: str = "", one: str = "") -> str:
    """The value with its unit, ``one`` being the unit's spelling for exactly 1 ("1 month")."""
    if value is None:
        return NOT_RECORDED
    text = fmt.num(value)
    return f"{text} {one if value == 1 and one else unit}".strip()


def code_list(codes, labels: dict, empty: str = "none") -> str:
    if codes is None:
        return NOT_RECORDED
    return ", ".join(labels.get(c, c) for c in codes) if codes else empty


def word_list(texts, last: str = "and") -> str:
    """'a, b and c' ('a, b or c' with last="or")."""
    texts = list(texts)
    if len(texts) < 2:
        return "".join(texts)
    return f"{', '.join(texts[:-1])} {last} {texts[-1]}"


def micronutrient_markers() -> str:
    """The labs that make the micronutrient area complete, by their catalogue labels."""
    return word_list((ANALYTES[code].label for code in vocab.MICRONUTRIENT_MARKERS), "or")


def uncounted_drug_classes() -> str:
    """The drug classes recorded as trials that do not count as one ('NSAIDs and SSRIs')."""
    uncounted = [d for d in vocab.DRUGS if d not in vocab.COUNTED_DRUGS and d != "other"]
    return word_list(f"{vocab.DRUG_LABELS[d]}s" for d in uncounted)


# --- The ACR 2016 box ---------------------------------------------------------------------------

ACR_STATUS_TEXT = {
    "met": "Met",
    "not_met": "Not met",
    "incomplete": "Incomplete: inputs are missing",
}
FS_BAND_TEXT = {
    "none": "none",
    "mild": "mild",
    "moderate": "moderate",
    "severe": "severe",
    "very_severe": "very severe",
}


@dataclass(frozen=True, slots=True)
class AcrBox:
    status: str
    status_text: str
    lines: tuple[tuple[str, str, str], ...]  # (key, label, text)
    summary: str  # one sentence, for screen readers when the box updates
    # "3 of 14 required look-alike conditions still open" ("" when not given), and their names.
    open_text: str = ""
    open_conditions: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {
            "status": self.status,
            "status_text": self.status_text,
            "fields": {key: text for key, _, text in self.lines},
            "summary": self.summary,
        }


def _or_missing(value, suffix: str = "") -> str:
    return "not yet known" if value is None else f"{value}{suffix}"


def open_look_alikes_text(open_codes: Sequence[str]) -> str:
    """How many required look-alike conditions have no disposition yet, in words."""
    return (
        f"{len(open_codes)} of {len(vocab.REQUIRED_CONDITIONS)} required look-alike "
        "conditions still open"
    )


def acr_box(acr: dict, *, open_required: Sequence[str] | None = None) -> AcrBox:
    """The ACR 2016 result (``criteria.acr2016`` of an evaluation) in words.

    `open_required`: the required look-alike conditions still open, as
    ``rules.catalogue.exclusions.open_required`` computes them from the facts; None leaves the
    count out (the live preview of the pain form, and workups signed under an earlier rule set,
    whose required conditions were not those of today).
    """
    fs = acr.get("fs")
    fs_text = "not yet known" if fs is None else f"{fs} ({FS_BAND_TEXT[acr['fs_band']]})"
    duration = acr.get("duration_ok")
    duration_text = NOT_RECORDED if duration is None else ("yes" if duration else "no")
    generalised = acr.get("generalized_pain")
    regions = _or_missing(acr.get("regions"), " of 5")
    if generalised is not None:
        regions += " (generalised pain)" if generalised else " (not generalised)"
    lines = (
        ("wpi", "Widespread Pain Index (WPI)", _or_missing(acr.get("wpi"), " of 19")),
        ("sss", "Symptom Severity Scale (SSS)", _or_missing(acr.get("sss"), " of 12")),
        ("fs", "Polysymptomatic distress (FS = WPI + SSS)", fs_text),
        ("regions", "Regions with pain", regions),
        ("duration", "Symptoms for 3 months or more", duration_text),
    )
    status = acr["status"]
    summary = (
        f"ACR 2016 criteria: {ACR_STATUS_TEXT[status].lower()}. "
        f"WPI {_or_missing(acr.get('wpi'))}, SSS {_or_missing(acr.get('sss'))}, "
        f"FS {fs_text}, regions {_or_missing(acr.get('regions'))}."
    )
    if open_required is None:
        return AcrBox(status, ACR_STATUS_TEXT[status], lines, summary)
    return AcrBox(
        status,
        ACR_STATUS_TEXT[status],
        lines,
        summary,
        open_text=open_look_alikes_text(open_required),
        open_conditions=tuple(vocab.CONDITION_LABELS[code] for code in open_required),
    )


# --- Lab readings -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LabReadingText:
    value_text: str  # shown, the other value beside it: "62.4 nmol/L (25 ng/mL)"
    shown: str  # in the practice's preferred unit: by default as entered, "62.4 nmol/L"
    beside: str  # the value in brackets: canonical (or, with a preferred system, as entered)
    entered: str  # "62.4 nmol/L" (ANA as a titre: "1:160")
    canonical: str  # "25 ng/mL"
    status: str | None  # low, high, normal; None without a range
    status_text: str  # "below range" ...
    range_text: str  # the limits used, in words


def lab_reading(
    lab: f.LabResult, *, sex: str, date_of_birth: date, visit_date: date, units: str = ""
):
    """One result converted to its canonical unit and placed against the range that applies.

    It is shown in the unit entered, the canonical value beside it where the unit differs; or,
    when the practice prefers SI or conventional units (``units``, else
    ``PRACTICE_LAB_UNITS``), in that system's unit with the value as entered beside it where
    the unit differs.
    """
    reading = reading_of(lab, sex, age_on(date_of_birth, visit_date))
    analyte = reading.analyte
    if lab.analyte == "ana":
        entered = canonical = reading.value_text()
        shown, beside = entered, ""
    else:
        canonical = f"{fmt.converted(reading.value)} {analyte.canonical_unit}"
        entered = f"{fmt.num(lab.value)} {lab.unit}"
        system = units or settings.PRACTICE_LAB_UNITS
        unit = preferred_unit(analyte, lab.unit, system)
        if system == ENTERED:
            shown = entered
            beside = "" if lab.unit == analyte.canonical_unit else canonical
        elif unit.code == lab.unit:
            shown, beside = entered, ""
        else:
            shown = f"{fmt.converted(unit.from_canonical(reading.value))} {unit.code}"
            beside = entered
    status = reading.status
    return LabReadingText(
        value_text=f"{shown} ({beside})" if beside else shown,
        shown=shown,
        beside=beside,
        entered=entered,
        canonical=canonical,
        status=status,
        status_text=LAB_STATUS_TEXT.get(status, "no reference range"),
        range_text=reading.range.description if reading.range is not None else "",
    )


# --- Pending tests ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PendingTest:
    analyte: str  # the code
    label: str  # "TSH"
    ordered_on: date


def pending_tests(open_rows: Mapping[str, f.LabResult]) -> tuple[PendingTest, ...]:
    """The tests ordered and not back yet (``rules.labs.open_pending`` of the facts' labs), in
    the lab catalogue's order."""
    order = {code: i for i, code in enumerate(ANALYTES)}
    return tuple(
        PendingTest(code, ANALYTES[code].label, row.collected_on)
        for code, row in sorted(open_rows.items(), key=lambda item: order.get(item[0], 999))
    )


# --- The label of a flag's recommendation -------------------------------------------------------

# Rule set 2026.1 derived the label from the evidence: advice backed only by tier D or E
# evidence was offered "to consider and discuss". Kept only for evaluations frozen then.
_LEGACY_CONSIDER_LABEL = "To consider and discuss (evidence tier D/E only)"
_LEGACY_WEAK_TIERS = frozenset({"D", "E"})
_LEGACY_STRONGER_TIERS = frozenset({"A", "B", "C"})


def action_label(flag: Mapping) -> str:
    """The label of the flag's recommendation, "Recommendation" or "To consider and discuss":
    from its `action` alone, the same on screen and in the summary (whatever the tiers of its
    fibromyalgia evidence).

    A flag frozen with a workup signed under rule set 2026.1 has no `action`: it keeps the
    label 2026.1 gave it (from its evidence tiers), so the summary on screen still says what
    the PDF stored at that signature says.
    """
    action = flag.get("action")
    if action is not None:
        return vocab.ACTION_LABELS[action]
    tiers = {item.get("tier", "-") for item in flag.get("evidence", ())}
    weak_only = bool(tiers & _LEGACY_WEAK_TIERS) and not (tiers & _LEGACY_STRONGER_TIERS)
    return _LEGACY_CONSIDER_LABEL if weak_only else vocab.ACTION_LABELS["recommend"]


# --- Who started, took over and signed a workup -------------------------------------------------


@dataclass(frozen=True, slots=True)
class TakeOverWords:
    """One take-over of a draft, as the words need it: both clinicians' names, the date it
    happened (in the practice format) and the reason given."""

    from_name: str
    to_name: str
    on: str
    reason: str


def take_over_lines(take_overs: Sequence[TakeOverWords]) -> tuple[str, ...]:
    """The first take-over as "Started by Ines Rivera; taken over by Wei Chen on 3 Dec 2026:
    on leave until Monday", then a line for each later one ("Taken over from ... by ... on
    ...: ...")."""
    lines = []
    for index, take_over in enumerate(take_overs):
        taken = f"by {take_over.to_name} on {take_over.on}: {take_over.reason}"
        if index == 0:
            lines.append(f"Started by {take_over.from_name}; taken over {taken}")
        else:
            lines.append(f"Taken over from {take_over.from_name} {taken}")
    return tuple(lines)


def signed_for_text(*, signer: str, clinician: str) -> str:
    """Said where a practice lets any clinician sign and the signer is not the workup's
    clinician: "Signed by Wei Chen for Ines Rivera, the workup's clinician"."""
    return f"Signed by {signer} for {clinician}, the workup's clinician"
