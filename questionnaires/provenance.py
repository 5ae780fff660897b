"""Where a section's values came from: the words the overview, the section page and the
summary show ("Patient-reported on 1 Dec 2026, accepted by Ines Rivera on 3 Dec 2026").

Acceptance rows are written once and never changed, and a signed workup's sections no longer
move, so a signed workup's lines read the same whenever they are built.

An amendment starts as a copy of the signed workup it amends, so a section it copied keeps
that workup's words (", since edited by ..." once the amendment changes it), unless the
amendment accepts answers of its own into that section.
"""

from __future__ import annotations

from config.dates import show_date
from questionnaires.models import SectionAcceptance
from workup.models import Workup

MEDICATIONS = "medications"
EDITED = ", since edited"


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
    return {section: words for section, (words, _) in _provenance(workup).items()}


def _provenance(workup: Workup, accepted=None) -> dict[str, tuple[str, bool]]:
    """{section: (words, whether the section was edited since)}; `accepted`: the workup's
    ``latest_acceptances``, when already read."""
    found = _copied_into_amendment(workup)
    if accepted is None:
        accepted = latest_acceptances(workup)
    for section, acceptance in accepted.items():
        reported_on = show_date(acceptance.reported_at)
        by_whom = f"by {_name(acceptance.accepted_by)} on {show_date(acceptance.accepted_at)}"
        if section == MEDICATIONS:
            found[section] = (f"Patient's list of {reported_on} reviewed {by_whom}", False)
            continue
        text = f"Patient-reported on {reported_on}, accepted {by_whom}"
        stored = getattr(workup, section, None)
        version = 0 if stored is None else stored.version
        edited = version != acceptance.section_version
        found[section] = (text + _edited_by(stored) if edited else text, edited)
    return found


def _copied_into_amendment(workup: Workup) -> dict[str, tuple[str, bool]]:
    """The words of the signed workup an amendment amends, for the sections the amendment
    still holds: as they were while the section is as copied, marked edited once changed."""
    if workup.amends_id is None:
        return {}
    accepted = latest_acceptances(Workup(pk=workup.amends_id))
    # The amended workup with the sections its own acceptances read and who last saved them
    # (the sections of an amended amendment's words, rarer, are read when needed).
    related = [name for name in accepted if name != MEDICATIONS]
    related += [f"{name}__updated_by" for name in related]
    amended = Workup.objects.select_related(*related).get(pk=workup.amends_id)
    copied = {}
    for section, (text, edited) in _provenance(amended, accepted).items():
        if section == MEDICATIONS:
            copied[section] = (text, edited)
            continue
        stored = getattr(workup, section, None)
        if stored is None:
            continue  # cleared in the amendment: nothing the patient reported is left
        if not edited and stored.version != Workup.AMENDMENT_REVISION:
            text, edited = text + _edited_by(stored), True
        copied[section] = (text, edited)
    return copied


def _edited_by(stored) -> str:
    if stored is not None and stored.updated_by_id:
        return f"{EDITED} by {_name(stored.updated_by)}"
    return EDITED
