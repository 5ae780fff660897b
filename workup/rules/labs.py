"""The lab catalogue (clinical spec section 4): units, conversions, reference ranges.

Values are compared in the analyte's canonical unit. Converted values are rounded to 9 decimal
places so that a threshold entered in another unit (for example 49.92 nmol/L of vitamin D, which
is 20 ng/mL) compares as exactly that threshold instead of 19.999999999999996.

The reporting laboratory's own `ref_low` / `ref_high` (in the entered unit) replace the default
*range* only for analytes with ``lab_range_allowed``; each limit is replaced on its own, so a lab
that gives only an upper limit keeps the default lower one. Fixed decision thresholds (ESR
formula, ANA titres, HbA1c, vitamin D, B12, folate, ferritin, serum magnesium) never change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from . import fmt
from .facts import LabResult, Number


def _round(x: float) -> float:
    return round(x, 9)


@dataclass(frozen=True, slots=True)
class Unit:
    code: str
    conversion: str  # how a value becomes canonical, as the spec writes it ("x1", "/12.87")
    _to: Callable[[float], float]
    _from: Callable[[float], float]

    def to_canonical(self, value: Number) -> float:
        return _round(self._to(value))

    def from_canonical(self, value: Number) -> float:
        """For display (a limit shown in the entered unit); not rounded."""
        return self._from(value)


def _same(code: str) -> Unit:
    return Unit(code, "x1", float, float)


def _times(code: str, factor: float) -> Unit:
    return Unit(code, f"x{fmt.num(factor)}", lambda v: v * factor, lambda v: v / factor)


def _divided(code: str, divisor: float) -> Unit:
    return Unit(code, f"/{fmt.num(divisor)}", lambda v: v / divisor, lambda v: v * divisor)


_HBA1C_MMOL = Unit(
    "mmol/mol",
    "% = mmol/mol / 10.929 + 2.15",
    lambda v: v / 10.929 + 2.15,
    lambda v: (v - 2.15) * 10.929,
)


@dataclass(frozen=True, slots=True)
class ReferenceRange:
    """Limits in the canonical unit, each with the words that say which limit is used."""

    unit: str
    low: float | None = None
    high: float | None = None
    low_text: str = ""  # e.g. "lower limit 12 g/dL (default for a female patient)"
    high_text: str = ""
    high_inclusive: bool = False  # a value equal to `high` is already abnormal (anti-CCP, ANA)

    def below(self, value: float) -> bool:
        return self.low is not None and value < self.low

    def above(self, value: float) -> bool:
        if self.high is None:
            return False
        return value >= self.high if self.high_inclusive else value > self.high

    def status(self, value: float) -> str:
        """'low', 'high' or 'normal': for in/out-of-range markers on forms."""
        if self.below(value):
            return "low"
        if self.above(value):
            return "high"
        return "normal"

    @property
    def description(self) -> str:
        return "; ".join(t for t in (self.low_text, self.high_text) if t)


def _sex_words(sex: str) -> str:
    return {
        "male": "a male patient",
        "female": "a female patient",
        "intersex": "an intersex patient (female limit)",
    }.get(sex, "unknown sex at birth (female limit)")


def _by_sex(unit: str, *, low=None, high=None, male=None, other=None):
    """A range whose one limit depends on sex: `male` vs female/intersex/unknown (`other`)."""

    def make(sex: str, age: int) -> ReferenceRange:
        value = male if sex == "male" else other
        words = f"{fmt.num(value)} {unit} (default for {_sex_words(sex)})"
        if low == "sex":
            return ReferenceRange(unit, low=value, low_text=f"lower limit {words}")
        return ReferenceRange(unit, high=value, high_text=f"upper limit {words}")

    return make


def _fixed(unit: str, low=None, high=None, high_inclusive=False, basis="default"):
    rng = ReferenceRange(
        unit,
        low=low,
        high=high,
        low_text="" if low is None else f"lower limit {fmt.num(low)} {unit} ({basis})",
        high_text="" if high is None else f"upper limit {fmt.num(high)} {unit} ({basis})",
        high_inclusive=high_inclusive,
    )
    return lambda sex, age: rng


def _esr(sex: str, age: int) -> ReferenceRange:
    if sex == "male":
        limit = age / 2
        how = f"{age} / 2 for a {age}-year-old male patient"
    else:
        limit = (age + 10) / 2
        who = {"female": "female patient", "intersex": "intersex patient"}.get(
            sex, "patient of unknown sex at birth"
        )
        how = f"({age} + 10) / 2 for a {age}-year-old {who}"
    text = f"age-adjusted upper limit {fmt.num(limit)} mm/h ({how})"
    return ReferenceRange("mm/h", high=limit, high_text=text)


def _testosterone(sex: str, age: int) -> ReferenceRange | None:
    if sex != "male":
        return None
    return ReferenceRange(
        "ng/dL",
        low=264.0,
        low_text="lower limit 264 ng/dL (default for a male patient; Bhasin 2018 harmonised range)",
    )


def _none(sex: str, age: int) -> None:
    return None


@dataclass(frozen=True, slots=True)
class Analyte:
    code: str
    label: str
    canonical_unit: str
    units: tuple[Unit, ...]  # canonical first
    loinc: str
    lab_range_allowed: bool  # the lab's ref_low/ref_high may replace the default range
    thresholds: str  # the spec's default range / decision thresholds, in words
    range_fn: Callable[[str, int], ReferenceRange | None]

    @property
    def unit_codes(self) -> tuple[str, ...]:
        return tuple(u.code for u in self.units)

    def unit(self, code: str) -> Unit | None:
        for u in self.units:
            if u.code == code:
                return u
        return None

    def to_canonical(self, value: Number, unit: str) -> float:
        """Raises KeyError for a unit this analyte does not accept."""
        u = self.unit(unit)
        if u is None:
            raise KeyError(f"{unit!r} is not a unit of {self.code}")
        return u.to_canonical(value)

    def default_range(self, sex: str, age: int) -> ReferenceRange | None:
        return self.range_fn(sex, age)

    def reference_range(self, sex: str, age: int, lab: LabResult | None = None):
        """The range that applies: the default, with the lab's own limits where allowed."""
        rng = self.default_range(sex, age)
        if lab is None or not self.lab_range_allowed:
            return rng
        if lab.ref_low is None and lab.ref_high is None:
            return rng
        if rng is None:  # e.g. testosterone for a non-male patient: the rule does not apply
            return None
        unit = self.unit(lab.unit)
        low, low_text = rng.low, rng.low_text
        high, high_text = rng.high, rng.high_text
        if lab.ref_low is not None:
            low = unit.to_canonical(lab.ref_low)
            low_text = "laboratory's lower limit " + self._both(lab.ref_low, low, lab.unit)
        if lab.ref_high is not None:
            high = unit.to_canonical(lab.ref_high)
            high_text = "laboratory's upper limit " + self._both(lab.ref_high, high, lab.unit)
        return ReferenceRange(
            self.canonical_unit, low, high, low_text, high_text, rng.high_inclusive
        )

    def _both(self, entered: Number, canonical: float, unit: str) -> str:
        text = f"{fmt.num(entered)} {unit}"
        if unit != self.canonical_unit:
            text += f" ({fmt.converted(canonical)} {self.canonical_unit})"
        return text


def _analyte(code, label, unit, others, loinc, lab_range, thresholds, range_fn) -> Analyte:
    return Analyte(
        code, label, unit, (_same(unit), *others), loinc, lab_range, thresholds, range_fn
    )


_A = _analyte
ANALYTES: dict[str, Analyte] = {
    a.code: a
    for a in (
        _A("tsh", "TSH", "mIU/L", (_same("uIU/mL"),), "3016-3", True, "0.4-4.0",
           _fixed("mIU/L", 0.4, 4.0)),
        _A("free_t4", "free T4", "ng/dL", (_divided("pmol/L", 12.87),), "3024-7", True,
           "0.9-1.7", _fixed("ng/dL", 0.9, 1.7)),
        _A("esr", "ESR", "mm/h", (), "4537-7", False,
           "upper limit age/2 (male), (age+10)/2 (female, intersex, unknown)", _esr),
        _A("crp", "CRP", "mg/L", (_times("mg/dL", 10),), "1988-5", True, "upper 5",
           _fixed("mg/L", high=5.0)),
        _A("ck", "CK", "U/L", (), "2157-6", True,
           "upper 192 (female, intersex, unknown), 308 (male)",
           _by_sex("U/L", high="sex", male=308, other=192)),
        _A("ana", "ANA", "titer", (), "5048-4", False,
           "reciprocal titre: >= 160 positive; 80 low titre; 0 negative",
           _fixed("titer", high=80.0, high_inclusive=True, basis="low titre from 1:80")),
        _A("rf", "RF", "IU/mL", (_same("kIU/L"),), "11572-5", True, "upper 14",
           _fixed("IU/mL", high=14.0)),
        _A("anti_ccp", "anti-CCP", "U/mL", (), "32218-0", True, "upper 20 (>= 20 positive)",
           _fixed("U/mL", high=20.0, high_inclusive=True, basis="default; positive from 20")),
        _A("hemoglobin", "haemoglobin", "g/dL", (_divided("g/L", 10),), "718-7", True,
           "lower 12 (female, intersex, unknown), 13 (male)",
           _by_sex("g/dL", low="sex", male=13, other=12)),
        _A("hba1c", "HbA1c", "%", (_HBA1C_MMOL,), "4548-4", False, ">= 6.5 diabetes range",
           _fixed("%", high=6.5, high_inclusive=True, basis="diabetes range from 6.5 %")),
        _A("vitamin_d_25oh", "25-OH vitamin D", "ng/mL", (_divided("nmol/L", 2.496),),
           "62292-8", False, "< 20 deficient; 20 to < 30 insufficient",
           _fixed("ng/mL", low=30.0, basis="insufficient below 30, deficient below 20")),
        _A("b12", "vitamin B12", "pg/mL", (_divided("pmol/L", 0.7378),), "2132-9", False,
           "< 200 deficient; 200 to < 300 borderline",
           _fixed("pg/mL", low=300.0, basis="borderline below 300, deficient below 200")),
        _A("folate", "folate", "ng/mL", (_divided("nmol/L", 2.266),), "2284-8", False,
           "< 3 deficient", _fixed("ng/mL", low=3.0, basis="deficient below 3")),
        _A("ferritin", "ferritin", "ng/mL", (_same("ug/L"),), "2276-4", False,
           "< 30 low; < 70 low when CRP is above its upper limit",
           _fixed("ng/mL", low=30.0, basis="70 when CRP is raised")),
        _A("magnesium_serum", "serum magnesium", "mmol/L",
           (_times("mg/dL", 0.4114), _times("mEq/L", 0.5)), "19123-9", False,
           "< 0.70 low; 0.70 to < 0.85 low-normal",
           _fixed("mmol/L", low=0.70, basis="low-normal from 0.70 to below 0.85")),
        _A("magnesium_rbc", "RBC magnesium", "mg/dL", (_divided("mmol/L", 0.4114),), "29900-7",
           True, "lower 4.2 (no guideline threshold)",
           _fixed("mg/dL", low=4.2, basis="default; no guideline threshold")),
        _A("zinc", "zinc", "ug/dL", (_divided("umol/L", 0.153),), "5763-8", True,
           "lower 70 (female, intersex, unknown), 74 (male)",
           _by_sex("ug/dL", low="sex", male=74, other=70)),
        _A("testosterone_total", "total testosterone", "ng/dL", (_times("nmol/L", 28.84),),
           "2986-8", True, "lower 264 (male only; Bhasin 2018 harmonised range)", _testosterone),
        _A("cortisol_am", "morning cortisol", "ug/dL", (_divided("nmol/L", 27.59),), "2143-6",
           True, "< 5 low", _fixed("ug/dL", low=5.0)),
        _A("estradiol", "estradiol", "pg/mL", (_divided("pmol/L", 3.671),), "2243-4", False,
           "context only (cycle-dependent)", _none),
        _A("progesterone", "progesterone", "ng/mL", (_divided("nmol/L", 3.18),), "2839-9",
           False, "context only (cycle-dependent)", _none),
        _A("fsh", "FSH", "IU/L", (_same("mIU/mL"),), "15067-2", False, "context only", _none),
        _A("ttg_iga", "tTG-IgA", "U/mL", (), "31017-7", True,
           "upper 15 (assay-specific: the laboratory's ref_high replaces it)",
           _fixed("U/mL", high=15.0, basis="default; assay-specific")),
        _A("iga_total", "total IgA", "g/L", (_divided("mg/dL", 100),), "2458-8", True,
           "lower 0.07 (below it, IgA deficiency makes tTG-IgA unreliable)",
           _fixed("g/L", low=0.07, basis="default; below it tTG-IgA is unreliable")),
    )
}  # fmt: skip


def units_hint(analyte: Analyte) -> str:
    """'ng/mL or ug/L', 'mmol/L, mg/dL or mEq/L'."""
    codes = analyte.unit_codes
    if len(codes) == 1:
        return codes[0]
    return ", ".join(codes[:-1]) + " or " + codes[-1]


# --- Readings: the result that counts for each analyte -----------------------------------------


@dataclass(frozen=True, slots=True)
class Reading:
    """The latest result of one analyte, converted, with the range that applies to it."""

    analyte: Analyte
    value: float  # canonical unit
    lab: LabResult  # as entered
    range: ReferenceRange | None

    @property
    def collected_on(self) -> date:
        return self.lab.collected_on

    def value_text(self, avoid: tuple[float, ...] = ()) -> str:
        """'62.4 nmol/L (25 ng/mL)': as entered, then canonical when the unit differs."""
        lab = self.lab
        if self.analyte.code == "ana":
            return "negative (0)" if lab.value == 0 else f"1:{fmt.num(lab.value)}"
        text = f"{fmt.num(lab.value)} {lab.unit}"
        if lab.unit != self.analyte.canonical_unit:
            unit = self.analyte.canonical_unit
            text += f" ({fmt.converted(self.value, avoid)} {unit})"
        return text

    @property
    def status(self) -> str | None:
        """'low', 'high' or 'normal' against the range that applies; None without a range."""
        return None if self.range is None else self.range.status(self.value)

    def text(self, avoid: tuple[float, ...] = ()) -> str:
        """'ferritin 62.4 ug/L (62.4 ng/mL) on 2026-11-01'."""
        when = self.lab.collected_on.isoformat()
        return f"{self.analyte.label} {self.value_text(avoid)} on {when}"


def reading_of(lab: LabResult, sex: str, age: int) -> Reading:
    """One resulted row converted to the canonical unit, with its range (for forms and
    summaries). A pending or not-done row has no value: it is never a reading."""
    if not lab.is_resulted:
        raise ValueError(f"a {lab.status} {lab.analyte} row is not a reading")
    analyte = ANALYTES[lab.analyte]
    value = analyte.to_canonical(lab.value, lab.unit)
    return Reading(analyte, value, lab, analyte.reference_range(sex, age, lab))


def latest_rows(labs: tuple[LabResult, ...]) -> dict[str, LabResult]:
    """The latest row of each analyte, of any status: latest `collected_on`, ties broken by
    the later position."""
    latest: dict[str, LabResult] = {}
    for lab in labs:
        current = latest.get(lab.analyte)
        if current is None or lab.collected_on >= current.collected_on:
            latest[lab.analyte] = lab
    return latest


def latest_readings(labs: tuple[LabResult, ...], sex: str, age: int) -> dict[str, Reading]:
    """One reading per analyte, from its resulted rows only: latest `collected_on`, ties broken
    by the later position. Pending and not-done rows are never readings."""
    resulted = latest_rows(tuple(lab for lab in labs if lab.is_resulted))
    return {code: reading_of(lab, sex, age) for code, lab in resulted.items()}


def open_pending(labs: tuple[LabResult, ...]) -> dict[str, LabResult]:
    """Analytes with an open pending row: their latest row of any status is `pending`."""
    return {code: lab for code, lab in latest_rows(labs).items() if lab.status == "pending"}
