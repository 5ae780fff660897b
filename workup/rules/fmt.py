"""Number formatting for texts a clinician reads (and for the canonical document export)."""

from __future__ import annotations

from math import floor, log10


def num(x: float | int) -> str:
    """A number as entered: integral values without a decimal point, others in shortest form."""
    if isinstance(x, int):
        return str(x)
    if x.is_integer():
        return str(int(x))
    return repr(x)


def round_sig(x: float, digits: int) -> float:
    if x == 0:
        return 0.0
    return round(x, digits - 1 - floor(log10(abs(x))))


def converted(x: float, avoid: tuple[float, ...] = ()) -> str:
    """A computed value to 3 significant digits, more if rounding would land it on a limit.

    `avoid` lists the limits the value is compared with: a value of 19.996 ng/mL compared with
    20 is shown as 19.996, never as "20", so the text never contradicts the comparison.
    """
    for digits in (3, 4, 5, 6, 7, 8, 9):
        r = round_sig(x, digits)
        if r == x or r not in avoid:
            return num(r)
    return num(x)
