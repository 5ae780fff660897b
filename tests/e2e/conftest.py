"""Browser journeys: Playwright driving Debian's Chromium against a live server on loopback.

Every page a journey visits is checked with axe-core (no serious or critical violation) and
for Content-Security-Policy violations; key pages are saved as screenshots under
artifacts/e2e/ (git-ignored) for people to look at.
"""

import os
import re
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the test database is used from it
# through Django's ORM, which is safe here because nothing else runs concurrently.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import sync_playwright

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


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM} (scripts/e2e.sh installs it)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Visitor:
    """One person's browser tab, with the checks every visited page must pass."""

    def __init__(self, page, base_url, journey):
        self.page = page
        self.base_url = base_url
        self.journey = journey
        self.csp_violations = []
        self.checked = set()
        page.on("console", self._watch_console)

    def _watch_console(self, message):
        if "Content Security Policy" in message.text or "Refused to" in message.text:
            self.csp_violations.append(message.text)

    def goto(self, path):
        self.page.goto(self.base_url + path)
        self.check_page()

    def check_page(self):
        """axe-core on the current page (once per distinct path), and no CSP violation."""
        assert not self.csp_violations, self.csp_violations
        path = re.sub(r"\d+", "N", self.page.url.removeprefix(self.base_url).split("?")[0])
        if path in self.checked:
            return
        self.checked.add(path)
        if not self.page.evaluate("() => typeof window.axe !== 'undefined'"):
            # Evaluated through the DevTools protocol, which the page's CSP does not govern.
            self.page.evaluate("(source) => { (0, eval)(source); }", AXE_SOURCE.read_text())
        violations = self.page.evaluate(
            "async () => (await axe.run()).violations"
            ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
            " nodes: v.nodes.map(n => n.target.join(' '))}))"
        )
        serious = [v for v in violations if v["impact"] in SERIOUS]
        assert not serious, f"accessibility violations on {path}: {serious}"

    def screenshot(self, name):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=SCREENSHOTS / f"{self.journey}-{name}.png", full_page=True)


@pytest.fixture
def visitor_factory(browser, live_server, request):
    contexts = []

    def open_tab(journey=None):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        return Visitor(context.new_page(), live_server.url, journey or request.node.name)

    yield open_tab
    for context in contexts:
        context.close()


@pytest.fixture
def visitor(visitor_factory):
    return visitor_factory()
