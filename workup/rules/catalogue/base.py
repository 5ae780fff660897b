"""The shape of a rule, and the context a rule reads.

A rule is one declarative entry:

- ``when(ctx)`` returns ``None`` when the rule does not fire, otherwise a *match*: whatever the
  rule found (the readings, the trials, the score), handed on to the builders below;
- ``severity`` is a severity, or a function of the match (``severity_text`` documents it);
- ``action`` is ``recommend`` (guideline or standard care of the finding itself) or
  ``consider`` (a step resting on tier C-E evidence only); the label a reader sees comes from it;
- ``title``, ``because`` and ``recommendation`` are text, or functions of the match (``because``
  also gets the context) that state the values, units, dates and the limit used;
- ``evidence`` lists the sources with their tiers;
- ``fires_when`` says in words when it fires, for the Rules page.

A rule may read the flags fired before it (``ctx.fired``): it names them in ``reads`` and the
catalogue checks that they come earlier.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..evidence import Evidence
from ..facts import ExclusionFinding, LabResult, Medication, WorkupFacts, age_on
from ..instruments import Acr2016, acr2016
from ..labs import Reading, latest_readings, open_pending
from ..vocab import ACTIONS, AREA_OF_PREFIX, SEVERITIES

Text = str | Callable[[Any], str]


class Context:
    """Everything the rules read, computed once per evaluation."""

    __slots__ = ("acr", "age", "facts", "findings", "fired", "pending", "readings", "sex")

    def __init__(self, facts: WorkupFacts) -> None:
        self.facts = facts
        self.sex = facts.patient.sex_at_birth
        self.age = age_on(facts.patient.date_of_birth, facts.visit_date)
        self.readings: dict[str, Reading] = latest_readings(facts.labs, self.sex, self.age)
        self.pending: dict[str, LabResult] = open_pending(facts.labs)
        self.acr: Acr2016 = acr2016(facts.pain)
        self.findings: dict[str, ExclusionFinding] = {f.condition: f for f in facts.exclusions}
        self.fired: dict[str, str] = {}  # code -> severity, in catalogue order

    def lab(self, code: str) -> Reading | None:
        """The latest resulted reading of an analyte (pending and not-done rows never count)."""
        return self.readings.get(code)

    def has_result_or_pending(self, code: str) -> bool:
        """A result, or an open pending row: what silences the rules that fire on an absence."""
        return code in self.readings or code in self.pending

    def medications_of(self, *classes: str) -> list[Medication]:
        """Recorded current medicines of these classes, in list order ([] when not recorded)."""
        return [m for m in self.facts.medications or () if m.drug_class in classes]

    def red_flag(self, question: str) -> bool | None:
        """The clinician's answer (None: not asked, or the section absent)."""
        flags = self.facts.red_flags
        return None if flags is None else flags.answer(question)


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    area: str
    severity: str | Callable[[Any], str]
    severity_text: str
    action: str
    fires_when: str
    title: Text
    when: Callable[[Context], Any]
    because: Callable[[Context, Any], str]
    recommendation: Text
    evidence: tuple[Evidence, ...]
    reads: tuple[str, ...] = ()

    def severity_of(self, match: Any) -> str:
        s = self.severity
        return s if isinstance(s, str) else s(match)

    def title_of(self, match: Any) -> str:
        t = self.title
        return t if isinstance(t, str) else t(match)

    def recommendation_of(self, match: Any) -> str:
        r = self.recommendation
        return r if isinstance(r, str) else r(match)


def rule(
    code: str,
    *,
    severity: str | Callable[[Any], str],
    action: str,
    fires_when: str,
    title: Text,
    when: Callable[[Context], Any],
    because: Callable[[Context, Any], str],
    recommendation: Text,
    evidence: tuple[Evidence, ...],
    severity_text: str | None = None,
    reads: tuple[str, ...] = (),
) -> Rule:
    area = AREA_OF_PREFIX[code.split(".", 1)[0]]
    if severity_text is None:
        if not isinstance(severity, str):
            raise ValueError(f"{code}: a severity function needs severity_text")
        severity_text = severity
    if isinstance(severity, str) and severity not in SEVERITIES:
        raise ValueError(f"{code}: unknown severity {severity!r}")
    if not evidence:
        raise ValueError(f"{code}: every rule cites its evidence")
    if action not in ACTIONS:
        raise ValueError(f"{code}: unknown action {action!r}")
    return Rule(
        code,
        area,
        severity,
        severity_text,
        action,
        fires_when,
        title,
        when,
        because,
        recommendation,
        tuple(evidence),
        reads,
    )


def join(items: list[str] | tuple[str, ...], last: str = "and") -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def sentence(text: str) -> str:
    """Capitalised, ending with a full stop ('haemoglobin 11 g/dL ...' -> 'Haemoglobin ...')."""
    text = text[:1].upper() + text[1:]
    return text if text.endswith(".") else text + "."


def sentences(parts: list[str]) -> str:
    return " ".join(sentence(p) for p in parts)


def below_limit(r: Reading | None) -> str | None:
    """'TSH 0.2 mIU/L on 2026-11-01 is below the lower limit 0.4 mIU/L (default)', or None."""
    if r is None or r.range is None or not r.range.below(r.value):
        return None
    return f"{r.text((r.range.low,))} is below the {r.range.low_text}"


def above_limit(r: Reading | None) -> str | None:
    """'CRP 12 mg/L on 2026-11-01 is above the upper limit 5 mg/L (default)', or None."""
    if r is None or r.range is None or not r.range.above(r.value):
        return None
    word = "at or above" if r.range.high_inclusive else "above"
    return f"{r.text((r.range.high,))} is {word} the {r.range.high_text}"


def outside_limits(r: Reading | None) -> str | None:
    return below_limit(r) or above_limit(r)


def age_text(ctx: Context) -> str:
    """'the patient is 56 at the visit on 2026-11-20' (age in whole years at the visit)."""
    return f"the patient is {ctx.age} at the visit on {ctx.facts.visit_date.isoformat()}"


def medicine_names(meds: list[Medication]) -> str:
    """'atorvastatin 40 mg and simvastatin': name and dose, without the class."""
    return join([m.name if m.dose is None else f"{m.name} {m.dose}" for m in meds])


def row_state(row: LabResult | None) -> str:
    """How an analyte stands without a result: 'pending, ordered on ...', or 'not done ...'."""
    if row is None or row.is_resulted:
        return "no result recorded"
    day = row.collected_on.isoformat()
    if row.status == "pending":
        return f"pending, ordered on {day}"
    return f"recorded as not done on {day}"
