"""Journey 1: the practice's administrator opens accounts for a new clinician and a new member
of staff; the clinician then chooses a password and sets up two-factor authentication."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.e2e.conftest import authenticator, code_from_key

pytestmark = pytest.mark.e2e

NEW_PASSWORD = "spring-meadow-lantern-42"


def test_an_admin_creates_a_clinician_and_a_staff_user(visitor_factory, admin_user):
    admin = visitor_factory("1-admin")
    admin.log_in(admin_user.username, device=authenticator(admin_user))
    expect(admin.page.get_by_role("heading", name="Welcome, Alex Berg")).to_be_visible()
    admin.screenshot("home")

    admin.follow("Users")
    admin.follow("New user")
    admin.screenshot("new-user-form")

    # Submitted without a role and with a bad e-mail address: the errors sit by their fields.
    admin.page.get_by_label("Username").fill("dr_osei")
    admin.page.get_by_label("First name").fill("Ama")
    admin.page.get_by_label("Last name").fill("Osei")
    admin.page.get_by_label("Email address").fill("ama.osei@")
    admin.press("Create account")
    admin.check_page("errors")
    admin.expect_error_announced("Email address", "Enter a valid email address.")
    admin.screenshot("new-user-errors")
    expect(admin.page.get_by_label("Username")).to_have_value("dr_osei")

    admin.page.get_by_label("Email address").fill("ama.osei@example.org")
    admin.page.get_by_label("Clinician").check()
    admin.press("Create account")
    expect(admin.page.get_by_role("heading", name="Account created: dr_osei")).to_be_visible()
    admin.screenshot("clinician-created")
    admin.follow("Done")

    admin.follow("Users")
    admin.follow("New user")
    admin.page.get_by_label("Username").fill("reception_lee")
    admin.page.get_by_label("First name").fill("Jordan")
    admin.page.get_by_label("Last name").fill("Lee")
    admin.page.get_by_label("Email address").fill("jordan.lee@example.org")
    admin.page.get_by_label("Practice staff").check()
    admin.press("Create account")
    expect(admin.page.get_by_role("heading", name="Account created: reception_lee")).to_be_visible()

    admin.follow("Users")
    rows = admin.page.get_by_role("row")
    expect(rows.filter(has_text="dr_osei")).to_contain_text("Clinician")
    expect(rows.filter(has_text="reception_lee")).to_contain_text("Practice staff")
    admin.screenshot("user-list")

    # The new clinician follows the link from their e-mail, chooses a password, and sets up
    # their authenticator app from the key the page shows.
    (message,) = [m for m in mail.outbox if "ama.osei@example.org" in m.to]
    link = re.search(r"https?://\S+", message.body).group(0)
    clinician = visitor_factory("1-new-clinician")
    clinician.goto(link.removeprefix(clinician.base_url))
    clinician.page.get_by_label("New password").first.fill(NEW_PASSWORD)
    clinician.page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    clinician.press("Set password")

    clinician.goto("/accounts/login/")
    clinician.page.get_by_label("Username").fill("dr_osei")
    clinician.page.get_by_label("Password").fill(NEW_PASSWORD)
    clinician.press("Log in")
    expect(
        clinician.page.get_by_role("heading", name="Set up two-factor authentication")
    ).to_be_visible()
    clinician.screenshot("two-factor-setup")
    key = clinician.page.locator("#totp-key").inner_text()
    clinician.page.get_by_label("Six-digit code from the app").fill(code_from_key(key))
    clinician.press("Confirm")
    expect(clinician.page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    clinician.screenshot("recovery-codes")
    clinician.follow("I have kept them, continue")
    expect(clinician.page.get_by_role("heading", name="Welcome, Ama Osei")).to_be_visible()
    expect(clinician.page.get_by_role("link", name="Register a patient")).to_be_visible()
