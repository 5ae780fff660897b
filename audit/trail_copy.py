"""The audit trail read from PostgreSQL with COPY, for ``audit.verify``.

A server-side cursor hands each row over as Python objects (a datetime, ints, strings) that the
walk then spells as text again. COPY hands the rows over as text, a batch at a time, and each
event's canonical content (``audit.chain``) is spelled from that text directly:

- ``at`` arrives as ``2024-05-01 09:30:00.12+00`` (an offset of +00 is UTC, and PostgreSQL's
  ISO date style) and becomes ``2024-05-01T09:30:00.120000+00:00``, as ``isoformat`` spells it;
- the two ids arrive as their decimal digits, which is how JSON spells a number;
- the address and ``detail`` arrive as the very text a cursor would have handed over.

A row whose text is not in that shape (a time in another style or offset, an escape COPY does
not write) comes without content, and the walk reads that event through the ORM. The spelling
here only ever has to say "intact": an event whose hash does not match is read again through
the ORM and checked with ``canonical_content`` before anything is reported.
"""

import io
import json
import re
from collections.abc import Iterator

from audit.chain import CHAINED_FIELDS, canonical_content_of_text, canonical_detail

COLUMNS = ("id", "sequence", "prev_hash", "hash", *CHAINED_FIELDS)
# Events per COPY: about 3.5 MB of text, read and then spelled while the next is not yet asked.
BATCH = 10_000
# Distinct ``detail`` values whose canonical spelling is kept (most events share a few).
DETAIL_CACHE = 20_000

_AT = re.compile(r"(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?\+00")
# The escapes COPY's text format writes (a NULL is the whole field ``\N``).
_ESCAPES = {"\\": "\\", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
_ESCAPE = re.compile(r"\\(.)|\\$", re.DOTALL)


class _Unreadable(ValueError):
    """Text in a shape this module does not spell (the ORM reads the event instead)."""


def copied_events(
    cursor, table: str, after: int, last: int, batch: int = BATCH
) -> Iterator[tuple[int, int, str, str, str | None]]:
    """(id, sequence, prev_hash, hash, canonical content or None) of the events with a
    sequence above ``after`` and up to ``last``, in chain order, read through ``cursor`` (a
    psycopg2 cursor, or Django's over one). No Django here: a worker process reads with it."""
    columns = ", ".join(COLUMNS)
    details: dict = {}
    while after < last:
        buffer = io.BytesIO()
        cursor.copy_expert(
            f"COPY (SELECT {columns} FROM {table} WHERE sequence > {int(after)} "  # noqa: S608
            f"AND sequence <= {int(last)} ORDER BY sequence LIMIT {int(batch)}) TO STDOUT",
            buffer,
        )
        lines = buffer.getvalue().decode().split("\n")
        del buffer
        lines.pop()  # after the last newline
        if not lines:
            return
        for line in lines:
            yield event_of_line(line, details)
        after = int(lines[-1].split("\t", 2)[1])
        if len(lines) < batch:
            return


def event_of_line(line: str, details: dict) -> tuple[int, int, str, str, str | None]:
    """One COPY line as (id, sequence, prev_hash, hash, canonical content or None)."""
    fields = line.split("\t")
    head = (int(fields[0]), int(fields[1]), fields[2], fields[3])
    try:
        if "\\" in line:
            fields = [_unescaped(field) for field in fields]
        (_, _, _, _, at, actor_id, username, action, target_type, target_id, patient_id, ip,
         user_agent, detail) = fields  # fmt: skip
        detail_json = details.get(detail)
        if detail_json is None:
            detail_json = _detail_json(detail, details)
        content = canonical_content_of_text(
            _iso_utc(at),
            "null" if actor_id is None else actor_id,
            username,
            action,
            target_type,
            target_id,
            "null" if patient_id is None else patient_id,
            ip,
            user_agent,
            detail_json,
        )
    except (_Unreadable, ValueError, TypeError):
        content = None
    return (*head, content)


def _iso_utc(text: str) -> str:
    """PostgreSQL's ``2024-05-01 09:30:00.12+00`` as ``isoformat(timespec="microseconds")``
    spells the same moment in UTC."""
    match = _AT.fullmatch(text)
    if match is None:
        raise _Unreadable(text)
    if len(text) == 29:  # all six digits of the microseconds
        return f"{text[:10]}T{text[11:26]}+00:00"
    day, time, fraction = match.groups()
    return f"{day}T{time}.{(fraction or '').ljust(6, '0')}+00:00"


def _unescaped(field: str) -> str | None:
    if field == "\\N":
        return None
    if "\\" not in field:
        return field
    return _ESCAPE.sub(_escaped_character, field)


def _escaped_character(match) -> str:
    character = _ESCAPES.get(match.group(1) or "")
    if character is None:
        raise _Unreadable(match.group(0))
    return character


def _detail_json(detail: str | None, cache: dict) -> str:
    """The canonical spelling of ``detail`` (JSON text), remembered in ``cache``: most events
    share a few."""
    if detail is None:
        return canonical_detail(None)
    if len(cache) >= DETAIL_CACHE:
        cache.clear()
    spelled = cache[detail] = canonical_detail(json.loads(detail))
    return spelled
