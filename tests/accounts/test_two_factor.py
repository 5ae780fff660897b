"""Two-factor authentication: enrolment by QR code and password, verification after the
password, recovery codes, who must use it, and the administrators' reset."""

import re
import time

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.roles import Role
from audit import actions
from audit.models import AuditEvent
from tests.conftest import (
    PASSWORD,
    make_user,
    post_login,
    sign_in,
    sign_in_with_password_only,
    totp_code,
)

VERIFY_URL = reverse("two_factor_verify")
SETUP_URL = reverse("two_factor_setup")


def confirmed_device(user):
    return TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)


def enrol(client, user):
    """Log in with the password and go through enrolment; returns (device, recovery codes)."""
    post_login(client, user.username, PASSWORD)
    client.get(SETUP_URL)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(SETUP_URL, {"password": PASSWORD, "code": totp_code(device)})
    assert response.status_code == 200
    codes = re.findall(r'<li class="col">([a-z2-7]{4}-[a-z2-7]{4})</li>', response.text)
    device.refresh_from_db()
    return device, codes


def test_after_the_password_a_clinician_with_a_device_is_asked_for_a_code(client, clinician):
    confirmed_device(clinician)
    response = post_login(client, clinician.username, PASSWORD)
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY_URL}?next=/"


def test_a_correct_code_verifies_the_session_and_returns_to_the_page_asked_for(client, clinician):
    device = confirmed_device(clinician)
    post_login(client, clinician.username, PASSWORD)
    key_before = client.session.session_key
    response = client.post(VERIFY_URL, {"code": totp_code(device), "next": "/patients/?q=ana"})
    assert response.status_code == 302
    assert response["Location"] == "/patients/?q=ana"
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.session.session_key != key_before, "the session key rotates on verification"
    assert client.get(reverse("home")).status_code == 200
    assert AuditEvent.objects.filter(actor=clinician, action=actions.TWO_FACTOR_VERIFIED).exists()


@pytest.mark.parametrize("elsewhere", ["https://evil.example/", "//evil.example", "' OR '1'='1"])
def test_the_next_address_after_verification_never_leaves_the_site(client, clinician, elsewhere):
    device = confirmed_device(clinician)
    post_login(client, clinician.username, PASSWORD)
    response = client.post(VERIFY_URL, {"code": totp_code(device), "next": elsewhere})
    assert response["Location"] == reverse("home")
    assert client.get(VERIFY_URL, {"next": elsewhere})["Location"] == reverse("home")


def test_a_wrong_code_is_refused_and_recorded_as_a_failed_log_in(client, clinician):
    device = confirmed_device(clinician)
    post_login(client, clinician.username, PASSWORD)
    wrong = str((int(totp_code(device)) + 1) % 1_000_000).zfill(6)
    response = client.post(VERIFY_URL, {"code": wrong})
    assert response.status_code == 200
    assert "That code did not match" in response.text
    assert client.get(reverse("home"))["Location"].startswith(VERIFY_URL)
    event = AuditEvent.objects.get(action=actions.LOGIN_FAILED)
    assert event.detail == {"username": clinician.username, "step": "second_factor"}


def test_a_code_cannot_be_used_twice(client, clinician):
    device = confirmed_device(clinician)
    code = totp_code(device)
    post_login(client, clinician.username, PASSWORD)
    assert client.post(VERIFY_URL, {"code": code}).status_code == 302
    client.post(reverse("logout"))
    other = Client()
    post_login(other, clinician.username, PASSWORD)
    device.refresh_from_db()
    device.throttle_reset()
    response = other.post(VERIFY_URL, {"code": code})
    assert response.status_code == 200, "a replayed code is refused"


def test_five_wrong_codes_end_the_session_and_lock_the_log_in(client, clinician):
    device = confirmed_device(clinician)
    post_login(client, clinician.username, PASSWORD)
    for _ in range(5):
        device.refresh_from_db()
        device.throttle_reset()  # the per-device delay is tested by django-otp itself
        response = client.post(VERIFY_URL, {"code": "000000"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    again = post_login(client, clinician.username, PASSWORD)
    assert again.status_code == 429, "the password step is locked too"
    assert AuditEvent.objects.filter(action=actions.LOGIN_LOCKED_OUT).exists()


def test_enrolment_shows_an_inline_svg_qr_code_and_the_key_to_type(client, clinician):
    post_login(client, clinician.username, PASSWORD)
    response = client.get(SETUP_URL)
    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=clinician, confirmed=False)
    html = response.text
    assert '<div role="img" aria-label="QR code' in html
    assert "<svg " in html
    assert "data:" not in html
    assert "<script>" not in html
    grouped_key = re.search(r'<code [^>]*id="totp-key">([A-Z2-7 ]+)</code>', html).group(1)
    assert grouped_key.replace(" ", "") in device.config_url
    assert client.get(SETUP_URL).text.count(grouped_key) == 1, "a reload keeps the same key"


def test_enrolment_confirms_the_device_and_shows_ten_one_time_recovery_codes(client, clinician):
    device, codes = enrol(client, clinician)
    assert device.confirmed
    assert len(codes) == 10 and len(set(codes)) == 10
    assert StaticDevice.objects.get(user=clinician).token_set.count() == 10
    assert client.get(reverse("home")).status_code == 200, "the session is verified"
    assert client.get(SETUP_URL)["Location"] == reverse("two_factor")
    assert AuditEvent.objects.filter(actor=clinician, action=actions.TWO_FACTOR_ENROLLED).exists()


def test_a_wrong_enrolment_code_confirms_nothing(client, clinician):
    post_login(client, clinician.username, PASSWORD)
    client.get(SETUP_URL)
    response = client.post(SETUP_URL, {"password": PASSWORD, "code": "123456x"})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert not TOTPDevice.objects.filter(user=clinician, confirmed=True).exists()
    assert client.get(reverse("home"))["Location"].startswith(SETUP_URL)


def test_a_recovery_code_works_once(client, clinician):
    _, codes = enrol(client, clinician)
    client.post(reverse("logout"))
    post_login(client, clinician.username, PASSWORD)
    response = client.post(VERIFY_URL, {"code": codes[0].upper().replace("-", " ")})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert AuditEvent.objects.get(action=actions.RECOVERY_CODE_USED).detail == {
        "recovery_codes_left": 9
    }
    client.post(reverse("logout"))
    post_login(client, clinician.username, PASSWORD)
    StaticDevice.objects.get(user=clinician).throttle_reset()
    assert client.post(VERIFY_URL, {"code": codes[0]}).status_code == 200


def test_new_recovery_codes_replace_the_old_ones(client, clinician):
    _, old_codes = enrol(client, clinician)
    response = client.post(reverse("two_factor_recovery_codes"))
    new_codes = re.findall(r'<li class="col">([a-z2-7]{4}-[a-z2-7]{4})</li>', response.text)
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
    tokens = set(StaticDevice.objects.get(user=clinician).token_set.values_list("token", flat=True))
    assert tokens == {code.replace("-", "") for code in new_codes}


def test_someone_with_only_the_password_cannot_replace_an_existing_authenticator(client, clinician):
    device = confirmed_device(clinician)
    post_login(client, clinician.username, PASSWORD)
    response = client.get(SETUP_URL)
    assert response.status_code == 302 and response["Location"].startswith(VERIFY_URL)
    assert list(TOTPDevice.objects.filter(user=clinician)) == [device]


@pytest.mark.parametrize("persona", ["clinician", "admin_user"])
def test_clinicians_and_admins_must_enrol_before_anything_else(client, db, request, persona):
    user = request.getfixturevalue(persona)
    post_login(client, user.username, PASSWORD)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP_URL}?next=/"


def test_staff_must_enrol_by_default(client, staff):
    post_login(client, staff.username, PASSWORD)
    assert client.get(reverse("home"))["Location"] == f"{SETUP_URL}?next=/"


def test_staff_need_no_second_factor_when_the_practice_turns_it_off(client, staff, settings):
    settings.TWO_FACTOR_REQUIRED_FOR_STAFF = False
    post_login(client, staff.username, PASSWORD)
    assert client.get(reverse("home")).status_code == 200


def test_staff_who_set_up_a_device_must_use_it(client, staff):
    confirmed_device(staff)
    post_login(client, staff.username, PASSWORD)
    assert client.get(reverse("home"))["Location"].startswith(VERIFY_URL)


def test_a_user_without_a_role_must_enrol(client, db):
    user = make_user("no_role", None)
    post_login(client, user.username, PASSWORD)
    assert client.get(reverse("home"))["Location"].startswith(SETUP_URL)


def test_log_out_works_before_the_second_factor(client, clinician):
    post_login(client, clinician.username, PASSWORD)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_an_admin_reset_of_the_second_factor_is_audited_and_ends_every_session_of_the_user(
    client, admin_user, clinician
):
    laptop = sign_in(Client(), clinician)
    half_signed_in = sign_in_with_password_only(Client(), clinician)
    sign_in(client, admin_user)
    response = client.post(reverse("user_second_factor_reset", args=[clinician.pk]), follow=True)
    assert "signed out everywhere" in response.text
    assert not TOTPDevice.objects.filter(user=clinician).exists()
    event = AuditEvent.objects.get(action=actions.USER_TWO_FACTOR_RESET)
    assert (event.actor, event.target_id, event.detail) == (
        admin_user,
        str(clinician.pk),
        {"devices": 1},
    )
    for session in (laptop, half_signed_in):
        assert session.get(reverse("home"))["Location"] == f"{reverse('login')}?next=/"
        assert "_auth_user_id" not in session.session
    # They log in again with their password and set up a new authenticator.
    device, codes = enrol(Client(), clinician)
    assert device.confirmed and len(codes) == 10


def test_a_session_cannot_enrol_an_authenticator_without_the_account_password(client, clinician):
    """A session left open (or stolen) when the second factor is reset is not enough."""
    sign_in_with_password_only(client, clinician)
    client.get(SETUP_URL)
    device = TOTPDevice.objects.get(user=clinician, confirmed=False)
    for posted in ({}, {"password": "not-the-password"}):
        response = client.post(SETUP_URL, {**posted, "code": totp_code(device)})
        assert response.status_code == 200
        assert response.context["form"].errors["password"]
        assert "Your recovery codes" not in response.text
    assert "This is not the password of your account." in response.text
    assert not TOTPDevice.objects.filter(user=clinician, confirmed=True).exists()
    assert not StaticDevice.objects.filter(user=clinician).exists()
    assert client.get(reverse("home"))["Location"].startswith(SETUP_URL)
    event = AuditEvent.objects.get(action=actions.LOGIN_FAILED)
    assert event.detail == {"username": clinician.username, "step": "enrolment_password"}


def test_five_wrong_enrolment_passwords_end_the_session_and_lock_the_log_in(client, clinician):
    post_login(client, clinician.username, PASSWORD)
    client.get(SETUP_URL)
    device = TOTPDevice.objects.get(user=clinician, confirmed=False)
    for _ in range(5):
        response = client.post(SETUP_URL, {"password": "a-guess", "code": totp_code(device)})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert post_login(client, clinician.username, PASSWORD).status_code == 429
    assert not TOTPDevice.objects.filter(user=clinician, confirmed=True).exists()


def test_enrolling_ends_every_other_session_and_keeps_this_one_under_a_new_key(clinician):
    here, elsewhere = Client(), Client()
    post_login(elsewhere, clinician.username, PASSWORD)
    assert elsewhere.get(SETUP_URL).status_code == 200
    post_login(here, clinician.username, PASSWORD)
    here.get(SETUP_URL)
    key_before = here.session.session_key
    device = TOTPDevice.objects.get(user=clinician, confirmed=False)
    response = here.post(SETUP_URL, {"password": PASSWORD, "code": totp_code(device)})
    assert "Your recovery codes" in response.text
    assert here.session.session_key != key_before
    assert here.get(reverse("home")).status_code == 200
    assert elsewhere.get(reverse("home"))["Location"] == f"{reverse('login')}?next=/"


def test_sign_in_helper_passes_every_log_in_step(client, clinician):
    sign_in(client, clinician)
    assert client.get(reverse("home")).status_code == 200


def test_demo_users_log_in_with_the_code_printed_by_demo_totp(client, db, settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo", patients=0)
    seeded = capsys.readouterr().out
    assert "MRSW23ZNMNWGS3TJMNUWC3RNORXXI4BN" in seeded
    assert "manage.py demo_totp clinician" in seeded
    call_command("demo_totp", "clinician")
    code = capsys.readouterr().out.strip()
    assert re.fullmatch(r"\d{6}", code)
    post_login(client, "clinician", "demo-clinician-pass")
    assert client.post(VERIFY_URL, {"code": code}).status_code == 302
    assert client.get(reverse("home")).status_code == 200
    call_command("demo_totp", "clinician")
    second = capsys.readouterr().out.strip()
    assert second != code, "right after a log-in it prints the next usable code"
    other = Client()
    post_login(other, "clinician", "demo-clinician-pass")
    assert other.post(VERIFY_URL, {"code": second}).status_code == 302


def test_demo_staff_log_in_with_the_code_printed_by_demo_totp(client, db, settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo", patients=0)
    capsys.readouterr()
    call_command("demo_totp", "staff")
    code = capsys.readouterr().out.strip()
    post_login(client, "staff", "demo-staff-pass")
    assert client.get(reverse("home"))["Location"].startswith(VERIFY_URL)
    assert client.post(VERIFY_URL, {"code": code}).status_code == 302
    assert client.get(reverse("patients:list")).status_code == 200


def test_demo_totp_refuses_with_debug_off_and_for_other_users(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only with DJANGO_DEBUG=1") as refused:
        call_command("demo_totp", "clinician")
    assert refused.value.returncode == 2
    settings.DEBUG = True
    make_user("dr_real", Role.CLINICIAN)
    with pytest.raises(CommandError, match="not a demo user") as refused:
        call_command("demo_totp", "dr_real")
    assert refused.value.returncode == 2


def test_totp_code_helper_matches_the_server(clinician):
    device = confirmed_device(clinician)
    assert device.verify_token(totp_code(device, at=time.time()))
