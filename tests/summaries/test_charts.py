"""The trend charts: inline SVG readable in black and white, every value printed."""

import datetime
import re
import xml.etree.ElementTree as ET

from summaries.charts import STYLES, Series, line_chart

DATES = [datetime.date(2025, 10, 2), datetime.date(2026, 3, 2), datetime.date(2026, 10, 5)]


def chart(**overrides):
    values = {
        "title": "ACR 2016 scores",
        "dates": DATES,
        "series": [
            Series("WPI (0-19)", [15, 14, 13]),
            Series("SSS (0-12)", [11, None, 10]),
            Series("FS (0-31)", [26, 24, 23]),
        ],
        "y_max": 31,
        "current": 2,
    }
    values.update(overrides)
    return str(line_chart(**values))


def test_is_well_formed_svg_with_a_title_for_assistive_technology():
    svg = chart()
    root = ET.fromstring(svg)  # noqa: S314
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("role") == "img"
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert root.find("s:title", ns).text == "ACR 2016 scores"
    assert "WPI (0-19): 15 on 2 Oct 2025" in root.find("s:desc", ns).text
    assert "style=" not in svg  # presentation attributes only (CSP forbids inline styles)


def test_series_differ_in_marker_and_dash_not_only_in_colour():
    assert len({s["marker"] for s in STYLES}) == len(STYLES)
    assert len({s["dash"] for s in STYLES}) == len(STYLES)
    svg = chart()
    assert "<circle" in svg and "<rect x=" in svg and "<polygon" in svg
    assert 'stroke-dasharray="7 4"' in svg and 'stroke-dasharray="2 3"' in svg
    colours = set(re.findall(r'(?:stroke|fill)="(#[0-9a-f]{6})"', svg))
    for colour in colours:  # greys only
        assert colour[1:3] == colour[3:5] == colour[5:7]


def test_every_recorded_value_and_both_axes_are_labelled():
    svg = chart()
    texts = re.findall(r">([^<>]+)</text>", svg)
    for value in ("15", "14", "13", "11", "10", "26", "24", "23"):
        assert value in texts
    assert "Score" in texts and "Visit date" in texts
    assert "5 Oct 2026" in texts


def test_labels_are_escaped():
    svg = chart(title="<b>x</b>", series=[Series("a<script>", [1, 2, 3])])
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    ET.fromstring(svg)  # noqa: S314
