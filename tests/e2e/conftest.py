"""Browser journeys: Playwright driving Debian's Chromium against a live server on loopback.

Every page a journey visits is checked with axe-core (no serious or critical violation: among
them every form control without a label), for Content-Security-Policy violations, script
errors and missing static files; key pages are saved as screenshots under artifacts/e2e/
(git-ignored) for people to look at, and every open tab's page when a journey fails.

People log in the way they do at the practice: username and password on the log-in page,
then the six-digit code of their authenticator app (computed here from the device's key).
"""

import io
import os
import re
import time
from base64 import b32decode
from importlib import import_module
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the test database is used from it
# through Django's ORM, which is safe here because nothing else runs concurrently.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from django.conf import settings
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect, sync_playwright

from tests.conftest import PASSWORD

PROJECT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
AXE_SOURCE = PROJECT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = PROJECT / "artifacts" / "e2e"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SERIOUS = {"serious", "critical"}
# Expectations (expect(...)) wait this long for the page to catch up.
expect.set_options(timeout=10_000)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM} (scripts/e2e.sh installs it)")
    if not AXE_SOURCE.exists():
        pytest.fail(f"axe-core is not installed at {AXE_SOURCE} (make setup installs it)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# --- Second factor --------------------------------------------------------------------------


def authenticator(user) -> TOTPDevice:
    """The user's authenticator app, already set up (a confirmed TOTP device)."""
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def code_from_key(base32_key: str) -> str:
    """What an authenticator app set up with this key (as the enrolment page shows it) reads."""
    key = "".join(base32_key.split()).upper()
    key = b32decode(key + "=" * (-len(key) % 8))
    return str(hotp(key, int(time.time()) // 30, 6)).zfill(6)


def next_code(device: TOTPDevice) -> str:
    """The code the server accepts next from this device: the current one, or the next step's
    when the current one was used already (each code works once); waits when neither is left."""
    while True:
        device.refresh_from_db()
        now = time.time()
        current = int((now - device.t0) // device.step) + device.drift
        step = max(current, device.last_t + 1)
        if step <= current + device.tolerance:
            return str(hotp(device.bin_key, step, device.digits)).zfill(device.digits)
        time.sleep(device.step - (now - device.t0) % device.step + 0.1)


# --- The visitor ----------------------------------------------------------------------------


class Visitor:
    """One person's browser tab, with the checks every visited page must pass."""

    def __init__(self, page, base_url, journey):
        self.page = page
        self.base_url = base_url
        self.journey = journey
        self.problems = []
        self.checked = set()
        page.on("console", self._watch_console)
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        page.on("response", self._watch_response)

    def _watch_console(self, message):
        if "Content Security Policy" in message.text or "Refused to" in message.text:
            self.problems.append(f"CSP: {message.text}")

    def _watch_response(self, response):
        if "/static/" in response.url and response.status >= 400:
            self.problems.append(f"static file {response.url}: {response.status}")

    @property
    def path(self) -> str:
        return self.page.url.removeprefix(self.base_url)

    def goto(self, path, *, state=""):
        self.page.goto(self.base_url + path)
        self.check_page(state)

    def follow(self, name, *, role="link", exact=True):
        """Click a link (or a button) that leads to another page, and check that page."""
        with self.page.expect_navigation():
            self.page.get_by_role(role, name=name, exact=exact).click()
        self.check_page()

    def press(self, name, *, exact=True):
        """Click a submit button and check the page that comes back."""
        self.follow(name, role="button", exact=exact)

    def check_page(self, state=""):
        """axe-core on the current page (once per distinct path and state), and no CSP
        violation, script error or missing static file so far."""
        assert not self.problems, self.problems
        path = re.sub(r"\d+", "N", self.path.split("?")[0])
        if (path, state) in self.checked:
            return
        self.checked.add((path, state))
        if not self.page.evaluate("() => typeof window.axe !== 'undefined'"):
            # Evaluated through the DevTools protocol, which the page's CSP does not govern.
            self.page.evaluate("(source) => { (0, eval)(source); }", AXE_SOURCE.read_text())
        violations = self.page.evaluate(
            "async () => (await axe.run()).violations"
            ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
            " nodes: v.nodes.map(n => n.target.join(' '))}))"
        )
        serious = [v for v in violations if v["impact"] in SERIOUS]
        where = f"{path} ({state})" if state else path
        assert not serious, f"accessibility violations on {where}: {serious}"

    def screenshot(self, name):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=SCREENSHOTS / f"{self.journey}-{name}.png", full_page=True)

    # The log-in, as people do it.

    def log_in(self, username, *, device=None, password=PASSWORD):
        """Username and password, then (for a user with an authenticator) the app's code; ends
        on the page that was asked for."""
        if "/accounts/login/" not in self.page.url:
            self.goto("/accounts/login/")
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(password)
        self.press("Log in")
        if device is not None:
            expect(self.page.get_by_role("heading", name="Enter your code")).to_be_visible()
            self.page.get_by_label("Code").fill(next_code(device))
            self.press("Continue")
        expect(self.page.get_by_role("button", name="Log out")).to_be_visible()
        expect(self.page.get_by_label("Code")).to_have_count(0)

    def server_session(self):
        """This browser's session as the server stores it."""
        cookies = {c["name"]: c["value"] for c in self.page.context.cookies()}
        store = import_module(settings.SESSION_ENGINE).SessionStore
        return store(session_key=cookies[settings.SESSION_COOKIE_NAME])

    def expect_saved(self, text):
        expect(self.page.get_by_role("status").filter(has_text=text)).to_be_visible()

    def expect_error_announced(self, label, message, *, exact=False):
        """The field is marked invalid, and its description (what a screen reader reads with
        it) is the error message, shown right next to it."""
        field = self.page.get_by_label(label, exact=exact)
        expect(field).to_have_attribute("aria-invalid", "true")
        described_by = (field.get_attribute("aria-describedby") or "").split()
        # Next to the field: the message is a sibling of the field, and visible.
        beside = field.locator("xpath=..")
        errors = [beside.locator(f"#{ident}") for ident in described_by]
        errors = [error for error in errors if error.count() and message in error.inner_text()]
        assert errors, f"{label!r}: {message!r} is not among its descriptions {described_by}"
        expect(errors[0]).to_be_visible()


def pytest_collection_modifyitems(items):
    """Journeys run against the live server, which sees only committed data: each gets a
    transactional database, restored afterwards to what the migrations made (roles and
    groups included) for the next journey."""
    for item in items:
        if "live_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.journey_failed = report.failed
    return report


@pytest.fixture
def visitor_factory(browser, live_server, request):
    visitors = []

    def open_tab(journey=None):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        visitor = Visitor(context.new_page(), live_server.url, journey or request.node.name)
        visitors.append(visitor)
        return visitor

    yield open_tab
    for visitor in visitors:
        if getattr(request.node, "journey_failed", False):
            visitor.screenshot("FAILED")
        else:
            (SCREENSHOTS / f"{visitor.journey}-FAILED.png").unlink(missing_ok=True)
        visitor.page.context.close()


@pytest.fixture
def visitor(visitor_factory):
    return visitor_factory()


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
