"""The lab table of the summary: every lab row recorded, each value in the unit it was entered.

A resulted row shows its value as entered, the canonical value beside it when the unit differs,
the range the rules used (the default or the laboratory's own, as :mod:`workup.rules.labs`
decides) and a high / low marker against it. Pending and not-done rows are listed by their
status. Rows follow the lab catalogue's order, the latest of each analyte first; a row that a
later one of the same analyte replaces is marked "earlier", since the rules read only the latest.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from django.conf import settings

from config.dates import show_date
from summaries.report.parts import LabRow
from workup.lab_units import CONVENTIONAL, SI
from workup.presenters import lab_reading
from workup.rules import vocab
from workup.rules.facts import LabResult, Patient, WorkupFacts
from workup.rules.labs import ANALYTES, latest_rows

MARKERS = {
    # status: (marker shown, CSS class)
    "high": ("HIGH", "lab-high"),
    "low": ("LOW", "lab-low"),
    "normal": ("in range", "lab-normal"),
    None: ("no range", "lab-no-range"),
}


class LabTableWords(NamedTuple):
    lead: str
    value_heading: str


_RANGE_WORDS = "the range is the one the rules used."
_SYSTEM_NAMES = {SI: "SI", CONVENTIONAL: "conventional"}


def lab_table_words(units: str = "") -> LabTableWords:
    """What the table's lead and value column say about units, for the practice's preference
    (``units``, else ``PRACTICE_LAB_UNITS``)."""
    system = units or settings.PRACTICE_LAB_UNITS
    if system in _SYSTEM_NAMES:
        name = _SYSTEM_NAMES[system]
        return LabTableWords(
            f"Each value in {name} units, as the practice prefers, the value as the laboratory "
            f"reported it in brackets where the unit differs; {_RANGE_WORDS}",
            f"Value in {name} units (as entered)",
        )
    return LabTableWords(
        "Each value in the unit the laboratory reported, the canonical unit of the rules in "
        f"brackets where it differs; {_RANGE_WORDS}",
        "Value as entered (canonical)",
    )


def lab_rows(facts: WorkupFacts) -> tuple[LabRow, ...]:
    patient = facts.patient
    latest = {id(row) for row in latest_rows(facts.labs).values()}
    order = {code: i for i, code in enumerate(ANALYTES)}
    ordered = sorted(
        facts.labs,
        key=lambda lab: (order.get(lab.analyte, 999), -lab.collected_on.toordinal()),
    )
    return tuple(
        _row(lab, patient, facts.visit_date, is_latest=id(lab) in latest) for lab in ordered
    )


def _row(lab: LabResult, patient: Patient, visit_date: date, *, is_latest: bool) -> LabRow:
    analyte = ANALYTES[lab.analyte]
    when = show_date(lab.collected_on)
    note = "" if is_latest else "earlier"
    if not lab.is_resulted:
        return LabRow(
            analyte=analyte.label,
            entered=vocab.LAB_STATUS_LABELS[lab.status],
            canonical="",
            range="",
            marker="",
            marker_class="",
            date=when,
            note=note,
            row_class=f"lab-{lab.status.replace('_', '-')}",
        )
    reading = lab_reading(
        lab,
        sex=patient.sex_at_birth,
        date_of_birth=patient.date_of_birth,
        visit_date=visit_date,
    )
    marker, marker_class = MARKERS[reading.status]
    return LabRow(
        analyte=analyte.label,
        entered=reading.shown,
        canonical=reading.beside,
        range=reading.range_text or "no reference range",
        marker=marker,
        marker_class=marker_class,
        date=when,
        note=note,
        row_class="lab-earlier" if note else "",
    )
