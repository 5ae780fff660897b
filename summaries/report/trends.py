"""The trend part of the summary: the patient's workups by visit date, as charts and a table."""

from __future__ import annotations

from summaries import charts
from summaries.report.parts import Chart, TrendPoint, TrendRow, Trends
from summaries.report.texts import NOT_RECORDED, format_date, format_number

# --- Trends --------------------------------------------------------------------------------------

TREND_MEASURES = (
    # key, column label, how to read it from an evaluation
    ("wpi", "WPI", lambda e: e.get("criteria", {}).get("acr2016", {}).get("wpi")),
    ("sss", "SSS", lambda e: e.get("criteria", {}).get("acr2016", {}).get("sss")),
    ("fs", "FS", lambda e: e.get("criteria", {}).get("acr2016", {}).get("fs")),
    ("fiqr", "FIQR", lambda e: e.get("scores", {}).get("fiqr", {}).get("total")),
    ("phq9", "PHQ-9", lambda e: e.get("scores", {}).get("phq9", {}).get("total")),
    ("gad7", "GAD-7", lambda e: e.get("scores", {}).get("gad7", {}).get("total")),
)
TREND_CHARTS = (
    # title, y maximum, chart width, (measure key, legend label) ...
    (
        "ACR 2016 scores",
        31,
        charts.FULL_WIDTH,
        (("wpi", "WPI (0-19)"), ("sss", "SSS (0-12)"), ("fs", "FS (0-31)")),
    ),
    ("FIQR", 100, charts.HALF_WIDTH, (("fiqr", "FIQR (0-100)"),)),
    (
        "PHQ-9 and GAD-7",
        27,
        charts.HALF_WIDTH,
        (("phq9", "PHQ-9 (0-27)"), ("gad7", "GAD-7 (0-21)")),
    ),
)


def trends_of(points: tuple[TrendPoint, ...]) -> Trends:
    columns = tuple(label for _, label, _ in TREND_MEASURES)
    ordered = sorted(points, key=lambda p: (p.visit_date, p.workup_id))
    values = [{key: read(p.evaluation) for key, _, read in TREND_MEASURES} for p in ordered]
    rows = tuple(
        TrendRow(
            visit_date=format_date(p.visit_date),
            values=tuple(format_number(v[key]) or NOT_RECORDED for key, _, _ in TREND_MEASURES),
            note=("this visit" + (" (draft)" if p.is_draft else "")) if p.is_current else "",
            row_class="trend-current" if p.is_current else "",
        )
        for p, v in zip(ordered, values, strict=True)
    )
    if len(ordered) < 2:
        return Trends(
            has_history=False,
            message="Trends appear once the patient has two or more workups; this is the first.",
            charts=(),
            columns=columns,
            rows=rows,
        )
    dates = [p.visit_date for p in ordered]
    current = next((i for i, p in enumerate(ordered) if p.is_current), None)
    made = []
    for title, y_max, width, measures in TREND_CHARTS:
        series = [
            charts.Series(label=label, values=[v[key] for v in values]) for key, label in measures
        ]
        if not any(value is not None for s in series for value in s.values):
            continue
        svg = charts.line_chart(
            title=title, dates=dates, series=series, y_max=y_max, current=current, width=width
        )
        made.append(
            Chart(
                title=title,
                keys=charts.legend(series),
                svg=svg,
                css_class="chart-full" if width == charts.FULL_WIDTH else "chart-half",
            )
        )
    return Trends(
        has_history=True,
        message=(
            "Signed workups of this patient up to this visit, each with its own frozen "
            "evaluation; a dash means not recorded."
        ),
        charts=tuple(made),
        columns=columns,
        rows=rows,
    )
