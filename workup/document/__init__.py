"""The `fibro-workup/1` JSON document <-> rules facts.

`facts_from_document` validates an already-decoded document and builds
:class:`workup.rules.facts.WorkupFacts`; the first problem found raises :class:`DocumentError`
naming the field path (``labs[2].unit: 'mg' is not a unit of ferritin; use ng/mL or ug/L``).
`document_from_facts` writes the canonical document back, so import -> store -> export gives the
same document.

Choices where the contract leaves room:

- Integers: a JSON number with no fractional part (``2`` or ``2.0``) is accepted, as JSON Schema
  does; ``2.5`` and booleans are not. Decimals are allowed for ``sleep_hours``, ``fiqr_total``,
  ``height_cm``, ``weight_kg`` and lab values and limits. ``pain_nrs`` is an integer 0-10.
- Dates are ``YYYY-MM-DD``. The visit may not be after `today`, nor the date of birth after the
  visit. A lab may be collected after the visit (results often arrive after it and are added
  to the draft) but not after `today` nor before the date of birth.
- Lab values and limits must be 0-1,000,000 (finite, not negative); ``ref_low`` may not
  exceed ``ref_high``. Units are matched exactly as the catalogue writes them.
- Free text (names, MRN, notes, dose) may not contain NUL characters and has a maximum length
  (`MAX_LENGTHS`); MRN and names may not be blank. An empty note or dose is the same as none.
- ``symptom_duration_months`` is at most 1200 (100 years).
- Inside a present section, a defaulted field given as null takes its default.

Canonical export: keys in the order of the contract's example; a present section lists all of
its keys (null where not recorded, defaults explicit); absent sections are left out, and so are
``exclusions`` and ``labs`` when empty; in list items ``note``, ``dose``, ``ref_low`` and
``ref_high`` are left out when empty, ``stopped_for_adverse_effects`` is always written; SSS is
null when none of its six parts is recorded; sets of codes are written in the catalogue's order;
integral numbers are written as integers; lab values keep the unit they were entered in.

Stdlib only (no Django), like the rules. `checks` holds the primitive checks, `parse` the
sections, `export` the canonical writer.
"""

from .checks import (
    FORMAT,
    MAX_DURATION_MONTHS,
    MAX_LAB_VALUE,
    MAX_LENGTHS,
    DocumentError,
    load_json,
)
from .export import document_from_facts
from .parse import facts_from_document

__all__ = [
    "FORMAT",
    "MAX_DURATION_MONTHS",
    "MAX_LAB_VALUE",
    "MAX_LENGTHS",
    "DocumentError",
    "document_from_facts",
    "facts_from_document",
    "load_json",
]
