"""Joining issued summary PDFs into one printout, each summary's pages exactly as signed.

Imported by the print job when it runs, not before: pikepdf costs a web process about 15 MB it
needs only while making a batch."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pikepdf


def combine(parts: list[tuple[bytes, str]], *, title: str) -> bytes:
    """One PDF of the given PDFs in order, a bookmark each with the summary's own bookmarks
    under it. Each summary keeps its own pages as issued, numbered "Page n of N" of that summary
    alone, and no blank page is added: a page that says nothing would read as a missing one.

    Joined with pikepdf (qpdf), which copies the pages' objects without parsing them into
    Python. The pages copied into the joined file still read the file they came from until it
    is written, so every summary stays open until then: each is first cut down to its pages
    (``_pages_and_bookmarks``)."""
    combined = pikepdf.new()
    sources = []  # kept open until the combined file is written: its pages still read them
    with combined.open_outline() as outline:
        for data, label in parts:
            pages, bookmarks = _pages_and_bookmarks(data)
            source = pikepdf.open(io.BytesIO(pages))
            sources.append(source)
            first_page = len(combined.pages)
            combined.pages.extend(source.pages)
            item = pikepdf.OutlineItem(label, first_page)
            item.children.extend(_outline_items(bookmarks, first_page))
            outline.root.append(item)
    combined.docinfo["/Title"] = title
    combined.docinfo["/Producer"] = "Workup summaries, batch print"
    combined.Root.PageMode = pikepdf.Name.UseOutlines
    out = io.BytesIO()
    combined.save(out)
    for source in sources:
        source.close()
    return out.getvalue()


@dataclass(frozen=True)
class Bookmark:
    title: str
    page: int  # counted from 0 within its summary
    children: tuple[Bookmark, ...]


def _pages_and_bookmarks(data: bytes) -> tuple[bytes, tuple[Bookmark, ...]]:
    """A summary's pages alone, as a PDF of their own, and its bookmarks by page number.

    An issued summary is tagged (PDF/UA): nine in ten of its objects are its structure tree,
    which pages copied into another file leave behind anyway, but which qpdf holds in memory
    for as long as the file is open. Open whole, 200 summaries held about 2.5 MB each until
    the batch was written; cut down to their pages, about a tenth of that."""
    with pikepdf.open(io.BytesIO(data)) as source:
        bookmarks = _bookmarks(source)
        pages_only = pikepdf.new()
        pages_only.pages.extend(source.pages)
        out = io.BytesIO()
        pages_only.save(out)
    return out.getvalue(), bookmarks


def _bookmarks(source) -> tuple[Bookmark, ...]:
    """The source's bookmarks with the page each points at (its first page when it points at
    none)."""
    page_numbers = {page.objgen: number for number, page in enumerate(source.pages)}

    def read(items) -> tuple[Bookmark, ...]:
        return tuple(
            Bookmark(
                title=str(item.title),
                page=_destination_page(item, page_numbers) or 0,
                children=read(item.children),
            )
            for item in items
        )

    with source.open_outline() as outline:
        return read(outline.root)


def _outline_items(bookmarks: tuple[Bookmark, ...], first_page: int) -> list:
    """The bookmarks as outline items pointing at their pages' places in the joined file."""
    items = []
    for bookmark in bookmarks:
        item = pikepdf.OutlineItem(bookmark.title, first_page + bookmark.page)
        item.children.extend(_outline_items(bookmark.children, first_page))
        items.append(item)
    return items


def _destination_page(item, page_numbers: dict) -> int | None:
    destination = item.destination
    if destination is None and item.action is not None:
        destination = item.action.get("/D")
    if destination is None or len(destination) == 0:
        return None
    return page_numbers.get(destination[0].objgen)
