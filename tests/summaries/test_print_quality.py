"""The printout is legible and whole: no text below 8 pt, no heading alone at the foot of a
page, no group split over two pages, and in a batch each summary numbered on its own with no
blank page."""

import html as html_lib
import io
import math
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from summaries import jobs, pdf, services
from summaries.models import BatchPrint
from tests.patients.factories import make_patient
from tests.summaries.conftest import draft_from, sign

pytestmark = pytest.mark.django_db

SMALLEST_PT = 8.0
MM = 72 / 25.4
# The page margins of print.css: the running header above 25 mm, the footer below 21 mm.
BODY_TOP, BODY_BOTTOM = 25 * MM, 21 * MM
FIXTURES = ("full_record_v2", "treatment_resistant_woman", "older_man_inflammatory")


def render(workup) -> tuple[str, bytes]:
    return pdf.render_summary(services.summary_report(workup, generated_by="Ines Rivera"))


def font_sizes(data: bytes) -> list[tuple[float, str]]:
    """(size in points as printed, text) of every piece of text: the font size of its Tf
    operator scaled by the text matrix and the transformation matrix in force."""
    sizes = []

    def visit(text, cm, tm, font_dict, font_size):
        if not text.strip():
            return
        a, b, c, d = (
            tm[0] * cm[0] + tm[1] * cm[2],
            tm[0] * cm[1] + tm[1] * cm[3],
            tm[2] * cm[0] + tm[3] * cm[2],
            tm[2] * cm[1] + tm[3] * cm[3],
        )
        vertical = math.hypot(c, d) or math.hypot(a, b)
        sizes.append((font_size * vertical, text))

    for page in PdfReader(io.BytesIO(data)).pages:
        page.extract_text(visitor_text=visit)
    return sizes


def body_lines(data: bytes, tmp_path) -> list[list[tuple[float, str]]]:
    """Each page's lines of text between the running header and footer, top to bottom, each
    as (its top in points, its text)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "summary.pdf"
    path.write_bytes(data)
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = []
    for page in re.findall(r'<page width="[\d.]+" height="([\d.]+)">(.*?)</page>', out, re.S):
        height, body = float(page[0]), page[1]
        lines = []
        for top, bottom, words in re.findall(
            r'<line xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</line>',
            body,
            re.S,
        ):
            if float(top) < BODY_TOP or float(bottom) > height - BODY_BOTTOM:
                continue
            text = " ".join(re.findall(r"<word[^>]*>(.*?)</word>", words))
            lines.append((float(top), html_lib.unescape(text)))
        pages.append(sorted(lines))
    return pages


def last_row(lines: list[tuple[float, str]]) -> list[str]:
    """The texts of the lowest row of a page (cells of one row start within 3 pt)."""
    bottom = lines[-1][0]
    return [text for top, text in lines if top >= bottom - 3]


def headings_of(html: str) -> list[str]:
    found = re.findall(r"<h[234][^>]*>(.*?)</h[234]>", html, re.S)
    return [html_lib.unescape(re.sub(r"<[^>]+>|\s+", " ", h)).strip() for h in found]


@pytest.mark.parametrize("name", FIXTURES)
def test_no_text_is_printed_below_8_pt(clinician, name):
    _, data = render(draft_from(name, clinician=clinician))
    sizes = font_sizes(data)
    assert sizes
    smallest = min(sizes)
    assert smallest[0] >= SMALLEST_PT - 0.01, smallest


def test_body_text_is_printed_at_9_5_pt_at_least(clinician):
    _, data = render(draft_from("full_record_v2", clinician=clinician))
    characters: dict[float, int] = {}
    for size, text in font_sizes(data):
        characters[round(size, 1)] = characters.get(round(size, 1), 0) + len(text.strip())
    # The size most of the text is printed in is the body text's.
    body = max(characters, key=characters.get)
    assert body >= 9.5, characters


def test_the_chart_labels_are_measured_too(clinician):
    first = sign(
        draft_from("treatment_resistant_woman", clinician=clinician),
        clinician,
    )
    current = draft_from(
        "treatment_resistant_woman", clinician=clinician, patient=first.patient, edit=_later
    )
    _, data = render(current)
    texts = [text for _, text in font_sizes(data)]
    assert any("Visit date" in text for text in texts)
    assert min(font_sizes(data))[0] >= SMALLEST_PT - 0.01


def _later(document):
    document["visit_date"] = "2026-12-01"


@pytest.mark.parametrize("name", FIXTURES)
def test_no_page_ends_with_a_heading(clinician, name, tmp_path):
    html, data = render(draft_from(name, clinician=clinician))
    headings = set(headings_of(html))
    pages = body_lines(data, tmp_path)
    for number, lines in enumerate(pages[:-1], start=1):
        assert lines, f"page {number} is blank"
        ending = last_row(lines)
        assert not all(text in headings for text in ending), f"page {number} ends with {ending}"


@pytest.mark.parametrize("name", FIXTURES)
def test_no_group_is_split_over_two_pages(clinician, name, tmp_path):
    """Each look-alike category and each section's findings: its heading and its last row are
    on the same page."""
    html, data = render(draft_from(name, clinician=clinician))
    pages = [" ".join(text for _, text in lines) for lines in body_lines(data, tmp_path)]
    groups = re.findall(r'<h3 class="group-heading">(.*?)</h3>(.*?)(?:</table>|</p>)', html, re.S)
    assert len(groups) >= 11
    for heading, body in groups:
        rows = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", body, re.S) or [body]
        last = html_lib.unescape(re.sub(r"<[^>]+>", " ", rows[-2 if len(rows) > 1 else -1]))
        last = re.sub(r"\s+", " ", last).strip().split(" ")[0]
        on = [i for i, text in enumerate(pages) if html_lib.unescape(heading) in text]
        assert on, heading
        assert last in pages[on[0]], f"{heading}: {last!r} is not on page {on[0] + 1}"


def test_a_batch_numbers_each_summary_on_its_own_with_no_blank_page(clinician, tmp_path):
    workups = []
    for i, name in enumerate(FIXTURES):
        patient = make_patient(mrn=f"Q-{i}", given_name="Test", family_name=f"Patient{i}")
        workups.append(sign(draft_from(name, clinician=clinician, patient=patient), clinician))
    counts = [
        len(PdfReader(io.BytesIO(services.signed_summary_bytes(workup=w))).pages) for w in workups
    ]
    job = BatchPrint.objects.create(
        requested_by=clinician, workup_ids=[w.pk for w in workups], total=len(workups)
    )
    jobs.run_pending()
    job.refresh_from_db()
    with job.result.open("rb") as handle:
        data = handle.read()
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == sum(counts)
    expected = [(n, count) for count in counts for n in range(1, count + 1)]
    for index, page in enumerate(reader.pages):
        text = page.extract_text()
        number, count = expected[index]
        assert f"Page {number} of {count}" in text, f"page {index + 1} of the batch"
        assert "Fibromyalgia workup summary" in text
    for number, lines in enumerate(body_lines(data, tmp_path), start=1):
        assert lines, f"page {number} of the batch is blank"
