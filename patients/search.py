"""What a search box entry means, and how names are normalised for searching and sorting.

Pure Python (no Django): the clinic types one thing into one box, and this module decides
whether it is a date of birth, a record number or part of a name.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

MIN_NAME_CHARACTERS = 3

# Letters that carry no separate accent mark in Unicode, written the way people type them.
_PLAIN_LETTERS = str.maketrans(
    {
        "ø": "o",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "æ": "ae",
        "œ": "oe",
        "\u0131": "i",  # dotless i
        "ħ": "h",
        "ŧ": "t",
        "ŀ": "l",
    }
)

MRN_PATTERN = re.compile(r"^[A-Za-z0-9-]+$")
ISO_PATTERN = "%Y-%m-%d"
DAY_FIRST_PATTERN = "%d/%m/%Y"
MONTH_FIRST_PATTERN = "%m/%d/%Y"
MONTH_NAME_PATTERN = "%d %b %Y"
# What an entry written in each date pattern looks like: an entry of that shape that is not a
# real date is an error, not a name or an MRN.
_SLASHED = re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$")
_MONTH_NAMED = re.compile(r"^\d{1,2} [A-Za-z]{3,9} \d{4}$")
DATE_SHAPES = {
    ISO_PATTERN: re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$"),
    DAY_FIRST_PATTERN: _SLASHED,
    MONTH_FIRST_PATTERN: _SLASHED,
    MONTH_NAME_PATTERN: _MONTH_NAMED,
    "%d %B %Y": _MONTH_NAMED,
}


def normalise_name(text: str) -> str:
    """Case-folded, without accents, single spaces: "  JOSÉ  Ødegaard" -> "jose odegaard"."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in folded if not unicodedata.combining(char))
    return " ".join(plain.translate(_PLAIN_LETTERS).split())


def search_name_for(given_name: str, family_name: str) -> str:
    """What name search looks in: "given family", so "Ana Silva" typed in full is found."""
    return normalise_name(f"{given_name} {family_name}")


def sort_name_for(given_name: str, family_name: str) -> str:
    """What the name sort orders by: family name first, then given name."""
    return normalise_name(f"{family_name} {given_name}")


class SearchKind(StrEnum):
    NAME = "name"
    MRN = "mrn"
    DATE_OF_BIRTH = "date_of_birth"


@dataclass(frozen=True)
class PatientSearch:
    """One search: a name fragment (normalised), an MRN, or a date of birth.

    A name search also matches an MRN typed exactly (an MRN may be letters only).
    """

    kind: SearchKind
    name: str = ""
    mrn: str = ""
    date_of_birth: datetime.date | None = None


class SearchError(ValueError):
    """The entry cannot be searched for; the message says what to type instead."""


def parse_search(
    text: str, *, date_pattern: str = MONTH_NAME_PATTERN, date_example: str = "3 Dec 2026"
) -> PatientSearch:
    """``date_pattern`` is the practice's date format (a strptime pattern) and
    ``date_example`` how it reads: a date of birth may be typed in it, or as YYYY-MM-DD."""
    entry = " ".join(text.split())
    if not entry:
        raise SearchError("Type a name, an MRN or a date of birth.")
    date_of_birth = _parse_date(entry, date_pattern, date_example)
    if date_of_birth is not None:
        return PatientSearch(kind=SearchKind.DATE_OF_BIRTH, date_of_birth=date_of_birth)
    has_digit = any(char.isdigit() for char in entry)
    if has_digit and MRN_PATTERN.match(entry):
        return PatientSearch(kind=SearchKind.MRN, mrn=entry)
    if has_digit:
        raise SearchError(
            "Not a name, an MRN (letters, digits and - only) or a date of birth "
            f"({date_example} or YYYY-MM-DD)."
        )
    name = normalise_name(entry)
    if len(name.replace(" ", "")) < MIN_NAME_CHARACTERS:
        raise SearchError(
            f"Type at least {MIN_NAME_CHARACTERS} letters of a name, "
            "or a full MRN or date of birth."
        )
    return PatientSearch(
        kind=SearchKind.NAME, name=name, mrn=entry if MRN_PATTERN.match(entry) else ""
    )


def date_patterns(practice_pattern: str) -> list[str]:
    """The patterns a date of birth may be typed in: the practice's, then ISO; day-first
    DD/MM/YYYY too unless the practice writes dates month-first (12/03/2026 would then be
    ambiguous); and the full month name beside the abbreviated one."""
    patterns = [practice_pattern, ISO_PATTERN]
    if practice_pattern == MONTH_NAME_PATTERN:
        patterns.append("%d %B %Y")
    if practice_pattern != MONTH_FIRST_PATTERN:
        patterns.append(DAY_FIRST_PATTERN)
    return list(dict.fromkeys(patterns))


def _parse_date(entry: str, practice_pattern: str, example: str) -> datetime.date | None:
    """The date the entry names; None if it is not shaped like one. Something shaped like a
    date that is not a real date is an error, not a name."""
    shaped = False
    for pattern in date_patterns(practice_pattern):
        if not DATE_SHAPES[pattern].match(entry):
            continue
        shaped = True
        try:
            return datetime.datetime.strptime(entry, pattern).date()
        except ValueError:
            continue
    if shaped:
        raise SearchError(f"{entry} is not a real date: type it as {example} or YYYY-MM-DD.")
    return None
