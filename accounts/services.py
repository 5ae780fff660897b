"""Writes on accounts: user administration and the second factor. Each writes its audit event
in the same transaction; what administrators do is also e-mailed to the other administrators
(``accounts.emails``)."""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_ip_address
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django_otp import devices_for_user, verify_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.emails import administrators_tell
from accounts.lockout import unlock_username
from accounts.models import User
from accounts.roles import Role, role_set
from audit import actions
from audit.record import record

# Which log-in step a failure was at, in the audit event of the failed log-in.
SECOND_FACTOR_STEP = "second_factor"
ENROLMENT_PASSWORD_STEP = "enrolment_password"  # noqa: S105 - a step's name


class SecondFactorRefused(Exception):
    """The code was wrong, or the device is throttled; ``message`` says which, for the user,
    and ``field`` is the form field it belongs to."""

    field = "code"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class EnrolmentPasswordRefused(SecondFactorRefused):
    """The password given to enrol an authenticator is not the account's."""

    field = "password"


# --- the signed-in user's own second factor ---------------------------------------------------


def two_factor_enrol_confirm(*, request, device: TOTPDevice, password: str, code: str) -> list[str]:
    """Confirm the device being enrolled with the account's password and a code from the app;
    returns the new recovery codes (shown once). Every other session of the user ends; this
    one stays, verified, under a new key.

    The password is asked for because a session alone must not be enough to enrol (a session
    left open, or stolen, after an administrator reset the second factor). A wrong one counts
    as a failed log-in, like a wrong code at verification. Raises SecondFactorRefused.
    """
    user = request.user
    if not user.check_password(password):
        _refuse(
            request,
            "This is not the password of your account.",
            step=ENROLMENT_PASSWORD_STEP,
            refusal=EnrolmentPasswordRefused,
        )
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
        accepted = not device.confirmed and device.verify_token(two_factor.normalise_code(code))
    if not accepted:
        raise SecondFactorRefused(
            "That code did not match. Check the time on your phone and type the newest code."
        )
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        tokens = _recovery_codes_replace(user)
        user_sessions_end(user)
        record(actions.TWO_FACTOR_ENROLLED, request=request, target=user)
    _session_verified(request, device)
    update_session_auth_hash(request, user)
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


def _refuse(request, message: str, *, step=SECOND_FACTOR_STEP, refusal=SecondFactorRefused):
    user = request.user
    user_login_failed.send(
        sender=__name__,
        credentials={"username": user.get_username(), "step": step},
        request=request,
    )
    if getattr(request, "axes_locked_out", False):
        # Too many failures: the half-signed-in session ends; the lock-out page follows.
        logout(request)
    raise refusal(message)


# --- administration of other users ---------------------------------------------------------


def user_sessions_end(user: User) -> None:
    """Every session of the user ends at its next request, whatever the session store: the
    session auth hash includes ``sessions_ended`` (as deactivation ends them through the
    password hash). A session to keep is re-signed with ``update_session_auth_hash``."""
    User.objects.filter(pk=user.pk).update(sessions_ended=F("sessions_ended") + 1)
    user.refresh_from_db(fields=["sessions_ended"])


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
    the link e-mailed to them); the other administrators are told."""
    with transaction.atomic():
        user = User(username=username, first_name=first_name, last_name=last_name, email=email)
        user.set_unusable_password()
        user.save()
        role_set(user, role)
        record(
            actions.USER_CREATED, request=request, target=user, detail={"role": Role(role).value}
        )
    administrators_tell(request, user, "created")
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


def user_reactivate(*, request, user: User) -> None:
    with transaction.atomic():
        user.is_active = True
        user.set_unusable_password()
        user.save(update_fields=["is_active", "password"])
        record(actions.USER_REACTIVATED, request=request, target=user)
    administrators_tell(request, user, "reactivated")


def user_password_reset_force(*, request, user: User) -> None:
    """The current password stops working and every session of the user ends."""
    with transaction.atomic():
        user.set_unusable_password()
        user.save(update_fields=["password"])
        record(actions.USER_PASSWORD_RESET_FORCED, request=request, target=user)
    administrators_tell(request, user, "password_reset")


def user_second_factor_reset(*, request, user: User) -> int:
    """Remove the user's authenticator and recovery codes and end every session of theirs;
    they enrol again, with their password, at their next log-in."""
    with transaction.atomic():
        removed = 0
        for device in list(devices_for_user(user, confirmed=None)):
            device.delete()
            removed += 1
        user_sessions_end(user)
        record(
            actions.USER_TWO_FACTOR_RESET,
            request=request,
            target=user,
            detail={"devices": removed},
        )
    administrators_tell(request, user, "second_factor_reset")
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
