"""Reads on accounts for the administrators' pages (no clinical data here)."""

from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef, Prefetch
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.lockout import locked_usernames
from accounts.models import User


@dataclass(frozen=True)
class UserRow:
    user: User
    has_second_factor: bool
    locked: bool


def user_list() -> list[UserRow]:
    users = list(
        User.objects.order_by("username")
        .prefetch_related(Prefetch("groups", queryset=Group.objects.only("name")))
        .annotate(has_totp=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)))
    )
    locked = locked_usernames(user.username for user in users)
    return [UserRow(user, user.has_totp, user.username in locked) for user in users]


def user_row(user: User) -> UserRow:
    has_totp = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    return UserRow(user, has_totp, user.username in locked_usernames([user.username]))
