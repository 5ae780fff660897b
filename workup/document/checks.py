"""Primitive checks of a document's values, each raising DocumentError("path", "message").

`text_problem` is the one rule for free text (what characters it may hold) and `is_blank` the
one rule for text that says nothing; the forms call them too, so a note refused here is refused
on screen with the same words.
"""

from __future__ import annotations

import json
import math
import sys
import unicodedata
from datetime import date
from typing import Any

from workup.rules import vocab

FORMAT = vocab.FORMAT
FORMATS = vocab.FORMATS
MAX_LENGTHS = {
    "mrn": 64,
    "given_name": 150,
    "family_name": 150,
    "medication_name": 150,
    "note": 2000,
    "dose": 200,
}
# Rows a list may hold. Exclusions need no number: one row per condition bounds them.
MAX_ROWS = {
    "labs": vocab.MAX_LAB_ROWS,
    "treatments": 50,
    "medications": vocab.MAX_MEDICATIONS,
}
MAX_DURATION_MONTHS = 1200
MAX_LAB_VALUE = 1_000_000  # above any real result in any accepted unit


class DocumentError(ValueError):
    """An invalid document; ``str()`` is ``"path: message"``."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(path, message)
        self.path = path
        self.message = message

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


# --- Free text ----------------------------------------------------------------------------------

# Bidirectional embeddings, overrides and isolates: they make text display in another order than
# it is stored ("Trojan Source"), so a note could read differently on screen than in the record.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Line breaks and tabs belong in a multi-line note (a clinic letter pasted in keeps its lines).
LINE_CONTROLS = frozenset("\t\n\r")


def _is_control(ch: str) -> bool:
    """C0 controls, DEL and C1 controls (Unicode category Cc)."""
    return ch < " " or "\x7f" <= ch <= "\x9f"


def text_problem(value: str, *, multiline: bool = False) -> str | None:
    """What is wrong with the characters of a free-text value, or None when nothing is.

    Refused: control characters (C0, DEL, C1; a multi-line text may hold tab, line feed and
    carriage return), lone surrogates (JSON can spell them, "\\ud800", but no text holds them)
    and the bidirectional controls U+202A-U+202E and U+2066-U+2069. The message names the first
    offending character by its code point and leaves the field out, so both a document error
    and a form error can use it.
    """
    for ch in value:
        if _is_control(ch):
            if multiline and ch in LINE_CONTROLS:
                continue
            if ch == "\x00":
                return "must not contain NUL characters"
            what = "line breaks or tabs" if ch in LINE_CONTROLS else "control characters"
            return f"must not contain {what} (U+{ord(ch):04X})"
        if "\ud800" <= ch <= "\udfff":
            return f"must not contain a lone surrogate (U+{ord(ch):04X})"
        if ch in BIDI_CONTROLS:
            return f"must not contain bidirectional control characters (U+{ord(ch):04X})"
    return None


# Drawn as nothing although they are letters or symbols, not format characters: the Hangul
# fillers and the blank braille pattern, favourites for a name that looks filled in.
BLANK_LOOKALIKES = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def is_blank(value: str) -> bool:
    """Whether a text says nothing: nothing is left once whitespace and the invisible characters
    are taken out. Invisible: the format characters (Unicode category Cf: zero-width space and
    joiners U+200B-U+200D, word joiner U+2060, byte order mark U+FEFF, soft hyphen, direction
    marks) and `BLANK_LOOKALIKES`. A required text made only of them is as empty as one left
    blank; a reader would see nothing."""
    return all(
        ch.isspace() or ch in BLANK_LOOKALIKES or unicodedata.category(ch) == "Cf" for ch in value
    )


def printable_key(key: str) -> str:
    """A key as it may appear in a message: itself when plain, else quoted with escapes (a key
    holding a line break, a bidirectional control or a lone surrogate must not reach stderr)."""
    if key.isprintable() and text_problem(key) is None:
        return key
    return ascii(key)


class _Refused(ValueError):
    """A JSON text the document reader refuses although `json` would accept it."""


def _reject_constant(name: str):
    raise _Refused(f"{name} is not valid JSON")


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict:
    out: dict = {}
    for key, value in pairs:
        if key in out:
            raise _Refused(f"duplicate key {_shown(key)}")
        out[key] = value
    return out


def load_json(text: str) -> Any:
    """Strict JSON for documents: no NaN or Infinity, no duplicate keys (a repeated key would
    silently hide a value). Raises ValueError with a one-line message."""
    try:
        return json.loads(
            text, parse_constant=_reject_constant, object_pairs_hook=_no_duplicate_keys
        )
    except json.JSONDecodeError as error:
        raise ValueError(f"line {error.lineno} column {error.colno}: {error.msg}") from None
    except RecursionError:
        raise ValueError("nested too deeply") from None
    except _Refused:
        raise
    except ValueError:  # Python converts integers of at most so many digits
        limit = sys.get_int_max_str_digits()
        raise ValueError(f"an integer has more than {limit} digits") from None


# --- Primitive checks -------------------------------------------------------------------------


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, str):
        return f"string {value!r}" if len(value) <= 40 else "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, int | float):
        return _plain_text(value)
    return type(value).__name__


def _plain_text(x: int | float) -> str:
    if isinstance(x, int) and abs(x) >= 10**30:
        return f"a number of {len(str(abs(x)))} digits"
    if isinstance(x, float) and x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    return repr(x)


def _key(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _range_text(lo, hi) -> str:
    if hi is None:
        return f"{_plain_text(lo)} or more"
    return f"{_plain_text(lo)}-{_plain_text(hi)}"


def _integer(value: Any, path: str, lo: int, hi: int | None) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise DocumentError(
            path, f"must be an integer {_range_text(lo, hi)}, got {_describe(value)}"
        )
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            raise DocumentError(path, f"must be an integer, got {_describe(value)}")
        value = int(value)
    if value < lo or (hi is not None and value > hi):
        raise DocumentError(path, f"must be {_range_text(lo, hi)}, got {_plain_text(value)}")
    return value


def _number(value: Any, path: str, lo: float, hi: float | None) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise DocumentError(path, f"must be a number {_range_text(lo, hi)}, got {_describe(value)}")
    if isinstance(value, float) and not math.isfinite(value):
        raise DocumentError(path, f"must be a finite number, got {_describe(value)}")
    if value < lo or (hi is not None and value > hi):
        raise DocumentError(path, f"must be {_range_text(lo, hi)}, got {_describe(value)}")
    return value


def _boolean(value: Any, path: str) -> bool:
    if value is not True and value is not False:
        raise DocumentError(path, f"must be true or false, got {_describe(value)}")
    return value


def _choice(value: Any, path: str, choices: tuple[str, ...] | dict) -> str:
    if not isinstance(value, str):
        raise DocumentError(path, f"must be a string, got {_describe(value)}")
    if value not in choices:
        raise DocumentError(path, f"{_shown(value)} is not one of {', '.join(choices)}")
    return value


def _shown(value: str) -> str:
    """A string quoted for a message: short ones as written (escaped), long ones by length."""
    return repr(value) if len(value) <= 40 else f"a string of {len(value)} characters"


def _text(
    value: Any, path: str, max_length: int, *, blank_ok: bool, multiline: bool = False
) -> str:
    if not isinstance(value, str):
        raise DocumentError(path, f"must be a string, got {_describe(value)}")
    problem = text_problem(value, multiline=multiline)
    if problem is not None:
        raise DocumentError(path, problem)
    if len(value) > max_length:
        raise DocumentError(path, f"must be at most {max_length} characters, got {len(value)}")
    if not blank_ok and is_blank(value):
        raise DocumentError(path, "must not be blank")
    return value


def _optional_text(
    value: Any, path: str, max_length: int, *, multiline: bool = False
) -> str | None:
    if value is None:
        return None
    return _text(value, path, max_length, blank_ok=True, multiline=multiline) or None


def _date(value: Any, path: str) -> date:
    if not isinstance(value, str):
        raise DocumentError(path, f"must be an ISO date (YYYY-MM-DD), got {_describe(value)}")
    ok = (
        len(value) == 10
        and value[4] == "-"
        and value[7] == "-"
        and (value[:4] + value[5:7] + value[8:]).isdigit()
        and value.isascii()
    )
    if ok:
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise DocumentError(path, f"{value!r} is not a valid date") from None
    raise DocumentError(path, f"must be an ISO date (YYYY-MM-DD), got {_describe(value)}")


def _list(value: Any, path: str, max_rows: int | None = None) -> list:
    if not isinstance(value, list):
        raise DocumentError(path, f"must be an array, got {_describe(value)}")
    if max_rows is not None and len(value) > max_rows:
        raise DocumentError(path, f"must have at most {max_rows} rows, got {len(value)}")
    return value


def _code_set(value: Any, path: str, choices: tuple[str, ...]) -> tuple[str, ...]:
    """A list of codes without repeats, returned in the canonical order of `choices`."""
    seen: dict[str, int] = {}
    for i, item in enumerate(_list(value, path)):
        code = _choice(item, f"{path}[{i}]", choices)
        if code in seen:
            raise DocumentError(
                f"{path}[{i}]", f"{code!r} is listed twice (also at [{seen[code]}])"
            )
        seen[code] = i
    return tuple(c for c in choices if c in seen)


def _items(value: Any, path: str, count: int) -> tuple[int, ...]:
    items = _list(value, path)
    if len(items) != count:
        raise DocumentError(path, f"must have exactly {count} items, got {len(items)}")
    return tuple(_integer(v, f"{path}[{i}]", 0, 3) for i, v in enumerate(items))


class _Object:
    """A JSON object with a fixed set of keys; unknown keys are errors."""

    __slots__ = ("data", "path")

    def __init__(self, value: Any, path: str, keys: tuple[str, ...] | frozenset) -> None:
        if not isinstance(value, dict):
            where = path or "document"
            raise DocumentError(where, f"must be an object, got {_describe(value)}")
        for k in value:
            if k not in keys:
                raise DocumentError(_key(path, printable_key(str(k))), "unknown key")
        self.data = value
        self.path = path

    def at(self, key: str) -> str:
        return _key(self.path, key)

    def get(self, key: str) -> Any:
        return self.data.get(key)

    def required(self, key: str) -> Any:
        value = self.data.get(key)
        if value is None:
            raise DocumentError(self.at(key), "required")
        return value
