"""The flags part of the summary: each flag with its evidence, grouped by area, and the
numbered references they cite."""

from __future__ import annotations

from config.dates import iso_dates_shown
from summaries.report.parts import EvidenceLine, FlagGroup, FlagItem, Reference
from summaries.report.texts import AREA_LABELS, SEVERITY_LABELS, code_label
from workup.presenters import action_label
from workup.rules import vocab


class References:
    """Numbers each evidence source once, in the order it is first cited."""

    def __init__(self):
        self._numbers: dict[str, int] = {}

    def number(self, source: str) -> int:
        return self._numbers.setdefault(source, len(self._numbers) + 1)

    @property
    def items(self) -> tuple[Reference, ...]:
        return tuple(Reference(number=n, source=source) for source, n in self._numbers.items())


def tier_label(tier: str | None) -> str:
    if tier in (None, "-"):
        return "validated instrument or definition"
    return f"tier {tier}"


def flag_item(raw: dict, references: References) -> FlagItem:
    lines = []
    for item in raw.get("evidence", []):
        tier = item.get("tier", "-")
        lines.append(
            EvidenceLine(
                source=item["source"],
                tier=tier,
                tier_label=tier_label(tier),
                summary=item.get("summary", ""),
                reference=references.number(item["source"]),
            )
        )
    severity = raw["severity"]
    return FlagItem(
        code=raw["code"],
        severity=severity,
        severity_label=SEVERITY_LABELS.get(severity, severity),
        severity_class=f"severity-{severity}",
        title=raw["title"],
        because=iso_dates_shown(raw["because"]),
        recommendation_label=action_label(raw),
        recommendation=raw["recommendation"],
        evidence=tuple(lines),
    )


_SEVERITY_RANK = {s: i for i, s in enumerate(vocab.SEVERITIES)}
_AREA_RANK = {a: i for i, a in enumerate(vocab.AREAS)}


def flag_groups(flags: list[FlagItem]) -> tuple[FlagGroup, ...]:
    """Flags grouped by area; the area with the most severe flag first, flags by severity."""
    by_area: dict[str, list[FlagItem]] = {}
    for flag in flags:
        by_area.setdefault(_area_of(flag.code), []).append(flag)
    groups = []
    for area, items in by_area.items():
        items.sort(key=lambda f: (_SEVERITY_RANK.get(f.severity, 99), f.code))
        counts = {}
        for item in items:
            counts[item.severity_label.lower()] = counts.get(item.severity_label.lower(), 0) + 1
        count_label = ", ".join(f"{n} {label}" for label, n in counts.items())
        groups.append(
            FlagGroup(
                area=area,
                label=AREA_LABELS.get(area, code_label(area)),
                count_label=f"{len(items)} flag{'s' if len(items) != 1 else ''}: {count_label}",
                flags=tuple(items),
            )
        )
    groups.sort(
        key=lambda g: (_SEVERITY_RANK.get(g.flags[0].severity, 99), _AREA_RANK.get(g.area, 99))
    )
    return tuple(groups)


def _area_of(code: str) -> str:
    return vocab.AREA_OF_PREFIX.get(code.split(".", 1)[0], "other")
