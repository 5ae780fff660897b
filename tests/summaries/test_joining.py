"""Joining issued summaries into one printout: every page as issued, in order, and each
summary's own bookmarks under its label, pointing at the same pages they pointed at before."""

import io

import pikepdf
import pytest
import weasyprint
from pypdf import PdfReader

from summaries.joining import _pages_and_bookmarks, combine
from summaries.pdf import PDF_VARIANT


def tagged_pdf(name: str, pages: int) -> bytes:
    """A tagged PDF like an issued summary: one heading (and so one bookmark) per page."""
    body = "".join(
        f'<h2 style="break-before: page">{name} part {number}</h2><p>{name} text {number}</p>'
        for number in range(1, pages + 1)
    )
    html = f"<html lang='en'><head><title>{name}</title></head><body>{body}</body></html>"
    return weasyprint.HTML(string=html).write_pdf(pdf_variant=PDF_VARIANT)


@pytest.fixture(scope="module")
def summaries():
    return [(tagged_pdf("Abbott", 2), "Abbott, Ana"), (tagged_pdf("Baker", 3), "Baker, Bo")]


def outline_pages(data: bytes) -> list[tuple[str, int, list]]:
    """(title, page counted from 0, children) for each bookmark of a PDF."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        numbers = {page.objgen: number for number, page in enumerate(pdf.pages)}

        def read(items):
            return [
                (str(item.title), numbers[item.destination[0].objgen], read(item.children))
                for item in items
            ]

        with pdf.open_outline() as outline:
            return read(outline.root)


def page_texts(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def test_every_page_of_every_summary_comes_once_in_order(summaries):
    joined = combine(summaries, title="Batch print 1")

    expected = [text for data, _ in summaries for text in page_texts(data)]
    assert page_texts(joined) == expected
    assert PdfReader(io.BytesIO(joined)).metadata.title == "Batch print 1"


def test_each_summary_has_its_label_with_its_own_bookmarks_under_it(summaries):
    joined = combine(summaries, title="Batch print 1")

    assert outline_pages(joined) == [
        ("Abbott, Ana", 0, [("Abbott part 1", 0, []), ("Abbott part 2", 1, [])]),
        (
            "Baker, Bo",
            2,
            [("Baker part 1", 2, []), ("Baker part 2", 3, []), ("Baker part 3", 4, [])],
        ),
    ]


def test_a_summary_is_cut_down_to_its_pages_before_it_is_held_open(summaries):
    """Its structure tree is what makes an open summary large; a joined file cannot keep it."""
    issued, _ = summaries[1]
    pages, bookmarks = _pages_and_bookmarks(issued)

    with pikepdf.open(io.BytesIO(issued)) as whole, pikepdf.open(io.BytesIO(pages)) as cut:
        assert "/StructTreeRoot" in whole.Root
        assert "/StructTreeRoot" not in cut.Root
        assert len(cut.objects) < len(whole.objects)
    assert page_texts(pages) == page_texts(issued)
    assert [(b.title, b.page) for b in bookmarks] == [
        ("Baker part 1", 0),
        ("Baker part 2", 1),
        ("Baker part 3", 2),
    ]
