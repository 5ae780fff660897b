"""render_summary(report) -> (html, pdf_bytes): the summary as print HTML and as a tagged PDF.

WeasyPrint is imported on first use (it costs a third of a second) and then kept warm: the
print stylesheet is parsed once into a ``weasyprint.CSS`` and the font configuration is made
once per process. The print document links no stylesheet (Bootstrap would triple the time);
``static/css/print.css`` is given to WeasyPrint directly.
"""

from __future__ import annotations

import contextlib
import gc
import threading

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from summaries.fetcher import BASE_URL, static_only_fetcher
from summaries.report import WorkupReport

PRINT_TEMPLATE = "summaries/summary_print.html"
PRINT_STYLESHEET = "css/print.css"
PDF_VARIANT = "pdf/ua-1"

_lock = threading.Lock()
_warm: dict = {}


def print_stylesheet_path() -> str:
    path = finders.find(PRINT_STYLESHEET)
    if not path:
        raise FileNotFoundError(f"static file {PRINT_STYLESHEET} not found")
    return path


def _weasyprint():
    """(weasyprint module, print stylesheet, font configuration), made once per process."""
    if not _warm:
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration

        fonts = FontConfiguration()
        with open(print_stylesheet_path(), encoding="utf-8") as handle:
            css = weasyprint.CSS(
                string=handle.read(),
                base_url=BASE_URL,
                url_fetcher=static_only_fetcher(),
                font_config=fonts,
            )
        _warm.update(module=weasyprint, css=css, fonts=fonts)
    return _warm["module"], _warm["css"], _warm["fonts"]


def reset_cache() -> None:
    """Forget the parsed stylesheet (after print.css changed)."""
    with _lock:
        _warm.clear()


def warm_up() -> None:
    with _lock:
        _weasyprint()


def render_html(report: WorkupReport) -> str:
    return render_to_string(PRINT_TEMPLATE, {"report": report})


def html_to_pdf(html: str) -> bytes:
    # One render at a time per process: the background print worker may share the process
    # with a request, and WeasyPrint's font machinery is not documented as thread-safe.
    with _lock, _cycle_collector_paused():
        weasyprint, css, fonts = _weasyprint()
        document = weasyprint.HTML(
            string=html, base_url=BASE_URL, url_fetcher=static_only_fetcher()
        )
        return document.write_pdf(
            stylesheets=[css], font_config=fonts, pdf_variant=PDF_VARIANT, uncompressed_pdf=False
        )


@contextlib.contextmanager
def _cycle_collector_paused():
    """A render allocates a few hundred thousand short-lived objects, and Python's cycle
    collector spent about a sixth of the render walking them. Paused for the render (one
    third of a second), it collects whatever cycles the render left once it resumes."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def render_summary(report: WorkupReport) -> tuple[str, bytes]:
    html = render_html(report)
    return html, html_to_pdf(html)
