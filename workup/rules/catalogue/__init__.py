"""The rule catalogue of rule set 2027.1: every rule, in evaluation order.

Adding a rule is adding one ``rule(...)`` entry to the module of its area (plus its tests). The
catalogue also describes itself for the Rules documentation page (:func:`rule_docs`), so the page
is generated from the same entries that evaluate workups.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..evidence import Evidence
from ..vocab import AREAS, SEVERITIES
from . import (
    diagnosis,
    exclusions,
    gut,
    hormones,
    lifestyle,
    mental,
    micronutrients,
    missing_tests,
    red_flags,
    treatments,
)
from .base import Context, Rule

RULE_SET = "2027.1"

RULES: tuple[Rule, ...] = (
    *diagnosis.RULES,
    *red_flags.RULES,
    *exclusions.RULES,
    *missing_tests.RULES,
    *treatments.RULES,
    *lifestyle.RULES,
    *micronutrients.RULES,
    *gut.RULES,
    *hormones.RULES,
    *mental.RULES,
)
RULES_BY_CODE: dict[str, Rule] = {r.code: r for r in RULES}


def _check(rules: tuple[Rule, ...]) -> None:
    seen: set[str] = set()
    for r in rules:
        if r.code in seen:
            raise ValueError(f"rule code {r.code} is defined twice")
        missing = [code for code in r.reads if code not in seen]
        if missing:
            raise ValueError(f"{r.code} reads {missing}, which must come before it")
        seen.add(r.code)


_check(RULES)


@dataclass(frozen=True, slots=True)
class RuleDoc:
    """One row of the Rules page."""

    code: str
    area: str
    severity: str  # "moderate", or "low / moderate / high" for severity functions
    action: str  # vocab.ACTIONS
    title: str  # the title, or "" where it depends on the match
    fires_when: str
    evidence: tuple[Evidence, ...]


def rule_docs() -> tuple[RuleDoc, ...]:
    """Every rule, ordered by area (as in `completeness`) then code."""
    area_rank = {a: i for i, a in enumerate(AREAS)}
    docs = [
        RuleDoc(
            r.code,
            r.area,
            r.severity_text,
            r.action,
            r.title if isinstance(r.title, str) else "",
            r.fires_when,
            r.evidence,
        )
        for r in RULES
    ]
    return tuple(sorted(docs, key=lambda d: (area_rank[d.area], d.code)))


__all__ = [
    "AREAS",
    "RULES",
    "RULES_BY_CODE",
    "RULE_SET",
    "SEVERITIES",
    "Context",
    "Rule",
    "RuleDoc",
]
