"""The e-mails of account administration: the set-password link, which only ever goes to the
account holder's own address, and the notice to the other administrators of what one of them
did to an account (never a link or token), so no administrator acts alone unseen."""

import logging
from dataclasses import dataclass
from smtplib import SMTPException

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail, send_mass_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import User

logger = logging.getLogger(__name__)

MANAGE_USERS = "accounts.manage_users"


@dataclass(frozen=True)
class PasswordLinkPurpose:
    """Why a set-password link is sent, in the words each place uses."""

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

# What the other administrators are told was done, after "<who> " and before " <username>".
ACCOUNT_CHANGES = {
    "created": "created the account",
    "reactivated": "reactivated the account",
    "password_reset": "forced a new password for the account",
    "second_factor_reset": "reset the second factor of the account",
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


def password_link_send(request, user: User, purpose: str) -> bool:
    """E-mail a one-time set-password link to the account's own address; whether it went out
    (not when the account has no address or sending failed). The link is made only inside
    the e-mail: it is never returned, shown or stored."""
    if not user.email:
        return False
    wording = PASSWORD_LINK_PURPOSES[purpose]
    context = {
        "user_account": user,
        "link": password_set_link(request, user),
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
        return False
    return True


def other_administrators(actor) -> list[User]:
    """Every active user who may manage accounts (superusers included), except ``actor``."""
    administrators = User.objects.with_perm(
        MANAGE_USERS, is_active=True, backend="accounts.backends.RoleBackend"
    )
    return list(administrators.exclude(pk=actor.pk).order_by("username"))


def administrators_tell(request, user: User, change: str) -> int:
    """E-mail every other administrator that ``request.user`` made ``change`` (a key of
    ACCOUNT_CHANGES) to ``user``; how many were sent. A failure to send is logged, not
    raised: the change is made and audited already."""
    actor = request.user
    what = ACCOUNT_CHANGES[change]
    subject = f"{settings.PRACTICE_NAME}: {actor.get_username()} {what} {user.get_username()}"
    context = {
        "actor": actor,
        "user_account": user,
        "what": what,
        "link_sent": change != "second_factor_reset",
        "practice": settings.PRACTICE_NAME,
    }
    body = render_to_string("accounts/email/account_change.txt", context, request=request)
    messages = [
        (subject, body, None, [administrator.email])
        for administrator in other_administrators(actor)
        if administrator.email
    ]
    try:
        return send_mass_mail(messages)
    except (SMTPException, OSError):
        logger.exception("Could not tell the other administrators about user %s", user.pk)
        return 0
