"""The findings part of the summary: what was recorded in each section, so the summary stands
on its own without the flags.

Each field is worded by :mod:`workup.section_words` (the words of the section pages); a field
left empty reads "not recorded" and a section never recorded says so, nothing is left out.
Questionnaire answers are printed as one line of item scores rather than a line per item; the
totals and bands are in the scores table.
"""

from __future__ import annotations

import re

from summaries.report.parts import FindingBlock, FindingColumn, FindingLine
from workup.presenters import NOT_RECORDED
from workup.rules.facts import Mental, WorkupFacts
from workup.section_words import Line, section_lines

SECTION_HEADINGS = {
    "red_flags": "Red flags",
    "medications": "Current medicines",
    "pain": "Pain and symptoms",
    "mental": "Mental-emotional health",
    "lifestyle": "Exercise, sleep and diet",
    "gut": "Gut health",
    "hormones": "Reproductive and other hormones",
}
# Rows of blocks: a row of one column spans the page, a row of two is printed side by side
# (each column one or more blocks), about as long on the left as on the right.
LAYOUT = (
    (("red_flags",),),
    (("pain",), ("lifestyle",)),
    (("medications", "hormones"), ("gut", "mental")),
)
SECTION_NOT_RECORDED = "Not recorded."
_ITEM = re.compile(r"^(PHQ-9|GAD-7) item \d+$")
_PAPER = re.compile(r"^(PHQ-9|GAD-7) .*from a paper form")


def finding_layout(
    facts: WorkupFacts, provenance: dict[str, str] | None = None
) -> tuple[tuple[FindingColumn, ...], ...]:
    """Rows of columns of blocks (see LAYOUT); ``provenance`` gives a section's origin line."""
    provenance = provenance or {}
    return tuple(
        tuple(
            FindingColumn(
                blocks=tuple(
                    finding_block(facts, name, provenance.get(name, "")) for name in column
                ),
                css_class="col-md-6" if len(row) > 1 else "col-12 group-column-wide",
            )
            for column in row
        )
        for row in LAYOUT
    )


def finding_block(facts: WorkupFacts, name: str, provenance: str = "") -> FindingBlock:
    value = getattr(facts, name)
    lines = _mental_lines(value) if name == "mental" and value else section_lines(name, value)
    return FindingBlock(
        key=name.replace("_", "-"),
        heading=SECTION_HEADINGS[name],
        lines=tuple(_finding(name, line) for line in lines),
        message="" if value is not None else SECTION_NOT_RECORDED,
        provenance=f"{provenance}." if provenance and value is not None else "",
    )


def _finding(name: str, line: Line) -> FindingLine:
    positive = name == "red_flags" and line.text == "yes"
    return FindingLine(
        label=line.label,
        text=line.text,
        row_class="finding-positive" if positive else "",
    )


def _mental_lines(mental: Mental) -> list[Line]:
    """The section's lines with each questionnaire's items on one line, and the paper-form
    totals only for a questionnaire recorded that way."""
    lines = []
    for line in section_lines("mental", mental):
        item = _ITEM.match(line.label)
        paper = _PAPER.match(line.label)
        if item:
            name = item.group(1)
            if line.label == f"{name} item 1":
                lines.append(_items_line(name, mental))
        elif paper:
            name = paper.group(1)
            if _items_of(name, mental) is None and _total_of(name, mental) is not None:
                lines.append(line)
        else:
            lines.append(line)
    return lines


def _items_of(name: str, mental: Mental):
    return mental.phq9_items if name == "PHQ-9" else mental.gad7_items


def _total_of(name: str, mental: Mental):
    return mental.phq9_total if name == "PHQ-9" else mental.gad7_total


def _items_line(name: str, mental: Mental) -> Line:
    items = _items_of(name, mental)
    if items is None:
        if _total_of(name, mental) is not None:
            return Line(f"{name} answers", "total only, from a paper form")
        return Line(f"{name} answers", NOT_RECORDED)
    label = f"{name} answers, items 1-{len(items)} (0-3 each)"
    return Line(label, ", ".join(str(i) for i in items))
