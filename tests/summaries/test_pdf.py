"""The PDF itself: identifiers and page numbers on every page, DRAFT on every page of a draft
only, a tagged PDF, and clinicians' free text printed as text."""

import gc
import io
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from summaries import pdf, services
from tests.summaries.conftest import draft_from, pdf_text

pytestmark = pytest.mark.django_db


def render(workup) -> tuple[str, bytes]:
    return pdf.render_summary(services.summary_report(workup, generated_by="Ines Rivera"))


def test_every_page_shows_the_mrn_the_page_number_and_the_draft_marking(
    clinician, resistant_draft, tmp_path
):
    _, data = render(resistant_draft)
    assert data.startswith(b"%PDF-")
    pages = pdf_text(data, tmp_path)
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert "MRN B2044" in text, f"page {number} has no MRN"
        assert f"Page {number} of {len(pages)}" in text
        assert "DRAFT: not signed" in text
        assert "Kowalska, Marta" in text
        assert "Confidential" in text


def test_a_signed_summary_has_no_draft_marking(clinician, signed_workup, tmp_path):
    data = services.signed_summary_bytes(workup=signed_workup)
    pages = pdf_text(data, tmp_path)
    assert pages
    for number, text in enumerate(pages, start=1):
        assert "DRAFT" not in text
        assert "MRN C3310" in text
        assert f"Page {number} of {len(pages)}" in text
        assert "Signed " in text


def test_the_pdf_is_tagged_with_a_title_and_language(clinician, resistant_draft):
    _, data = render(resistant_draft)
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert str(root["/Lang"]).lower() == "en-gb"
    assert reader.metadata.title == "Fibromyalgia workup summary: MRN B2044, visit 5 Oct 2026"
    if shutil.which("pdfinfo"):
        info = subprocess.run(
            ["pdfinfo", "-"], input=data, capture_output=True, check=True
        ).stdout.decode()
        assert re.search(r"^Tagged:\s+yes$", info, re.M)


def test_every_flag_code_is_in_the_pdf_text(clinician, resistant_draft, tmp_path):
    html, data = render(resistant_draft)
    text = re.sub(r"\s+", " ", " ".join(pdf_text(data, tmp_path)))
    codes = re.findall(r"Rule ([A-Z0-9_.]+)</span>", html)
    assert len(codes) > 15
    for code in codes:
        assert code in text


def test_clinicians_markup_in_free_text_prints_as_text(clinician, tmp_path):
    note = "<script>alert(1)</script></div>"

    def edit(document):
        document["exclusions"][-1]["note"] = note
        document["treatments"][0]["dose"] = "<b>10 mg</b>"

    workup = draft_from("treatment_resistant_woman", clinician=clinician, edit=edit)
    _, data = render(workup)
    # Narrow cells wrap the note over lines, and the groups print two side by side: read the
    # text in reading order and compare without whitespace.
    text = re.sub(r"\s+", "", "".join(pdf_text(data, tmp_path, layout=False)))
    assert "<script>alert(1)</script></div>" in text
    assert "<b>10mg</b>" in text


def test_the_first_pdf_of_a_process_and_later_ones_use_the_same_stylesheet(clinician):
    workup = draft_from("first_visit_minimal", clinician=clinician)
    pdf.reset_cache()
    _, first = render(workup)
    _, second = render(workup)
    assert len(PdfReader(io.BytesIO(first)).pages) == len(PdfReader(io.BytesIO(second)).pages)


def test_pdf_text_as_pypdf_sees_it_has_the_mrn_on_every_page(clinician, signed_workup):
    data = services.signed_summary_bytes(workup=signed_workup)
    reader = PdfReader(io.BytesIO(data))
    for page in reader.pages:
        assert "C3310" in page.extract_text()


@pytest.mark.parametrize("enabled_before", [True, False])
def test_a_render_leaves_the_cycle_collector_as_it_found_it(enabled_before, monkeypatch):
    seen_during = []

    class Document:
        def write_pdf(self, **options):
            seen_during.append(gc.isenabled())
            raise RuntimeError("the render failed")

    class FakeWeasyPrint:
        @staticmethod
        def HTML(**options):
            return Document()

    monkeypatch.setattr(pdf, "_weasyprint", lambda: (FakeWeasyPrint, None, None))
    (gc.enable if enabled_before else gc.disable)()
    try:
        with pytest.raises(RuntimeError, match="the render failed"):
            pdf.html_to_pdf("<p>x</p>")
        assert (seen_during, gc.isenabled()) == ([False], enabled_before)
    finally:
        gc.enable()
