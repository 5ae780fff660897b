"""The JSON workup document (`fibro-workup/2`, still reading `fibro-workup/1`) <-> rules facts.

`facts_from_document` validates an already-decoded document and builds
:class:`workup.rules.facts.WorkupFacts`; the first problem found raises :class:`DocumentError`
naming the field path (``labs[2].unit: 'mg' is not a unit of ferritin; use ng/mL or ug/L``).
`document_from_facts` writes the canonical `fibro-workup/2` document back, so import -> store ->
export gives the same version 2 document, and a version 1 document comes back as its version 2
equivalent. `text_problem` is the rule for the characters of free text, shared with the forms.

Choices where the contract leaves room:

- Version 1: a `fibro-workup/1` document may not hold the keys version 2 added
  (``medications``, ``red_flags``, a lab row's ``status``, ``mental.phq9_total``,
  ``phq9_item9``, ``gad7_total``), even as null: the error names the key and says it needs
  `fibro-workup/2`. A sender that writes version 1 cannot mean a version 2 field. Code lists
  are the current ones for both versions, as the contract says of the lab catalogue, so
  ``rectal_bleeding`` is a gut symptom in either.
- Integers: a JSON number with no fractional part (``2`` or ``2.0``) is accepted, as JSON Schema
  does; ``2.5`` and booleans are not. Decimals are allowed for ``sleep_hours``, ``fiqr_total``,
  ``height_cm``, ``weight_kg`` and lab values and limits. ``pain_nrs`` is an integer 0-10.
- Dates are ``YYYY-MM-DD``. The visit may not be after `today`, nor the date of birth after the
  visit. A lab may be collected after the visit (results often arrive after it and are added
  to the draft) but not after `today` nor before the date of birth; the same holds for the
  day a pending or not-done test was ordered or decided against.
- Lab values and limits must be 0-1,000,000 (finite, not negative); ``ref_low`` may not
  exceed ``ref_high``. Units are matched exactly as the catalogue writes them. A lab row's
  ``status`` given as null is the default, ``resulted``.
- Free text has a maximum length (`MAX_LENGTHS`); MRN, patient names and medication names may
  not be blank. An empty note or dose is the same as none. Text may not hold control
  characters, lone surrogates or bidirectional controls (`text_problem`); an exclusion note is
  multi-line text and keeps its tabs and line breaks, the one-line fields (MRN, names, doses)
  may not hold them.
- Lists: at most `MAX_ROWS` rows (labs 200, treatments 50, medications 50); exclusions are
  bounded by one row per condition.
- PHQ-9 entered as a total: ``phq9_item9`` may equal the total but not exceed it; no other
  consistency between item 9 and the total is required.
- ``symptom_duration_months`` is at most 1200 (100 years).
- Inside a present section, a defaulted field given as null takes its default.

Canonical export: keys in the order of the contract's example; a present section lists all of
its keys (null where not recorded, defaults explicit), except that ``mental`` lists
``phq9_total`` with ``phq9_item9`` and ``gad7_total`` only when a total was entered; absent
sections are left out, and so are ``exclusions`` and ``labs`` when empty (``medications`` and
``treatments`` keep ``[]``, which says "none"); ``red_flags`` lists all eleven questions; in list
items ``note``, ``dose``, ``ref_low`` and ``ref_high`` are left out when empty,
``stopped_for_adverse_effects`` is always written; a lab row writes ``status`` only when it is
not ``resulted``, and a pending or not-done row is ``analyte``, ``status``, ``collected_on``; SSS
is null when none of its six parts is recorded; sets of codes are written in the catalogue's
order; integral numbers are written as integers; lab values keep the unit they were entered in.

Stdlib only (no Django), like the rules. `checks` holds the primitive checks, `parse` the
sections, `export` the canonical writer.
"""

from .checks import (
    FORMAT,
    FORMATS,
    MAX_DURATION_MONTHS,
    MAX_LAB_VALUE,
    MAX_LENGTHS,
    MAX_ROWS,
    DocumentError,
    load_json,
    text_problem,
)
from .export import document_from_facts
from .parse import facts_from_document

__all__ = [
    "FORMAT",
    "FORMATS",
    "MAX_DURATION_MONTHS",
    "MAX_LAB_VALUE",
    "MAX_LENGTHS",
    "MAX_ROWS",
    "DocumentError",
    "document_from_facts",
    "facts_from_document",
    "load_json",
    "text_problem",
]
