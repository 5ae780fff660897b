"""The log-in page, as a first-time visitor meets it."""

import pytest

pytestmark = pytest.mark.e2e


def test_the_login_page_is_accessible_and_refuses_a_wrong_password(visitor):
    visitor.journey = "0-first-visit"
    visitor.goto("/accounts/login/")
    visitor.screenshot("login")
    visitor.page.get_by_label("Username").fill("nobody")
    visitor.page.get_by_label("Password").fill("wrong-password-123")
    visitor.press("Log in")
    visitor.check_page("refused")
    assert visitor.page.locator(".alert-danger, .invalid-feedback, .errorlist").count() >= 1
