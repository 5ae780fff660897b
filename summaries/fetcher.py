"""The only way the PDF renderer may load anything: the app's own static files and data: URLs.

No network (http, https, ftp), hence no redirects either, and no file:// outside the static
folders: a summary holds free text typed by clinicians, and whatever slips into its markup must
not make the server read local files or call other hosts. Refusals are logged and raise, so
WeasyPrint leaves the resource out.

Static files are addressed the way templates write them (``{% static %}``, resolved against the
document's base URL ``file:///``): ``file:///static/css/print.css``. A file:// URL of a real
path is also accepted when that path lies inside a static folder.
"""

from __future__ import annotations

import logging
import mimetypes
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders

logger = logging.getLogger(__name__)

BASE_URL = "file:///"
ALLOWED_SCHEMES = ("data", "file")
MAX_DATA_URL = 2_000_000


class FetchRefused(ValueError):
    """The summary tried to load something it may not."""


def static_prefix() -> str:
    """The URL path of static files, e.g. ``/static/``."""
    prefix = urlsplit(settings.STATIC_URL).path
    prefix = prefix if prefix.startswith("/") else "/" + prefix
    return prefix if prefix.endswith("/") else prefix + "/"


@cache
def _static_roots() -> tuple[Path, ...]:
    roots = []
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            location = getattr(storage, "location", None)
            if location:
                roots.append(Path(location).resolve())
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT).resolve())
    return tuple(dict.fromkeys(roots))


def _inside_static(path: Path) -> bool:
    return any(path == root or root in path.parents for root in _static_roots())


def resolve_static(url_path: str) -> Path:
    """The file behind a ``/static/...`` path or a real path inside a static folder."""
    prefix = static_prefix()
    relative = None
    if url_path.startswith(prefix):
        relative = url_path[len(prefix) :]
    candidates = []
    if relative is not None:
        if not relative or any(part in ("..", "") for part in relative.split("/")):
            raise FetchRefused(f"not a static file: {url_path}")
        found = finders.find(relative)
        if found:
            candidates.append(Path(found))
        if settings.STATIC_ROOT:
            candidates.append(Path(settings.STATIC_ROOT) / relative)
    candidates.append(Path(url_path))
    for candidate in candidates:
        resolved = candidate.resolve()
        if resolved.is_file() and _inside_static(resolved):
            return resolved
    raise FetchRefused(f"not a static file: {url_path}")


def _make_fetcher_class():
    """Subclass WeasyPrint's URLFetcher (imported lazily: WeasyPrint is slow to import)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyURLFetcher(URLFetcher):
        def __init__(self):
            super().__init__(
                timeout=2,
                allowed_protocols=ALLOWED_SCHEMES,
                allow_redirects=False,
                fail_on_errors=False,
            )

        def fetch(self, url, headers=None):
            try:
                return self._fetch(url)
            except FetchRefused as refusal:
                logger.warning("summary PDF: refused to load %s (%s)", url[:200], refusal)
                raise

        def _fetch(self, url):
            scheme = url.split(":", 1)[0].lower() if ":" in url else ""
            if scheme == "data":
                if len(url) > MAX_DATA_URL:
                    raise FetchRefused("data: URL too large")
                return super().fetch(url)
            if scheme != "file":
                raise FetchRefused(f"scheme {scheme or '(none)'!r} is not allowed")
            parts = urlsplit(url)
            if parts.netloc not in ("", "localhost"):
                raise FetchRefused("file URL with a host")
            path = resolve_static(unquote(parts.path))
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                url, body=path.read_bytes(), headers={"Content-Type": content_type}
            )

        def open(self, url, data=None, timeout=None):
            # Nothing may reach urllib's openers directly (they know http, ftp and file).
            target = getattr(url, "full_url", url)
            return self.fetch(target)

    return StaticOnlyURLFetcher


_fetcher_class = None


def static_only_fetcher():
    global _fetcher_class
    if _fetcher_class is None:
        _fetcher_class = _make_fetcher_class()
    return _fetcher_class()
