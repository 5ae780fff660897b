"""What a summary is built from (inputs) and what the template reads (outputs)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils.safestring import SafeString

from workup.rules.facts import WorkupFacts

# --- Inputs --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    """One workup of the patient on the trend charts (its own frozen evaluation if signed)."""

    workup_id: int
    visit_date: datetime.date
    evaluation: dict
    is_current: bool = False
    is_draft: bool = False


@dataclass(frozen=True)
class SummaryInput:
    """What a summary is built from; :mod:`summaries.sources` fills it from the models."""

    workup_id: int
    facts: WorkupFacts
    evaluation: dict
    clinician_name: str
    is_signed: bool
    practice_name: str
    generated_at: datetime.datetime
    generated_by: str
    signed_at: datetime.datetime | None = None
    signed_by_name: str = ""
    amends_visit_date: datetime.date | None = None
    amendment_reason: str = ""
    trend: tuple[TrendPoint, ...] = ()
    # (label, words): who started a draft another clinician took over, and for whom the signer
    # signed when that was not themselves (``workup.responsibility.responsibility_words``).
    responsibility: tuple[tuple[str, str], ...] = ()
    # (section, words): where a section's values came from ("Patient-reported on ..., accepted
    # by ...": ``questionnaires.provenance.provenance_words``); none for the clinician's own.
    provenance: tuple[tuple[str, str], ...] = ()


# --- Output --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    label: str
    value: str


@dataclass(frozen=True)
class Header:
    practice_name: str
    title: str
    patient_name: str
    mrn: str
    date_of_birth: str
    age: str
    sex_at_birth: str
    visit_date: str
    clinician: str
    status_label: str
    status_class: str
    fields: tuple[Field, ...]
    amendment: str
    amendment_reason: str
    responsibility: tuple[Field, ...] = ()


@dataclass(frozen=True)
class AcrCondition:
    label: str
    result: str
    result_class: str


@dataclass(frozen=True)
class AcrBox:
    status: str
    status_label: str
    status_class: str
    wpi: str
    sss: str
    fs: str
    fs_band: str
    regions: str
    regions_list: str
    duration: str
    conditions: tuple[AcrCondition, ...]
    missing: str
    statement: str
    source: str
    reference: int


@dataclass(frozen=True)
class ExclusionRow:
    condition: str
    required: bool
    required_label: str
    disposition: str
    note: str
    is_open: bool
    row_class: str


@dataclass(frozen=True)
class ExclusionGroup:
    label: str
    rows: tuple[ExclusionRow, ...]


@dataclass(frozen=True)
class LabRow:
    """One lab row: a result as entered (the canonical value beside it when the unit differs),
    or a pending or not-done test by its status."""

    analyte: str
    entered: str  # "28 nmol/L"; "pending" or "not done" for a row without a value
    canonical: str  # "11.2 ng/mL" when the entered unit is not the canonical one, else ""
    range: str  # the range the rules used, in words
    marker: str  # "HIGH", "LOW", "in range", "no range"; "" without a value
    marker_class: str
    date: str  # collected; for a pending row ordered, for a not-done row decided
    note: str  # "earlier" when a later row of the same analyte replaces it
    row_class: str


@dataclass(frozen=True)
class FindingLine:
    label: str
    text: str
    row_class: str


@dataclass(frozen=True)
class FindingBlock:
    """What one section recorded, field by field; ``message`` for a section not recorded."""

    key: str
    heading: str
    lines: tuple[FindingLine, ...]
    message: str
    provenance: str = ""  # "Patient-reported on ..., accepted by ..."; "" for the clinician's own


@dataclass(frozen=True)
class FindingColumn:
    blocks: tuple[FindingBlock, ...]
    css_class: str  # half the width, or the whole width for a column alone in its row


@dataclass(frozen=True)
class ScoreRow:
    instrument: str
    total: str
    band: str
    note: str
    is_alert: bool
    row_class: str


@dataclass(frozen=True)
class TreatmentRow:
    drug: str
    weeks: str
    response: str
    stopped: str
    dose: str
    counted: str


@dataclass(frozen=True)
class EvidenceLine:
    source: str
    tier: str
    tier_label: str
    summary: str
    reference: int


@dataclass(frozen=True)
class FlagItem:
    code: str
    severity: str
    severity_label: str
    severity_class: str
    title: str
    because: str
    recommendation_label: str
    recommendation: str
    evidence: tuple[EvidenceLine, ...]


@dataclass(frozen=True)
class FlagGroup:
    area: str
    label: str
    count_label: str
    flags: tuple[FlagItem, ...]


@dataclass(frozen=True)
class NotAssessed:
    area: str
    label: str
    what: str


@dataclass(frozen=True)
class TrendRow:
    visit_date: str
    values: tuple[str, ...]
    note: str
    row_class: str


@dataclass(frozen=True)
class Chart:
    title: str
    keys: tuple  # charts.LegendKey: each series' label and the CSS class drawing its line
    svg: SafeString
    css_class: str


@dataclass(frozen=True)
class Trends:
    has_history: bool
    message: str
    charts: tuple[Chart, ...]
    columns: tuple[str, ...]
    rows: tuple[TrendRow, ...]


@dataclass(frozen=True)
class Reference:
    number: int
    source: str


@dataclass(frozen=True)
class Tier:
    tier: str
    meaning: str


@dataclass(frozen=True)
class Footer:
    rule_set: str
    generated: str
    confidentiality: str
    line: str


@dataclass(frozen=True)
class HalfCell:
    """One half of a table row printed in two halves side by side (``item`` None: empty)."""

    item: object
    half_class: str  # "half-start" on the right half: a rule between the halves


@dataclass(frozen=True)
class WorkupReport:
    workup_id: int
    language: str
    title: str
    is_draft: bool
    draft_label: str
    body_class: str
    header: Header
    urgent: tuple[FlagItem, ...]
    acr: AcrBox
    exclusions: tuple[ExclusionGroup, ...]
    # The same groups two by two, printed side by side; a group never splits over two pages.
    exclusion_pairs: tuple[tuple[ExclusionGroup, ...], ...]
    exclusions_open: str
    scores: tuple[ScoreRow, ...]
    # The same rows in two halves side by side.
    score_rows: tuple[tuple[HalfCell, HalfCell], ...]
    treatments: tuple[TreatmentRow, ...]
    treatments_message: str
    labs: tuple[LabRow, ...]
    labs_message: str
    labs_lead: str
    labs_value_heading: str
    # What each section recorded: rows of columns of blocks, printed side by side.
    findings: tuple[tuple[FindingColumn, ...], ...]
    min_trial_weeks: int  # a counted trial lasts at least this many weeks (vocab)
    flag_groups: tuple[FlagGroup, ...]
    flags_message: str
    not_assessed: tuple[NotAssessed, ...]
    trends: Trends
    references: tuple[Reference, ...]
    # The references in two halves side by side.
    reference_rows: tuple[tuple[HalfCell, HalfCell], ...]
    tiers: tuple[Tier, ...]
    footer: Footer
    flag_codes: tuple[str, ...] = field(default=())
