"""Every section value in words, for the read-only section page, the conflict page and the change
history, including what rule set 2027.1 added: the current medication list, the red-flag
findings, lab rows that are pending or not done, and PHQ-9 / GAD-7 entered as totals.

The words of the other sections are :mod:`workup.presenters`' own; this module only adds to them.
"""

from __future__ import annotations

from workup import presenters
from workup.presenters import (
    FREQUENCY_ANSWERS,
    NOT_RECORDED,
    Comparison,
    Line,
    number,
    yes_no,
)
from workup.rules import facts as f
from workup.rules import vocab
from workup.rules.labs import ANALYTES


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


def lab_text(lab: f.LabResult) -> str:
    """A result as the presenters word it; a pending or not-done row by its status and date."""
    if lab.is_resulted:
        return presenters.lab_text(lab)
    label = ANALYTES[lab.analyte].label
    if lab.status == "pending":
        return f"{label}: pending, ordered {lab.collected_on}"
    return f"{label}: not done (decided {lab.collected_on})"


def _lab_lines(labs: tuple[f.LabResult, ...]) -> list[Line]:
    if not labs:
        return [Line("Lab results", "none")]
    return [Line(f"Result {i}", lab_text(lab)) for i, lab in enumerate(labs, 1)]


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
    "red_flags": _red_flag_lines,
    "labs": _lab_lines,
    "medications": _medication_lines,
    "mental": _mental_lines,
}


def section_lines(name: str, value) -> list[Line]:
    """Every field of a section value in words; [] for a section that is not recorded."""
    if value is None:
        return []
    own = _LINES.get(name)
    return own(value) if own is not None else presenters.section_lines(name, value)


def row_text(name: str, row) -> str:
    """One row of a list section in words."""
    if name == "medications":
        return medication_text(row)
    if name == "labs":
        return lab_text(row)
    return presenters.row_text(name, row)


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
