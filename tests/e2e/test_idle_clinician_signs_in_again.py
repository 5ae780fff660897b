"""Journey 5: a clinician saves a section, then leaves the screen. The page warns before the
idle timeout, the server signs them out when it passes, and after logging in again they are
back on the page they were on, with what they had saved.

Nobody waits a quarter of an hour: the page's clock is fast-forwarded, and the server's record
of the session's last activity is moved back by as much.
"""

import time

import pytest
from django.conf import settings
from playwright.sync_api import expect

from accounts.middleware import LAST_ACTIVITY
from tests.e2e.conftest import authenticator
from tests.e2e.workup_forms import document
from workup.importing import workup_import

pytestmark = pytest.mark.e2e


def idle(visitor, seconds):
    """Time passes with no request from this browser, on the page and on the server."""
    session = visitor.server_session()
    session[LAST_ACTIVITY] = time.time() - seconds
    session.save()
    visitor.page.clock.fast_forward(seconds * 1000)


def test_an_idle_clinician_is_signed_out_and_returns_where_they_were(visitor, clinician):
    workup = workup_import(
        facts=document("treatment_resistant_woman"), clinician_username=clinician.username
    ).workup
    lifestyle = f"{workup.get_absolute_url()}lifestyle/"
    device = authenticator(clinician)
    visitor.journey = "5-idle-clinician"
    page = visitor.page
    page.clock.install()
    visitor.log_in(clinician.username, device=device)

    visitor.goto(lifestyle)
    page.get_by_label("Aerobic exercise (minutes a week)").fill("150")
    page.get_by_label("Strength training (sessions a week)").fill("2")
    visitor.press("Save")
    visitor.expect_saved("Lifestyle: saved.")

    # Two minutes before the timeout the page warns, and offers to stay signed in.
    timeout = settings.SESSION_IDLE_MINUTES * 60
    idle(visitor, timeout - settings.SESSION_WARNING_SECONDS + 30)
    warning = page.get_by_role("alertdialog", name="Still there?")
    expect(warning).to_be_visible()
    expect(warning.get_by_role("button", name="Stay signed in")).to_be_focused()
    visitor.check_page("idle warning")
    visitor.screenshot("warning")

    # Nobody answers: past the timeout the page goes to the log-in page, which says why.
    idle(visitor, timeout + 5)
    expect(page).to_have_url(f"{visitor.base_url}/accounts/login/?next={lifestyle}")
    expect(page.get_by_role("status")).to_contain_text("signed out after")
    visitor.check_page("signed out")
    visitor.screenshot("signed-out")

    visitor.log_in(clinician.username, device=device)
    expect(page).to_have_url(f"{visitor.base_url}{lifestyle}")
    expect(page.get_by_label("Aerobic exercise (minutes a week)")).to_have_value("150")
    expect(page.get_by_label("Strength training (sessions a week)")).to_have_value("2")
    visitor.screenshot("back")
