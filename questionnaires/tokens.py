"""The one-time codes of questionnaire links.

A code is 20 characters of Crockford's base-32 alphabet (100 random bits), shown in groups of
four so it can be typed from a letter: ``7KQ2-M9XD-...``. Only its SHA-256 is stored; the code
itself exists in the response that shows it once, in the e-mail, and in the patient's link.
Reading a typed code forgives case, spaces, dashes and the letters people confuse with digits
(O for 0, I and L for 1).
"""

from __future__ import annotations

import hashlib
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 20
GROUP = 4
_CONFUSED = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalised(raw: str) -> str | None:
    """The code as generated, or None when ``raw`` cannot be one (wrong length or letters)."""
    text = "".join((raw or "").split()).replace("-", "").upper().translate(_CONFUSED)
    if len(text) != LENGTH or any(ch not in ALPHABET for ch in text):
        return None
    return text


def code_hash(code: str) -> str:
    return hashlib.sha256(code.encode("ascii")).hexdigest()


def grouped(code: str) -> str:
    """``7KQ2M9XD...`` -> ``7KQ2-M9XD-...``: the form printed and put in the link."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))
