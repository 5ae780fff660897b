"""Journey 1: the practice's administrator opens accounts for a new clinician and a new member
of staff. The set-password links go to their e-mail only (never to the administrator's page),
and the practice's other administrator is told; each newcomer then chooses a password and sets
up two-factor authentication with it."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.roles import Role
from tests.conftest import make_user
from tests.e2e.conftest import authenticator, code_from_key

pytestmark = pytest.mark.e2e

NEW_PASSWORD = "spring-meadow-lantern-42"


def link_for(address):
    (message,) = [m for m in mail.outbox if address in m.to]
    return re.search(r"https?://\S+", message.body).group(0)


def newcomer_sets_up(visitor, username, address):
    """Follow the e-mailed link, choose a password, log in and set up the authenticator app
    from the key the page shows (the password asked again beside the first code)."""
    visitor.goto(link_for(address).removeprefix(visitor.base_url))
    visitor.page.get_by_label("New password").first.fill(NEW_PASSWORD)
    visitor.page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    visitor.press("Set password")

    visitor.goto("/accounts/login/")
    visitor.page.get_by_label("Username").fill(username)
    visitor.page.get_by_label("Password").fill(NEW_PASSWORD)
    visitor.press("Log in")
    expect(
        visitor.page.get_by_role("heading", name="Set up two-factor authentication")
    ).to_be_visible()
    visitor.screenshot("two-factor-setup")
    key = visitor.page.locator("#totp-key").inner_text()
    visitor.page.get_by_label("Your password").fill(NEW_PASSWORD)
    visitor.page.get_by_label("Six-digit code from the app").fill(code_from_key(key))
    visitor.press("Confirm")
    expect(visitor.page.get_by_role("heading", name="Your recovery codes")).to_be_visible()


def test_an_admin_creates_a_clinician_and_a_staff_user(visitor_factory, admin_user):
    make_user("office_admin", Role.ADMIN, email="office@example.org")
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
    main = admin.page.get_by_role("main")
    expect(main).to_contain_text("was e-mailed to ama.osei@example.org")
    expect(main).not_to_contain_text("/accounts/password/reset/")
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

    # The other administrator is told who opened which account, without the link.
    told = [m for m in mail.outbox if m.to == ["office@example.org"]]
    assert [m.subject.split(": ", 1)[1] for m in told] == [
        "it_admin created the account dr_osei",
        "it_admin created the account reception_lee",
    ]
    assert not any("/accounts/password/" in m.body for m in told)

    # The new clinician follows the link from their e-mail, chooses a password, and sets up
    # their authenticator app with it.
    clinician = visitor_factory("1-new-clinician")
    newcomer_sets_up(clinician, "dr_osei", "ama.osei@example.org")
    clinician.screenshot("recovery-codes")
    clinician.follow("I have kept them, continue")
    expect(clinician.page.get_by_role("heading", name="Welcome, Ama Osei")).to_be_visible()
    expect(clinician.page.get_by_role("link", name="Register a patient")).to_be_visible()

    # So does the new member of staff: a second factor is required for staff too.
    staff = visitor_factory("1-new-staff")
    newcomer_sets_up(staff, "reception_lee", "jordan.lee@example.org")
    staff.follow("I have kept them, continue")
    expect(staff.page.get_by_role("heading", name="Welcome, Jordan Lee")).to_be_visible()
