"""Writes on accounts: user administration and the second factor. Each writes its audit event
in the same transaction."""

import logging
from dataclasses import dataclass
from smtplib import SMTPException

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp import devices_for_user, verify_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.lockout import unlock_username
from accounts.models import User
from accounts.roles import Role, role_set
from audit import actions
from audit.record import record

logger = logging.getLogger(__name__)


class SecondFactorRefused(Exception):
    """The code was wrong, or the device is throttled; ``message`` says which, for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- the signed-in user's own second factor ---------------------------------------------------


def two_factor_enrol_confirm(*, request, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the device being enrolled with a code from the app; returns the new recovery
    codes (shown once). Raises SecondFactorRefused."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=request.user)
        accepted = not device.confirmed and device.verify_token(two_factor.normalise_code(code))
    if not accepted:
        raise SecondFactorRefused(
            "That code did not match. Check the time on your phone and type the newest code."
        )
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()
        tokens = _recovery_codes_replace(request.user)
        record(actions.TWO_FACTOR_ENROLLED, request=request, target=request.user)
    _session_verified(request, device)
    return tokens


def two_factor_verify(*, request, code: str) -> None:
    """Check a code from the app or a recovery code; on success the session is verified.

    A wrong code counts as a failed log-in (django-axes locks the username and address, and
    the audit trail records it). Raises SecondFactorRefused.
    """
    user = request.user
    code = two_factor.normalise_code(code)
    device = (
        two_factor.confirmed_totp_device(user)
        if two_factor.looks_like_totp(code)
        else two_factor.recovery_device(user)
    )
    if device is None or not code:
        return _refuse(request, "That code did not match.")
    allowed, throttle = device.verify_is_allowed()
    if not allowed:
        raise SecondFactorRefused(
            "Too many wrong codes in a row: wait a little before the next try "
            f"(until {throttle['locked_until']:%H:%M:%S} UTC), or use a recovery code."
        )
    verified = verify_token(user, device.persistent_id, code)
    if verified is None:
        return _refuse(request, "That code did not match.")
    with transaction.atomic():
        record(actions.TWO_FACTOR_VERIFIED, request=request, target=user)
        if isinstance(verified, StaticDevice):
            record(
                actions.RECOVERY_CODE_USED,
                request=request,
                target=user,
                detail={"recovery_codes_left": verified.token_set.count()},
            )
    _session_verified(request, verified)
    return None


def recovery_codes_replace(*, request) -> list[str]:
    with transaction.atomic():
        tokens = _recovery_codes_replace(request.user)
        record(actions.RECOVERY_CODES_REPLACED, request=request, target=request.user)
    return tokens


def login_attempts_forget(request, user):
    """A complete log-in (password and, where needed, second factor) clears earlier failures
    of this username from this address."""
    AxesProxyHandler.reset_attempts(
        ip_address=get_client_ip_address(request), username=user.get_username()
    )


def _recovery_codes_replace(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(
        user=user, name=two_factor.RECOVERY_DEVICE_NAME, confirmed=True
    )
    tokens = two_factor.new_recovery_tokens()
    device.token_set.bulk_create([device.token_set.model(device=device, token=t) for t in tokens])
    return [two_factor.format_recovery_code(token) for token in tokens]


def _session_verified(request, device):
    otp_login(request, device)
    # Privilege changed: a new session key, so a key seen before this point is worthless.
    request.session.cycle_key()
    request.__dict__.pop("_second_factor_pending", None)
    login_attempts_forget(request, request.user)


def _refuse(request, message: str):
    user = request.user
    user_login_failed.send(
        sender=__name__,
        credentials={"username": user.get_username(), "step": "second_factor"},
        request=request,
    )
    if getattr(request, "axes_locked_out", False):
        # Too many failures: the half-signed-in session ends; the lock-out page follows.
        logout(request)
    raise SecondFactorRefused(message)


# --- administration of other users ---------------------------------------------------------


@dataclass(frozen=True)
class PasswordLinkPurpose:
    """Why an administrator hands a user a set-password link, in the words each place uses."""

    heading: str  # the administrator's page, before the username
    subject: str  # the e-mail's subject, after the practice's name
    reason: str  # the e-mail's first sentence; {practice} and {username} are filled in


PASSWORD_LINK_PURPOSES = {
    "created": PasswordLinkPurpose(
        heading="Account created",
        subject="Your account",
        reason="An account was created for you at {practice} (username: {username}).",
    ),
    "reactivated": PasswordLinkPurpose(
        heading="Account reactivated",
        subject="Your account is active again",
        reason="Your account at {practice} (username: {username}) is active again.",
    ),
    "password_reset": PasswordLinkPurpose(
        heading="Password reset forced",
        subject="Choose a new password",
        reason=(
            "An administrator of {practice} asked you to choose a new password "
            "(username: {username})."
        ),
    ),
}


def password_link_hours() -> int:
    """How long a set-password or reset link works, in whole hours."""
    return settings.PASSWORD_RESET_TIMEOUT // 3600


def password_set_link(request, user: User) -> str:
    """A one-time link to choose a password (Django's reset token: it stops working once a
    password is set, or after PASSWORD_RESET_TIMEOUT)."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return request.build_absolute_uri(path)


def password_link_send(request, user: User, purpose: str) -> tuple[str, bool]:
    """Make a one-time set-password link and e-mail it to the user; returns the link and
    whether the e-mail went out (not when the account has no address or sending failed).
    The link is not stored anywhere."""
    wording = PASSWORD_LINK_PURPOSES[purpose]
    link = password_set_link(request, user)
    if not user.email:
        return link, False
    context = {
        "user_account": user,
        "link": link,
        "hours": password_link_hours(),
        "reason": wording.reason.format(
            practice=settings.PRACTICE_NAME, username=user.get_username()
        ),
    }
    try:
        send_mail(
            f"{settings.PRACTICE_NAME}: {wording.subject}",
            render_to_string("accounts/email/password_link.txt", context, request=request),
            None,
            [user.email],
        )
    except (SMTPException, OSError):
        logger.exception("Could not send the set-password e-mail to user %s", user.pk)
        return link, False
    return link, True


@transaction.atomic
def user_create(
    *,
    request,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    role: Role,
) -> User:
    """A new account with exactly one role and no usable password (the user sets one through
    the link from ``password_set_link``)."""
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    user.set_unusable_password()
    user.save()
    role_set(user, role)
    record(actions.USER_CREATED, request=request, target=user, detail={"role": Role(role).value})
    return user


@transaction.atomic
def user_deactivate(*, request, user: User) -> None:
    """The user can no longer log in, and every session of theirs ends now (the password is
    made unusable, which invalidates the sessions; reactivation sends a new link)."""
    if user.pk == request.user.pk:
        raise PermissionDenied("Administrators cannot deactivate their own account.")
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["is_active", "password"])
    record(actions.USER_DEACTIVATED, request=request, target=user)


@transaction.atomic
def user_reactivate(*, request, user: User) -> None:
    user.is_active = True
    user.set_unusable_password()
    user.save(update_fields=["is_active", "password"])
    record(actions.USER_REACTIVATED, request=request, target=user)


@transaction.atomic
def user_password_reset_force(*, request, user: User) -> None:
    """The current password stops working and every session of the user ends."""
    user.set_unusable_password()
    user.save(update_fields=["password"])
    record(actions.USER_PASSWORD_RESET_FORCED, request=request, target=user)


@transaction.atomic
def user_second_factor_reset(*, request, user: User) -> int:
    """Remove the user's authenticator and recovery codes; they enrol again at next log-in."""
    removed = 0
    for device in list(devices_for_user(user, confirmed=None)):
        device.delete()
        removed += 1
    record(actions.USER_TWO_FACTOR_RESET, request=request, target=user, detail={"devices": removed})
    return removed


@transaction.atomic
def user_role_change(*, request, user: User, role: Role) -> bool:
    """Give the account exactly ``role`` instead of its current one; False when it already has
    it. Takes effect at the user's next request: permissions are read per request. An
    administrator cannot change their own role (they could lock every administrator out)."""
    if user.pk == request.user.pk:
        raise PermissionDenied("Administrators cannot change their own role.")
    role = Role(role)
    before = user.role
    if before == role:
        return False
    role_set(user, role)
    record(
        actions.USER_ROLE_CHANGED,
        request=request,
        target=user,
        detail={"from": before.value if before else None, "to": role.value},
    )
    return True


@transaction.atomic
def user_unlock(*, request, user: User) -> int:
    cleared = unlock_username(user.get_username())
    record(actions.USER_UNLOCKED, request=request, target=user, detail={"attempts": cleared})
    return cleared
