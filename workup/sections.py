"""The sections of a workup, in the order the clinician fills them in.

One entry per section: its page title, the area of the evaluation's ``completeness`` that says
whether it is done, and its models. The section's name is also its URL part, the Workup's
related name of its model and the WorkupFacts attribute that holds it.
"""

from __future__ import annotations

from dataclasses import dataclass

from workup import models as m


@dataclass(frozen=True, slots=True)
class SectionKind:
    name: str
    title: str
    area: str  # key of the evaluation's completeness
    model: type
    row_model: type | None = None
    rows: str = ""  # related name of the rows on the section model
    row_key: str = ""  # rows matched on this field when saved (else by position)
    row_label: str = ""  # "lab result"

    @property
    def has_rows(self) -> bool:
        return self.row_model is not None


SECTION_KINDS: tuple[SectionKind, ...] = (
    SectionKind("pain", "Pain and ACR 2016", "pain", m.PainAssessment),
    SectionKind(
        "exclusions",
        "Exclusions",
        "exclusions",
        m.ExclusionChecklist,
        m.ExclusionFinding,
        rows="findings",
        row_key="condition",
        row_label="finding",
    ),
    SectionKind("red_flags", "Red flags", "exclusions", m.RedFlags),
    SectionKind(
        "labs",
        "Lab results",
        "micronutrients",
        m.LabPanel,
        m.LabResult,
        rows="results",
        row_label="lab result",
    ),
    SectionKind(
        "treatments",
        "Treatment history",
        "treatments",
        m.TreatmentHistory,
        m.TreatmentTrial,
        rows="trials",
        row_label="drug trial",
    ),
    SectionKind(
        "medications",
        "Current medications",
        "treatments",
        m.MedicationList,
        m.Medication,
        rows="entries",
        row_label="medication",
    ),
    SectionKind("lifestyle", "Lifestyle", "lifestyle", m.Lifestyle),
    SectionKind("gut", "Gut health", "gut", m.GutHealth),
    SectionKind("hormones", "Hormones", "hormones", m.Hormones),
    SectionKind("mental", "Mental and emotional health", "mental", m.MentalHealth),
)
SECTIONS_BY_NAME = {kind.name: kind for kind in SECTION_KINDS}
SECTION_NAMES = tuple(SECTIONS_BY_NAME)
# "section__rows" of the sections with rows, for prefetch_related ("labs__results").
ROW_RELATIONS = tuple(f"{kind.name}__{kind.rows}" for kind in SECTION_KINDS if kind.has_rows)

AREA_TITLES = {
    "pain": "Pain and ACR 2016 criteria",
    "exclusions": "Exclusions",
    "treatments": "Treatment history",
    "lifestyle": "Lifestyle",
    "micronutrients": "Micronutrients (lab results)",
    "gut": "Gut health",
    "hormones": "Hormones",
    "mental": "Mental and emotional health",
}


def section_kind(name: str) -> SectionKind:
    return SECTIONS_BY_NAME[name]


def next_section(name: str) -> str | None:
    index = SECTION_NAMES.index(name)
    return SECTION_NAMES[index + 1] if index + 1 < len(SECTION_NAMES) else None
