from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next_url(request, candidate: str | None, default: str | None = None) -> str:
    """``candidate`` if it is a path on this site, otherwise ``default`` (the start page)."""
    candidate = candidate or ""
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default or resolve_url(settings.LOGIN_REDIRECT_URL)


def redirect_to_next(request, candidate: str | None, default: str | None = None):
    return HttpResponseRedirect(safe_next_url(request, candidate, default))
