"""Every section value in words, for the read-only section page, the conflict page and the
change history: each field by its label, a list section row by row."""

from __future__ import annotations

from dataclasses import dataclass

from config.dates import show_date
from workup.presenters import (
    FREQUENCY_ANSWERS,
    NOT_RECORDED,
    RESPONSE_LABELS,
    code_list,
    number,
    sentence,
    words,
    yes_no,
)
from workup.rules import facts as f
from workup.rules import fmt, vocab
from workup.rules.labs import ANALYTES


@dataclass(frozen=True, slots=True)
class Line:
    """One field of a section, in words."""

    label: str
    text: str


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
    """A result with its unit and date; a pending or not-done row by its status and date."""
    if lab.status == "pending":
        return f"{ANALYTES[lab.analyte].label}: pending, ordered {show_date(lab.collected_on)}"
    if lab.status == "not_done":
        return f"{ANALYTES[lab.analyte].label}: not done (decided {show_date(lab.collected_on)})"
    analyte = ANALYTES[lab.analyte]
    collected = show_date(lab.collected_on)
    text = f"{analyte.label} {fmt.num(lab.value)} {lab.unit}, collected {collected}"
    if lab.ref_low is not None or lab.ref_high is not None:
        low = "" if lab.ref_low is None else fmt.num(lab.ref_low)
        high = "" if lab.ref_high is None else fmt.num(lab.ref_high)
        text += f", laboratory range {low} to {high} {lab.unit}".replace("  ", " ")
    return text


def _lab_lines(labs: tuple[f.LabResult, ...]) -> list[Line]:
    if not labs:
        return [Line("Lab results", "none")]
    return [Line(f"Result {i}", lab_text(lab)) for i, lab in enumerate(labs, 1)]


def medication_text(m: f.Medication) -> str:
    text = f"{m.name}: {vocab.MEDICATION_CLASS_LABELS[m.drug_class]}"
    return f"{text}, dose {m.dose}" if m.dose else text


def _medication_lines(medications: tuple[f.Medication, ...]) -> list[Line]:
    if not medications:
        return [Line("Current medicines", "no current medication")]
    return [Line(f"Medicine {i}", medication_text(m)) for i, m in enumerate(medications, 1)]


def _red_flag_lines(red_flags: f.RedFlags) -> list[Line]:
    lines = []
    for question in vocab.RED_FLAGS:
        answer = red_flags.answer(question)
        text = "not asked" if answer is None else yes_no(answer)
        lines.append(Line(vocab.RED_FLAG_QUESTIONS[question], text))
    return lines


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


def _answer(value: int | None) -> str:
    return NOT_RECORDED if value is None else f"{value}: {FREQUENCY_ANSWERS[value]}"


def _items_lines(name: str, items, count: int) -> list[Line]:
    return [
        Line(f"{name} item {i + 1}", _answer(None if items is None else items[i]))
        for i in range(count)
    ]


def _mental_lines(m: f.Mental) -> list[Line]:
    return [
        *_items_lines("PHQ-9", m.phq9_items, 9),
        Line("PHQ-9 total from a paper form (0-27)", number(m.phq9_total)),
        Line("PHQ-9 item 9 from a paper form", _answer(m.phq9_item9)),
        *_items_lines("GAD-7", m.gad7_items, 7),
        Line("GAD-7 total from a paper form (0-21)", number(m.gad7_total)),
        Line("PSS-10 total (0-40)", number(m.pss10_total)),
        Line("ACE score (0-10)", number(m.ace_score)),
        Line("PC-PTSD-5 total (0-5)", number(m.pc_ptsd5)),
    ]


_LINES = {
    "pain": _pain_lines,
    "exclusions": _exclusion_lines,
    "red_flags": _red_flag_lines,
    "labs": _lab_lines,
    "treatments": _treatment_lines,
    "medications": _medication_lines,
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
    """One row of a list section in words (a finding, a lab result, a drug trial, a medicine)."""
    if name == "exclusions":
        return f"{vocab.CONDITION_LABELS[row.condition]}: {finding_text(row)}"
    if name == "labs":
        return lab_text(row)
    if name == "medications":
        return medication_text(row)
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
