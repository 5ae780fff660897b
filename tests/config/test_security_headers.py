"""Response headers, and pages that work under the strict Content-Security-Policy."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.config.test_settings import A_REAL_KEY, run_manage, settings_value
from tests.conftest import PASSWORD, post_login, sign_in

PROJECT = Path(__file__).resolve().parents[2]

EXPECTED_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def csp_of(response):
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, _, value = part.strip().partition(" ")
        directives[name] = value
    return directives


@pytest.mark.parametrize("url_name", ["login", "healthz", "password_reset"])
def test_every_response_carries_the_security_headers(client, db, url_name):
    response = client.get(reverse(url_name))
    assert csp_of(response) == EXPECTED_CSP
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in permissions


def test_error_pages_and_redirects_carry_the_policy_too(client, db):
    assert "Content-Security-Policy" in client.get("/no-such-page/")
    assert "Content-Security-Policy" in client.get(reverse("home"))


def settings_values(names, **env):
    code = "from django.conf import settings as s; print(" + ", ".join(f"s.{n}" for n in names)
    return run_manage("shell", "--no-imports", "-c", code + ")", **env)


def test_hsts_and_secure_cookies_are_on_when_debug_is_off():
    result = settings_values(
        [
            "SECURE_HSTS_SECONDS",
            "SESSION_COOKIE_SECURE",
            "CSRF_COOKIE_SECURE",
            "SECURE_SSL_REDIRECT",
            "SESSION_COOKIE_HTTPONLY",
            "SESSION_EXPIRE_AT_BROWSER_CLOSE",
        ],
        DJANGO_SECRET_KEY=A_REAL_KEY,
    )
    assert result.stdout.strip() == "31536000 True True True True True", result.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DJANGO_SESSION_IDLE_MINUTES", "0"),
        ("DJANGO_SESSION_MAX_HOURS", "twelve"),
        ("DJANGO_LOGIN_COOLOFF_MINUTES", "0"),
        ("DJANGO_LOGIN_FAILURE_LIMIT", "0"),
        ("DJANGO_2FA_REQUIRED_FOR_STAFF", "maybe"),
    ],
)
def test_security_settings_from_the_environment_refuse_bad_values(variable, value):
    result = settings_value("DEBUG", DJANGO_SECRET_KEY=A_REAL_KEY, **{variable: value})
    assert result.returncode == 2
    assert result.stderr.startswith(f"Configuration error: {variable}=")


def test_security_settings_come_from_the_environment():
    result = settings_values(
        [
            "SESSION_IDLE_MINUTES",
            "SESSION_MAX_HOURS",
            "SESSION_COOKIE_AGE",
            "AXES_FAILURE_LIMIT",
            "AXES_COOLOFF_TIME.seconds",
            "AXES_FAILURE_WINDOW.seconds",
            "TWO_FACTOR_REQUIRED_FOR_STAFF",
        ],
        DJANGO_SECRET_KEY=A_REAL_KEY,
        DJANGO_SESSION_IDLE_MINUTES="10",
        DJANGO_SESSION_MAX_HOURS="8",
        DJANGO_LOGIN_FAILURE_LIMIT="3",
        DJANGO_LOGIN_COOLOFF_MINUTES="60",
        DJANGO_LOGIN_FAILURE_WINDOW_MINUTES="5",
        DJANGO_2FA_REQUIRED_FOR_STAFF="1",
    )
    assert result.stdout.strip() == "10 8 28800 3 3600 300 True", result.stderr


# --- markup that the Content-Security-Policy would block -------------------------------------

INLINE = [
    (re.compile(r"\sstyle\s*=", re.I), "a style attribute"),
    (re.compile(r"<style[\s>]", re.I), "a <style> element"),
    (re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.I), "an inline <script>"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "an inline event handler"),
    (re.compile(r"javascript:", re.I), "a javascript: URL"),
]


def inline_code_in(text):
    return [what for pattern, what in INLINE if pattern.search(text)]


def project_templates():
    roots = [PROJECT / "templates", *PROJECT.glob("*/templates")]
    return sorted(path for root in roots for path in root.rglob("*.html"))


@pytest.mark.parametrize("path", project_templates(), ids=lambda p: str(p.relative_to(PROJECT)))
def test_no_template_has_inline_script_or_style(path):
    assert inline_code_in(path.read_text()) == []


def test_the_pages_as_rendered_have_no_inline_script_or_style(admin_user, clinician):
    """Including what crispy-forms renders: the strict policy must not break any page."""
    admin_client, clinician_client = sign_in(Client(), admin_user), sign_in(Client(), clinician)
    pages = [
        (admin_client, "user_create"),
        (admin_client, "user_list"),
        (admin_client, "audit:event_list"),
        (admin_client, "home"),
        (clinician_client, "password_change"),
        (clinician_client, "two_factor"),
    ]
    for client, name in pages:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert inline_code_in(response.text) == [], name


def test_the_log_in_and_second_factor_pages_have_no_inline_script_or_style(client, clinician):
    assert inline_code_in(client.get(reverse("login")).text) == []
    post_login(client, clinician.username, PASSWORD)
    assert inline_code_in(client.get(reverse("two_factor_setup")).text) == []


def test_bootstrap_and_the_scripts_are_served_by_the_app_itself(clinician_client):
    page = clinician_client.get(reverse("home")).text
    for url in re.findall(r'(?:href|src)="([^"]+\.(?:css|js))"', page):
        assert url.startswith(settings.STATIC_URL) or url.startswith("/" + settings.STATIC_URL)
