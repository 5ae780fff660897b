"""evaluate(facts) -> Evaluation: criteria, scores, completeness and flags of one workup."""

from __future__ import annotations

from dataclasses import dataclass

from . import instruments
from .catalogue import RULE_SET, RULES, Context
from .catalogue.exclusions import open_required
from .catalogue.micronutrients import micronutrients_tested
from .catalogue.red_flags import red_flags_answered
from .evidence import Evidence
from .facts import WorkupFacts
from .instruments import INCOMPLETE, Acr2016
from .vocab import AREAS, SEVERITIES

_SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}
_AREA_RANK = {a: i for i, a in enumerate(AREAS)}


@dataclass(frozen=True, slots=True)
class Flag:
    code: str
    area: str
    severity: str
    action: str  # vocab.ACTIONS
    title: str
    because: str
    recommendation: str
    evidence: tuple[Evidence, ...]

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "area": self.area,
            "severity": self.severity,
            "action": self.action,
            "title": self.title,
            "because": self.because,
            "recommendation": self.recommendation,
            "evidence": [e.as_dict() for e in self.evidence],
        }


@dataclass(frozen=True, slots=True)
class Completeness:
    pain: bool
    exclusions: bool
    treatments: bool
    lifestyle: bool
    micronutrients: bool
    gut: bool
    hormones: bool
    mental: bool

    def as_dict(self) -> dict:
        return {area: getattr(self, area) for area in AREAS}


@dataclass(frozen=True, slots=True)
class Scores:
    """Only recorded instruments are set; `as_dict` leaves the others out."""

    fiqr: float | int | None = None
    psqi: int | None = None
    isi: instruments.BandedScore | None = None
    stop_bang: instruments.BandedScore | None = None
    bmi: float | None = None  # rounded to one decimal
    phq9: instruments.BandedScore | None = None
    gad7: instruments.BandedScore | None = None
    pss10: instruments.BandedScore | None = None
    ace: int | None = None
    pc_ptsd5: int | None = None

    def as_dict(self) -> dict:
        out: dict = {}
        if self.fiqr is not None:
            out["fiqr"] = {"total": _plain(self.fiqr)}
        if self.psqi is not None:
            out["psqi"] = {"total": self.psqi, "poor_sleep": instruments.psqi_poor_sleep(self.psqi)}
        for name in ("isi", "stop_bang"):
            score = getattr(self, name)
            if score is not None:
                out[name] = score.as_dict()
        if self.bmi is not None:
            out["bmi"] = {"value": self.bmi}
        for name in ("phq9", "gad7", "pss10"):
            score = getattr(self, name)
            if score is not None:
                out[name] = score.as_dict()
        if self.ace is not None:
            out["ace"] = {"total": self.ace}
        if self.pc_ptsd5 is not None:
            out["pc_ptsd5"] = {"total": self.pc_ptsd5}
        return out


@dataclass(frozen=True, slots=True)
class Criteria:
    acr2016: Acr2016

    def as_dict(self) -> dict:
        return {"acr2016": self.acr2016.as_dict()}


@dataclass(frozen=True, slots=True)
class Evaluation:
    rule_set: str
    criteria: Criteria
    scores: Scores
    completeness: Completeness
    flags: tuple[Flag, ...]

    def flag(self, code: str) -> Flag | None:
        for f in self.flags:
            if f.code == code:
                return f
        return None

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(f.code for f in self.flags)

    def as_dict(self) -> dict:
        """The JSON shape `evaluate_workup` prints (workup-document.md)."""
        return {
            "rule_set": self.rule_set,
            "criteria": self.criteria.as_dict(),
            "scores": self.scores.as_dict(),
            "completeness": self.completeness.as_dict(),
            "flags": [f.as_dict() for f in self.flags],
        }


def _plain(x: float | int) -> float | int:
    return int(x) if isinstance(x, float) and x.is_integer() else x


def scores_of(facts: WorkupFacts) -> Scores:
    life, mental = facts.lifestyle, facts.mental
    kwargs: dict = {}
    if facts.pain is not None and facts.pain.fiqr_total is not None:
        kwargs["fiqr"] = facts.pain.fiqr_total
    if life is not None:
        kwargs["psqi"] = life.psqi_global
        kwargs["isi"] = instruments.isi(life.isi_total)
        kwargs["stop_bang"] = instruments.stop_bang(life.stop_bang)
        value = instruments.bmi(life.height_cm, life.weight_kg)
        kwargs["bmi"] = None if value is None else instruments.one_decimal(value)
    if mental is not None:
        kwargs["phq9"] = instruments.phq9_of(mental)
        kwargs["gad7"] = instruments.gad7_of(mental)
        kwargs["pss10"] = instruments.pss10(mental.pss10_total)
        kwargs["ace"] = mental.ace_score
        kwargs["pc_ptsd5"] = mental.pc_ptsd5
    return Scores(**kwargs)


def completeness_of(ctx: Context) -> Completeness:
    facts = ctx.facts
    return Completeness(
        pain=ctx.acr.status != INCOMPLETE,
        exclusions=not open_required(ctx.findings) and red_flags_answered(facts.red_flags),
        treatments=facts.treatments is not None,
        lifestyle=facts.lifestyle is not None,
        micronutrients=micronutrients_tested(ctx.readings),
        gut=facts.gut is not None,
        hormones=facts.hormones is not None,
        mental=facts.mental is not None,
    )


def _capitalised(text: str) -> str:
    """Texts may start with a lower-case lab name ('haemoglobin ...'): start the sentence."""
    return text[:1].upper() + text[1:]


def _flag_order(f: Flag):
    return (_SEVERITY_RANK[f.severity], _AREA_RANK[f.area], f.code)


def evaluate(facts: WorkupFacts) -> Evaluation:
    """Apply the current rule set (``RULE_SET``) to one workup. Pure: same facts, same
    evaluation."""
    ctx = Context(facts)
    fired = ctx.fired
    flags = []
    for rule in RULES:
        match = rule.when(ctx)
        if match is None or match is False:
            continue
        severity = rule.severity_of(match)
        fired[rule.code] = severity
        flags.append(
            Flag(
                rule.code,
                rule.area,
                severity,
                rule.action,
                rule.title_of(match),
                _capitalised(rule.because(ctx, match)),
                rule.recommendation_of(match),
                rule.evidence,
            )
        )
    flags.sort(key=_flag_order)
    return Evaluation(
        RULE_SET, Criteria(ctx.acr), scores_of(facts), completeness_of(ctx), tuple(flags)
    )
