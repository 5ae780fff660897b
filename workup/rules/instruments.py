"""Scoring of the ACR 2016 criteria and the validated instruments (clinical spec sections 1-2).

Every function takes recorded values (``None`` = not recorded) and never guesses a missing one.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .facts import Mental, Number, Pain
from .vocab import REGION_OF_AREA, SSS_PARTS

MET = "met"
NOT_MET = "not_met"
INCOMPLETE = "incomplete"


@dataclass(frozen=True, slots=True)
class Acr2016:
    """ACR 2016 (Wolfe 2016) result. Numbers that cannot be computed are ``None``."""

    status: str  # met, not_met, incomplete
    wpi: int | None
    sss: int | None
    fs: int | None
    fs_band: str | None
    regions: int | None
    generalized_pain: bool | None  # condition (b)
    duration_ok: bool | None  # condition (c)
    severity_ok: bool | None  # condition (a)
    missing: tuple[str, ...]  # inputs not recorded: "wpi_areas", SSS part names, "duration"
    duration_months: int | None

    def as_dict(self) -> dict:
        return {
            "status": self.status,
            "wpi": self.wpi,
            "sss": self.sss,
            "fs": self.fs,
            "fs_band": self.fs_band,
            "regions": self.regions,
            "generalized_pain": self.generalized_pain,
            "duration_ok": self.duration_ok,
        }


def fs_band(fs: int | None) -> str | None:
    """Polysymptomatic distress band (Wolfe 2015)."""
    if fs is None:
        return None
    if fs <= 3:
        return "none"
    if fs <= 7:
        return "mild"
    if fs <= 11:
        return "moderate"
    if fs <= 19:
        return "severe"
    return "very_severe"


def count_regions(areas: tuple[str, ...]) -> int:
    """Regions with at least one counting area (jaw, chest and abdomen never count)."""
    return len({REGION_OF_AREA[a] for a in areas if a in REGION_OF_AREA})


def symptom_severity_met(wpi: int, sss: int) -> bool:
    """Condition (a): (WPI >= 7 and SSS >= 5) or (4 <= WPI <= 6 and SSS >= 9)."""
    return (wpi >= 7 and sss >= 5) or (4 <= wpi <= 6 and sss >= 9)


def acr2016(pain: Pain | None) -> Acr2016:
    if pain is None:
        pain = _NO_PAIN
    missing: list[str] = []
    areas = pain.wpi_areas
    if areas is None:
        missing.append("wpi_areas")
        wpi = regions = None
        generalized = None
    else:
        wpi = len(areas)
        regions = count_regions(areas)
        generalized = regions >= 4
    parts = (
        pain.fatigue,
        pain.waking_unrefreshed,
        pain.cognitive,
        pain.headaches,
        pain.lower_abdominal_pain,
        pain.depression,
    )
    if None in parts:
        missing.extend(name for name, v in zip(SSS_PARTS, parts, strict=True) if v is None)
        sss = None
    else:
        sss = sum(parts)  # booleans count 1
    months = pain.symptom_duration_months
    if months is None:
        missing.append("duration")
        duration_ok = None
    else:
        duration_ok = months >= 3
    severity_ok = None if wpi is None or sss is None else symptom_severity_met(wpi, sss)
    fs = None if wpi is None or sss is None else wpi + sss
    conditions = (severity_ok, generalized, duration_ok)
    if False in conditions:
        status = NOT_MET
    elif None in conditions:
        status = INCOMPLETE
    else:
        status = MET
    return Acr2016(
        status=status,
        wpi=wpi,
        sss=sss,
        fs=fs,
        fs_band=fs_band(fs),
        regions=regions,
        generalized_pain=generalized,
        duration_ok=duration_ok,
        severity_ok=severity_ok,
        missing=tuple(missing),
        duration_months=months,
    )


_NO_PAIN = Pain()


# --- Banded instruments -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BandedScore:
    total: int
    band: str

    def as_dict(self) -> dict:
        return {"total": self.total, "band": self.band}


def _band(total: int, bands: tuple[tuple[int, str], ...]) -> str:
    """`bands` lists (lowest total of the band, name) in increasing order."""
    name = bands[0][1]
    for low, band in bands:
        if total >= low:
            name = band
    return name


PHQ9_BANDS = (
    (0, "minimal"),
    (5, "mild"),
    (10, "moderate"),
    (15, "moderately_severe"),
    (20, "severe"),
)
GAD7_BANDS = ((0, "minimal"), (5, "mild"), (10, "moderate"), (15, "severe"))
ISI_BANDS = ((0, "none"), (8, "subthreshold"), (15, "moderate"), (22, "severe"))
STOP_BANG_BANDS = ((0, "low"), (3, "intermediate"), (5, "high"))
PSS10_BANDS = ((0, "low"), (14, "moderate"), (27, "high"))


def phq9(items: tuple[int, ...] | None) -> BandedScore | None:
    if items is None:
        return None
    total = sum(items)
    return BandedScore(total, _band(total, PHQ9_BANDS))


def gad7(items: tuple[int, ...] | None) -> BandedScore | None:
    if items is None:
        return None
    total = sum(items)
    return BandedScore(total, _band(total, GAD7_BANDS))


def phq9_of(mental: Mental | None) -> BandedScore | None:
    """PHQ-9 from the items or, from a paper form, the entered total: the same either way."""
    if mental is None:
        return None
    if mental.phq9_items is not None:
        return phq9(mental.phq9_items)
    total = mental.phq9_total
    return None if total is None else BandedScore(total, _band(total, PHQ9_BANDS))


def phq9_item9_of(mental: Mental | None) -> int | None:
    """The safety item (thoughts of self-harm), from the items or beside an entered total."""
    if mental is None:
        return None
    if mental.phq9_items is not None:
        return mental.phq9_items[8]
    return mental.phq9_item9


def gad7_of(mental: Mental | None) -> BandedScore | None:
    """GAD-7 from the items or the entered total: the same either way."""
    if mental is None:
        return None
    if mental.gad7_items is not None:
        return gad7(mental.gad7_items)
    total = mental.gad7_total
    return None if total is None else BandedScore(total, _band(total, GAD7_BANDS))


def isi(total: int | None) -> BandedScore | None:
    return None if total is None else BandedScore(total, _band(total, ISI_BANDS))


def stop_bang(total: int | None) -> BandedScore | None:
    return None if total is None else BandedScore(total, _band(total, STOP_BANG_BANDS))


def pss10(total: int | None) -> BandedScore | None:
    return None if total is None else BandedScore(total, _band(total, PSS10_BANDS))


def psqi_poor_sleep(total: int) -> bool:
    """PSQI global > 5 indicates poor sleep (Buysse 1989)."""
    return total > 5


def ace_high_exposure(total: int) -> bool:
    return total >= 4


def pc_ptsd5_positive(total: int) -> bool:
    return total >= 3


def one_decimal(value: float) -> float:
    """Round half up, as a clinician would (24.25 -> 24.3), on the shortest decimal form of
    the float rather than its binary expansion."""
    return float(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def bmi(height_cm: Number | None, weight_kg: Number | None) -> float | None:
    """Body-mass index, kg/m2, unrounded; ``None`` unless both are recorded."""
    if height_cm is None or weight_kg is None:
        return None
    # Rounded to 9 decimals so that, say, 76.8 kg at 160 cm is exactly 30.0, not 29.99...
    return round(weight_kg * 10000 / (height_cm * height_cm), 9)
