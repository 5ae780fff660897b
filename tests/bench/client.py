"""A small browser for loopback runs: cookies, CSRF tokens, the log-in with its second factor.

Standard library only (http.client). One connection per request, as the sync gunicorn workers
close each connection anyway. Every request has a timeout; only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import re
import struct
import time
import urllib.parse
from dataclasses import dataclass
from http.cookies import SimpleCookie

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REQUEST_TIMEOUT = 30.0


def totp(key_hex: str, *, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    """The code an authenticator app shows for this key (RFC 6238, SHA-1), as django-otp's
    TOTP devices check it."""
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes
    seconds: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")

    def csrf_token(self) -> str:
        match = CSRF_FIELD.search(self.text)
        if not match:
            raise AssertionError(f"no CSRF token in the page (status {self.status})")
        return match.group(1)


class LoginFailed(AssertionError):
    pass


def _local(location: str) -> str:
    """The path and query of a redirect (only redirects within the site are followed)."""
    parts = urllib.parse.urlsplit(location)
    if parts.netloc and parts.hostname != "127.0.0.1":
        raise AssertionError(f"redirect off the site: {location}")
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


class Browser:
    """One user's browser: its own cookies, talking to one or more loopback servers."""

    def __init__(self, base_url: str, *, user_agent: str = "fibro-perf"):
        self.base_url = base_url
        self.cookies: dict[str, str] = {}
        self.user_agent = user_agent

    def switch_to(self, base_url: str) -> None:
        """Continue on another server with the same cookies (another node, same site)."""
        self.base_url = base_url

    def request(self, method: str, path: str, form=None, *, timeout: float = REQUEST_TIMEOUT):
        parts = urllib.parse.urlsplit(self.base_url)
        if parts.hostname != "127.0.0.1":
            raise ValueError("loopback only")
        headers = {"Host": "127.0.0.1", "User-Agent": self.user_agent}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
        try:
            started = time.perf_counter()
            connection.request(method, path, body=body, headers=headers)
            raw = connection.getresponse()
            data = raw.read()
            seconds = time.perf_counter() - started
        finally:
            connection.close()
        self._keep_cookies(raw.headers)
        return Response(raw.status, raw.headers, data, seconds)

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, form, **kwargs) -> Response:
        return self.request("POST", path, form, **kwargs)

    def _keep_cookies(self, headers) -> None:
        for header in headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or not morsel.value or morsel.value == '""':
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def submit(self, page_path: str, fields: dict, *, action: str | None = None) -> Response:
        """GET a page, then POST its form with ``fields`` and the page's CSRF token."""
        page = self.get(page_path)
        if page.status != 200:
            raise AssertionError(f"GET {page_path}: {page.status}")
        return self.post(action or page_path, {"csrfmiddlewaretoken": page.csrf_token(), **fields})

    def log_in(self, username: str, password: str, totp_key: str) -> list[Response]:
        """Through the real pages: password, then the authenticator code. Returns the
        responses (for timing); raises LoginFailed unless the user ends up signed in."""
        responses = []
        page = self.get("/accounts/login/")
        responses.append(page)
        step = self.post(
            "/accounts/login/",
            {
                "csrfmiddlewaretoken": page.csrf_token(),
                "username": username,
                "password": password,
            },
        )
        responses.append(step)
        # The start page sends a user without the second factor yet to the code page.
        for _ in range(3):
            if step.status != 302 or "/2fa/verify/" in step.location:
                break
            step = self.get(_local(step.location))
            responses.append(step)
        if step.status != 302 or "/2fa/verify/" not in step.location:
            raise LoginFailed(f"{username}: password step gave {step.status} {step.location}")
        verify = _local(step.location)
        page = self.get(verify)
        responses.append(page)
        done = self.post(verify, {"csrfmiddlewaretoken": page.csrf_token(), "code": totp(totp_key)})
        responses.append(done)
        if done.status != 302 or "/accounts/" in done.location:
            raise LoginFailed(f"{username}: code step gave {done.status} {done.location}")
        return responses
