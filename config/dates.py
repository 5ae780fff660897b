"""The practice's one date format: how every page and PDF shows a date, and how a date input
shows and reads one. ISO dates stay only in CSV and workup documents.

``PRACTICE_DATE_FORMAT`` (environment) picks one of ``DATE_FORMATS``; the default reads
"3 Dec 2026", which no reader can take for another day.
"""

from __future__ import annotations

import datetime
import functools
import re

from django.conf import settings
from django.utils import dateformat, timezone, translation

# Django's format (for display) -> the matching strptime pattern (for date inputs), and how
# the format reads, for form hints.
DATE_FORMATS = {
    "j M Y": ("%d %b %Y", "3 Dec 2026"),
    "d/m/Y": ("%d/%m/%Y", "03/12/2026"),
    "m/d/Y": ("%m/%d/%Y", "12/03/2026"),
    "Y-m-d": ("%Y-%m-%d", "2026-12-03"),
}
DEFAULT_DATE_FORMAT = "j M Y"


def date_format() -> str:
    return settings.PRACTICE_DATE_FORMAT


def input_format() -> str:
    """The strptime pattern a date input accepts and is shown in."""
    return DATE_FORMATS[date_format()][0]


def example() -> str:
    """How the practice format reads ("3 Dec 2026"), for form hints."""
    return DATE_FORMATS[date_format()][1]


def show_date(value: datetime.date | datetime.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return _formatted(value, date_format(), translation.get_language())


@functools.lru_cache(maxsize=4096)
def _formatted(day: datetime.date, pattern: str, language: str | None) -> str:
    """A page shows the same few dates many times (each section's last change, each visit):
    formatting one is slower than looking it up. ``language`` keys the month names."""
    return dateformat.format(day, pattern)


def show_datetime(value: datetime.datetime | None) -> str:
    """The date in the practice format, then the local time ("3 Dec 2026 14:05")."""
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{show_date(local.date())} {local:%H:%M}"


_ISO_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")


def _shown(match: re.Match) -> str:
    try:
        day = datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        return match.group(0)
    return show_date(day)


def iso_dates_shown(text: str) -> str:
    """The rules write dates in ISO (their texts are also the evaluation's JSON): a page or a
    PDF shows each in the practice format ("on 2026-11-02" -> "on 2 Nov 2026")."""
    return _ISO_DATE.sub(_shown, text)
