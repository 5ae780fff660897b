"""Small server-side SVG line charts for the summary's trends: no JavaScript, legible in grey.

Each series has its own marker shape and dash pattern (not just a colour), every point carries
its value, and both axes are labelled, so the chart reads the same on a black-and-white printer.
Lengths are in SVG user units; 600 units span the printed page's text width.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from config.dates import show_date

FULL_WIDTH = 600
HALF_WIDTH = 294
HEIGHT = 140
FONT = "DejaVu Sans, sans-serif"
# 600 units span 180 mm of paper (0.85 pt a unit): 10 units print at 8.5 pt, above the 8 pt
# the summary never goes below.
FONT_SIZE = 10
CHAR_WIDTH = 6.2  # about the width of one character at FONT_SIZE

# Marker, dash pattern and grey per series, in order; the legend (in the page, next to the
# chart's title) draws the same with the CSS classes key-1, key-2 and key-3.
STYLES = (
    {"marker": "circle", "dash": "", "stroke": "#000000", "fill": "#000000"},
    {"marker": "square", "dash": "7 4", "stroke": "#404040", "fill": "#ffffff"},
    {"marker": "triangle", "dash": "2 3", "stroke": "#595959", "fill": "#595959"},
)


@dataclass(frozen=True)
class LegendKey:
    label: str
    key_class: str


def legend(series: list[Series]) -> tuple[LegendKey, ...]:
    return tuple(
        LegendKey(label=s.label, key_class=f"key-{i % len(STYLES) + 1}")
        for i, s in enumerate(series)
    )


@dataclass(frozen=True)
class Series:
    label: str
    values: list  # one number (or None: not recorded) per date


def _nice_step(y_max: float) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50):
        if y_max / step <= 6:
            return step
    return 100


def _format(value) -> str:
    if isinstance(value, float):
        return f"{value:.1f}".rstrip("0").rstrip(".")
    return str(value)


def _date_label(value: datetime.date) -> str:
    return show_date(value)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _marker(kind: str, x: float, y: float, style: dict) -> str:
    stroke, fill = style["stroke"], style["fill"]
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.4" fill="{fill}" stroke="{stroke}"/>'
    if kind == "square":
        return (
            f'<rect x="{x - 3.3:.1f}" y="{y - 3.3:.1f}" width="6.6" height="6.6" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="1.4"/>'
        )
    points = f"{x:.1f},{y - 4.2:.1f} {x + 4:.1f},{y + 3:.1f} {x - 4:.1f},{y + 3:.1f}"
    return f'<polygon points="{points}" fill="{fill}" stroke="{stroke}"/>'


def _x_positions(dates: list[datetime.date], left: float, right: float) -> list[float]:
    """Proportional to time between visits; evenly spread when all share one date."""
    first, last = min(dates), max(dates)
    span = (last - first).days
    if span == 0:
        if len(dates) == 1:
            return [(left + right) / 2]
        step = (right - left) / (len(dates) - 1)
        return [left + i * step for i in range(len(dates))]
    return [left + (d - first).days / span * (right - left) for d in dates]


def line_chart(
    *,
    title: str,
    dates: list[datetime.date],
    series: list[Series],
    y_max: float,
    current: int | None = None,
    width: int | None = None,
    y_label: str = "Score",
) -> SafeString:
    """An inline <svg> line chart of `series` over visit `dates` (same length as each series)."""
    width = width or (FULL_WIDTH if len(series) > 1 else HALF_WIDTH)
    height = HEIGHT
    left, right, top, bottom = 46, width - 16, 16, height - 40
    xs = _x_positions(dates, left + 10, right - 10)

    def y_of(value: float) -> float:
        return bottom - (min(value, y_max) / y_max) * (bottom - top)

    chart_id = f"chart-{_slug(title)}"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="trend-chart" viewBox="0 0 {width} '
        f'{height}" width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-family="{FONT}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(_description(dates, series))}</desc>',
    ]
    # Axes, grid and ticks.
    step = _nice_step(y_max)
    tick = 0
    while tick <= y_max:
        y = y_of(tick)
        out.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="#d0d0d0" '
            f'stroke-width="0.6"/>'
        )
        out.append(
            f'<text x="{left - 5}" y="{y + 3.5:.1f}" font-size="{FONT_SIZE}" text-anchor="end" '
            f'fill="#000">{tick}</text>'
        )
        tick += step
    out.append(
        f'<line x1="{left}" y1="{top - 4}" x2="{left}" y2="{bottom}" stroke="#000" '
        f'stroke-width="0.9"/>'
    )
    out.append(
        f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#000" '
        f'stroke-width="0.9"/>'
    )
    mid = (top + bottom) / 2
    out.append(
        f'<text x="11" y="{mid:.1f}" font-size="{FONT_SIZE}" text-anchor="middle" fill="#000" '
        f'transform="rotate(-90 11 {mid:.1f})">{escape(y_label)}</text>'
    )
    out.append(
        f'<text x="{(left + right) / 2:.1f}" y="{height - 6}" font-size="{FONT_SIZE}" '
        f'text-anchor="middle" fill="#000">Visit date</text>'
    )
    # The current visit.
    if current is not None:
        x = xs[current]
        out.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{bottom}" stroke="#8c8c8c" '
            f'stroke-width="0.8" stroke-dasharray="1 2"/>'
        )
    # Date labels, from the latest back: one that would overlap the label to its right is left
    # out (the latest always shows; its tick mark stays).
    placed_left = None
    for i in reversed(range(len(dates))):
        out.append(
            f'<line x1="{xs[i]:.1f}" y1="{bottom}" x2="{xs[i]:.1f}" y2="{bottom + 4}" '
            f'stroke="#000" stroke-width="0.8"/>'
        )
        text = _date_label(dates[i])
        label_width = CHAR_WIDTH * len(text)
        anchor, x, start = "middle", xs[i], xs[i] - label_width / 2
        if x + label_width / 2 > width - 2:  # keep the label inside the chart
            anchor, x = "end", width - 2
            start = x - label_width
        if placed_left is not None and start + label_width > placed_left - 6:
            continue
        placed_left = start
        weight = ' font-weight="bold"' if i == current else ""
        out.append(
            f'<text x="{x:.1f}" y="{bottom + 14}" font-size="{FONT_SIZE}" text-anchor="{anchor}" '
            f'fill="#000"{weight}>{escape(text)}</text>'
        )
    # Lines, then markers, then values (values last so nothing covers them).
    labels: dict[int, list[tuple[float, str]]] = {}
    for i, s in enumerate(series):
        style = STYLES[i % len(STYLES)]
        points = [(xs[j], y_of(v)) for j, v in enumerate(s.values) if v is not None]
        if len(points) > 1:
            dash = f' stroke-dasharray="{style["dash"]}"' if style["dash"] else ""
            coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            out.append(
                f'<polyline points="{coords}" fill="none" stroke="{style["stroke"]}" '
                f'stroke-width="1.6"{dash}/>'
            )
        for j, v in enumerate(s.values):
            if v is None:
                continue
            out.append(_marker(style["marker"], xs[j], y_of(v), style))
            labels.setdefault(j, []).append((y_of(v), _format(v)))
    for j, items in labels.items():
        out.extend(_value_labels(xs[j], items))
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped


def _value_labels(x: float, items: list[tuple[float, str]]) -> list[str]:
    """Each value next to its point, on a white backing so lines crossing it stay readable.

    The highest point of a visit gets its value above, the lowest below, any other beside it;
    labels that would still touch are pushed apart.
    """
    ordered = sorted(items)
    wanted = []
    for k, (y, text) in enumerate(ordered):
        if k == 0:
            wanted.append([y - 6, text])
        elif k == len(ordered) - 1:
            wanted.append([y + 14, text])
        else:
            wanted.append([y + 3.5, text])
    for k in range(1, len(wanted)):
        if wanted[k][0] < wanted[k - 1][0] + FONT_SIZE + 1:
            wanted[k][0] = wanted[k - 1][0] + FONT_SIZE + 1
    placed = []
    for y, text in wanted:
        w = CHAR_WIDTH * len(text) + 2
        placed.append(
            f'<rect x="{x + 4:.1f}" y="{y - 9:.1f}" width="{w:.1f}" height="11" fill="#ffffff" '
            f'fill-opacity="0.85"/>'
            f'<text x="{x + 5:.1f}" y="{y:.1f}" font-size="{FONT_SIZE}" fill="#000">'
            f"{escape(text)}</text>"
        )
    return placed


def _description(dates: list[datetime.date], series: list[Series]) -> str:
    parts = []
    for s in series:
        values = [
            f"{_format(v)} on {_date_label(d)}"
            for d, v in zip(dates, s.values, strict=True)
            if v is not None
        ]
        parts.append(f"{s.label}: " + (", ".join(values) if values else "not recorded"))
    return "; ".join(parts) + "."
