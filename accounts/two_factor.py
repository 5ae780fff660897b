"""Who must use a second factor, and the pieces of it: TOTP devices, QR codes, recovery codes.

Every user *must* use a second factor: clinicians, administrators, users without a role, and
practice staff unless the practice turns ``TWO_FACTOR_REQUIRED_FOR_STAFF`` off (``check
--deploy`` then warns, ``accounts.checks``). Anyone who has a confirmed device must use it,
required or not. Enrolling a device takes the account's password as well as a code. Views and
writes live in ``accounts.views.two_factor`` and ``accounts.services``.
"""

import re
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.roles import Role

SETUP = "setup"
VERIFY = "verify"
TOTP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


def two_factor_required(user) -> bool:
    if user.role == Role.STAFF and not user.is_superuser:
        return settings.TWO_FACTOR_REQUIRED_FOR_STAFF
    return True


def second_factor_pending(request) -> str | None:
    """``VERIFY`` if the signed-in user has a device this session has not used yet, ``SETUP``
    if they must enrol first, None when nothing is missing (or nobody is signed in)."""
    if hasattr(request, "_second_factor_pending"):
        return request._second_factor_pending
    user = request.user
    pending = None
    if user.is_authenticated and not _session_verified(user):
        if user_has_device(user, confirmed=True):
            pending = VERIFY
        elif two_factor_required(user):
            pending = SETUP
    request._second_factor_pending = pending
    return pending


def _session_verified(user) -> bool:
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def confirmed_totp_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def unconfirmed_totp_device(user) -> TOTPDevice:
    """The device being enrolled: the same key until it is confirmed, so a reload of the
    page does not invalidate what the authenticator app already scanned."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def recovery_device(user) -> StaticDevice | None:
    return StaticDevice.objects.devices_for_user(user, confirmed=True).first()


def base32_key(device: TOTPDevice) -> str:
    """The device's secret as authenticator apps take it when typed in, in groups of four."""
    key = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_code_svg(data: str, *, label: str) -> str:
    """An inline SVG QR code (no data: URL and no script, so the strict CSP allows it).

    The markup comes from the qrcode library's path renderer: numbers only, no text from
    ``data`` ends up in it.
    """
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    svg = image.to_string(encoding="unicode")
    svg = svg.replace("<svg ", '<svg class="qr-code" focusable="false" aria-hidden="true" ', 1)
    return format_html(
        '<div role="img" aria-label="{}">{}</div>',
        label,
        mark_safe(svg),  # noqa: S308 - generated above from path data only
    )


TOKEN_SEPARATORS = re.compile(r"[\s-]+")


def normalise_code(raw: str) -> str:
    return TOKEN_SEPARATORS.sub("", raw or "").lower()


def looks_like_totp(code: str) -> bool:
    return code.isdigit() and len(code) == 6


def format_recovery_code(token: str) -> str:
    return f"{token[:4]}-{token[4:]}" if len(token) == 8 else token


def new_recovery_tokens() -> list[str]:
    tokens: set[str] = set()
    while len(tokens) < settings.TWO_FACTOR_RECOVERY_CODES:
        tokens.add(StaticToken.random_token())
    return sorted(tokens)
