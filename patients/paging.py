"""Pages of the patient list: how many patients there are, and which ones are on this page.

A search is counted exactly, but in the same query that fetches its page (each row carries the
total as ``COUNT(*) OVER ()``), so a name search walks its matches once, not twice. The whole
list of a large practice uses the database's estimate of its length instead of counting every
patient on every visit.
"""

from django.core.paginator import Page, Paginator
from django.db.models import Count, Window
from django.utils.functional import cached_property

from patients import selectors

PAGE_SIZE = 25


class CountedPaginator(Paginator):
    estimated = False


class KnownCountPaginator(CountedPaginator):
    """A paginator told its count (read off the page's own rows) instead of asking for it."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


class EstimatedPaginator(KnownCountPaginator):
    """The whole list: its length is the database's estimate (the page says "about")."""

    estimated = True


def page_of(patients, number, *, searching: bool) -> Page:
    """The page asked for (``number`` as typed in the URL), like ``Paginator.get_page``: not a
    number gives the first page, past the end the last. Searches are counted exactly; the
    whole list uses the estimate, except near its end, where the exact count decides."""
    per_page = PAGE_SIZE
    if searching:
        page = _page_counted_with_its_rows(patients, number, per_page)
        if page is not None:
            return page
    else:
        estimate = selectors.patient_count_estimate(patients)
        if estimate is not None:
            page = EstimatedPaginator(patients, per_page, count=estimate).get_page(number)
            if page.number < page.paginator.num_pages - 1:
                return page
    return CountedPaginator(patients, per_page).get_page(number)


def _page_counted_with_its_rows(patients, number, per_page: int) -> Page | None:
    """One query for the rows and the total; None for an empty page past the first, where
    only a separate count can say which page to show instead."""
    try:
        number = int(number) if number is not None else 1
    except (TypeError, ValueError):
        number = 1
    if number < 1:
        return None
    start = (number - 1) * per_page
    rows = list(patients.annotate(found=Window(Count("pk")))[start : start + per_page])
    if not rows and number > 1:
        return None
    paginator = KnownCountPaginator(patients, per_page, count=rows[0].found if rows else 0)
    return Page(rows, number, paginator)
