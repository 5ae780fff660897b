"""Where a section's values came from: the words the overview, the section page and the
summary show ("Patient-reported on 1 Dec 2026, accepted by Ines Rivera on 3 Dec 2026").

Acceptance rows are written once and never changed, and a signed workup's sections no longer
move, so a signed workup's lines read the same whenever they are built.
"""

from __future__ import annotations

from config.dates import show_date
from questionnaires.models import SectionAcceptance
from workup.models import Workup

MEDICATIONS = "medications"


def _name(user) -> str:
    return str(user) if user else "someone"


def latest_acceptances(workup: Workup) -> dict[str, SectionAcceptance]:
    """Each section's latest acceptance (rows are never changed, so a signed workup's stay as
    they were when it was signed)."""
    if workup.pk is None:
        return {}
    rows = SectionAcceptance.objects.filter(workup=workup).select_related("accepted_by")
    return {row.section: row for row in rows.order_by("accepted_at", "id")}


def provenance_words(workup: Workup) -> dict[str, str]:
    """{section: "Patient-reported on 1 Dec 2026, accepted by Ines Rivera on 3 Dec 2026"}, with
    ", since edited by ..." when the section was saved again after the acceptance."""
    words = {}
    for section, acceptance in latest_acceptances(workup).items():
        reported_on = show_date(acceptance.reported_at)
        accepted = f"by {_name(acceptance.accepted_by)} on {show_date(acceptance.accepted_at)}"
        if section == MEDICATIONS:
            words[section] = f"Patient's list of {reported_on} reviewed {accepted}"
            continue
        text = f"Patient-reported on {reported_on}, accepted {accepted}"
        stored = getattr(workup, section, None)
        version = 0 if stored is None else stored.version
        if version != acceptance.section_version:
            text += ", since edited"
            if stored is not None and stored.updated_by_id:
                text += f" by {_name(stored.updated_by)}"
        words[section] = text
    return words
