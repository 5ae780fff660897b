"""Section values and results in words, for pages: read-only sections, the conflict page, the
change history, the ACR 2016 box, lab readings, pending tests and the label of a flag's
recommendation.

Nothing here decides anything clinical: numbers and statuses come from :mod:`workup.rules`;
this module only puts them into the clinic's words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

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


@dataclass(frozen=True, slots=True)
class Line:
    """One field of a section, in words."""

    label: str
    text: str


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


# --- Section lines ------------------------------------------------------------------------------


def _pain_lines(p: f.Pain) -> list[Line]:
    lines = [
        Line(
            "Painful areas in the past week (WPI)",
            code_list(p.wpi_areas, vocab.WPI_AREA_LABELS, "no painful area"),
        )
    ]
    for part in vocab.SSS_SCALE_PARTS:
        value = getattr(p, part)
        text = NOT_RECORDED if value is None else f"{value}: {vocab.SSS_ANCHORS[value]}"
        lines.append(Line(sentence(vocab.SSS_PART_LABELS[part]), text))
    for part in vocab.SSS_YES_NO_PARTS:
        label = sentence(vocab.SSS_PART_LABELS[part]) + " (past 6 months)"
        lines.append(Line(label, yes_no(getattr(p, part))))
    lines += [
        Line("Symptom duration", number(p.symptom_duration_months, "months", "month")),
        Line("Pain now (NRS 0-10)", number(p.pain_nrs)),
        Line("FIQR total (0-100)", number(p.fiqr_total)),
    ]
    return lines


def finding_text(x: f.ExclusionFinding) -> str:
    text = words(x.status, vocab.EXCLUSION_STATUS_LABELS)
    return f"{text}; note: {x.note}" if x.note else text


def _exclusion_lines(findings: tuple[f.ExclusionFinding, ...]) -> list[Line]:
    by_condition = {x.condition: x for x in findings}
    lines = []
    for code in vocab.CONDITIONS:
        x = by_condition.get(code)
        text = finding_text(x) if x else "not assessed"
        lines.append(Line(sentence(vocab.CONDITION_LABELS[code]), text))
    return lines


def lab_text(lab: f.LabResult) -> str:
    analyte = ANALYTES[lab.analyte]
    text = f"{analyte.label} {fmt.num(lab.value)} {lab.unit}, collected {lab.collected_on}"
    if lab.ref_low is not None or lab.ref_high is not None:
        low = "" if lab.ref_low is None else fmt.num(lab.ref_low)
        high = "" if lab.ref_high is None else fmt.num(lab.ref_high)
        text += f", laboratory range {low} to {high} {lab.unit}".replace("  ", " ")
    return text


def _lab_lines(labs: tuple[f.LabResult, ...]) -> list[Line]:
    if not labs:
        return [Line("Lab results", "none")]
    return [Line(f"Result {i}", lab_text(lab)) for i, lab in enumerate(labs, 1)]


def trial_text(t: f.TreatmentTrial) -> str:
    parts = [
        vocab.DRUG_LABELS[t.drug],
        f"{t.weeks} weeks",
        RESPONSE_LABELS[t.response],
    ]
    if t.stopped_for_adverse_effects:
        parts.append("stopped for adverse effects")
    if t.dose:
        parts.append(f"dose {t.dose}")
    return ", ".join(parts)


def _treatment_lines(trials: tuple[f.TreatmentTrial, ...]) -> list[Line]:
    if not trials:
        return [Line("Drugs tried", "no conventional drug tried")]
    return [Line(f"Drug {i}", trial_text(t)) for i, t in enumerate(trials, 1)]


def _lifestyle_lines(x: f.Lifestyle) -> list[Line]:
    return [
        Line(
            "Aerobic exercise",
            number(x.aerobic_minutes_per_week, "minutes a week", "minute a week"),
        ),
        Line(
            "Strength training",
            number(x.strength_sessions_per_week, "sessions a week", "session a week"),
        ),
        Line("Sleep", number(x.sleep_hours, "hours a night", "hour a night")),
        Line("PSQI global score (0-21)", number(x.psqi_global)),
        Line("ISI total (0-28)", number(x.isi_total)),
        Line("STOP-Bang total (0-8)", number(x.stop_bang)),
        Line("Diet pattern", words(x.diet_pattern)),
        Line("Diets tried", code_list(x.diets_tried, vocab.DIET_LABELS)),
        Line("Height", number(x.height_cm, "cm")),
        Line("Weight", number(x.weight_kg, "kg")),
    ]


def _gut_lines(g: f.Gut) -> list[Line]:
    return [
        Line("Gut symptoms", code_list(g.symptoms, vocab.GUT_SYMPTOM_LABELS)),
        Line("Rome IV IBS criteria met", yes_no(g.rome_iv_ibs)),
        Line("Microbiome test", words(g.microbiome_test)),
        Line("SIBO breath test", words(g.sibo_breath_test)),
        Line("Probiotic trial", words(g.probiotic_trial)),
    ]


def _hormone_lines(h: f.Hormones) -> list[Line]:
    return [
        Line("Reproductive stage", words(h.reproductive_stage)),
        Line("Cycle-related flares", words(h.cycle_related_flares)),
        Line("Hormone therapy", words(h.hormone_therapy)),
    ]


def _items_lines(name: str, items, count: int) -> list[Line]:
    lines = []
    for i in range(count):
        value = None if items is None else items[i]
        text = NOT_RECORDED if value is None else f"{value}: {FREQUENCY_ANSWERS[value]}"
        lines.append(Line(f"{name} item {i + 1}", text))
    return lines


def _mental_lines(m: f.Mental) -> list[Line]:
    return [
        *_items_lines("PHQ-9", m.phq9_items, 9),
        *_items_lines("GAD-7", m.gad7_items, 7),
        Line("PSS-10 total (0-40)", number(m.pss10_total)),
        Line("ACE score (0-10)", number(m.ace_score)),
        Line("PC-PTSD-5 total (0-5)", number(m.pc_ptsd5)),
    ]


_LINES = {
    "pain": _pain_lines,
    "exclusions": _exclusion_lines,
    "labs": _lab_lines,
    "treatments": _treatment_lines,
    "lifestyle": _lifestyle_lines,
    "gut": _gut_lines,
    "hormones": _hormone_lines,
    "mental": _mental_lines,
}


def section_lines(name: str, value) -> list[Line]:
    """Every field of a section value in words; [] for a section that is not recorded."""
    if value is None:
        return []
    return _LINES[name](value)


def row_text(name: str, row) -> str:
    """One row of a list section in words (a finding, a lab result, a drug trial)."""
    if name == "exclusions":
        return f"{vocab.CONDITION_LABELS[row.condition]}: {finding_text(row)}"
    if name == "labs":
        return lab_text(row)
    return trial_text(row)


@dataclass(frozen=True, slots=True)
class Comparison:
    label: str
    mine: str
    stored: str

    @property
    def differs(self) -> bool:
        return self.mine != self.stored


def compare(name: str, mine, stored) -> list[Comparison]:
    """Field by field: what the clinician submitted and what is stored now."""
    left = {line.label: line.text for line in section_lines(name, mine)}
    right = {line.label: line.text for line in section_lines(name, stored)}
    absent = "section not recorded"
    labels = list(left) + [label for label in right if label not in left]
    return [
        Comparison(
            label,
            left.get(label, absent if mine is None else "—"),
            right.get(label, absent if stored is None else "—"),
        )
        for label in labels
    ]


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
    canonical: str  # "25 ng/mL"
    status: str | None  # low, high, normal; None without a range
    status_text: str  # "below range" ...
    range_text: str  # the limits used, in words


def lab_reading(lab: f.LabResult, *, sex: str, date_of_birth: date, visit_date: date):
    """One result converted to its canonical unit and placed against the range that applies."""
    reading = reading_of(lab, sex, age_on(date_of_birth, visit_date))
    unit = reading.analyte.canonical_unit
    if lab.analyte == "ana":
        canonical = reading.value_text()
    else:
        canonical = f"{fmt.converted(reading.value)} {unit}"
    status = reading.status
    return LabReadingText(
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
