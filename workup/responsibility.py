"""Who is responsible for a workup, in words for its summary: who started a draft that another
clinician took over (when and why), and for whom the signer signed when that was not
themselves. Read by ``summaries.sources``; no import of the summaries app here, which imports
this."""

from __future__ import annotations

from config.dates import show_date
from workup.models import Workup
from workup.presenters import TakeOverWords, signed_for_text, take_over_lines


def responsibility_words(workup: Workup) -> tuple[tuple[str, str], ...]:
    """(label, words) for the summary's header: who started the draft and who took it over,
    when and why; and, once signed by someone other than its clinician (a practice where any
    clinician signs), for whom the signer signed."""
    take_overs = workup.take_overs.select_related("from_clinician", "to_clinician")
    lines = take_over_lines(
        [
            TakeOverWords(
                from_name=str(take_over.from_clinician),
                to_name=str(take_over.to_clinician),
                on=show_date(take_over.at),
                reason=take_over.reason,
            )
            for take_over in take_overs
        ]
    )
    words = [("Taken over", line) for line in lines]
    if workup.is_signed and workup.signed_by_id != workup.clinician_id:
        signed_for = signed_for_text(signer=str(workup.signed_by), clinician=str(workup.clinician))
        words.append(("Signed for", signed_for))
    return tuple(words)
