"""Limits on password-reset e-mails, so the public reset form cannot flood an inbox or be run
against many addresses at speed.

Every request that is let through is an audit event naming the client address and a keyed
digest of the e-mail address (never the address itself). The limits count those events, so
they hold across every app server sharing the database.
"""

import datetime
import hashlib
import hmac

from django.conf import settings
from django.utils import timezone

from audit import actions
from audit.models import AuditEvent
from audit.record import client_ip, record

WINDOW = datetime.timedelta(hours=1)

TOO_MANY_FROM_CLIENT = "client"
TOO_MANY_FOR_ADDRESS = "address"


def address_digest(email: str) -> str:
    """The same for every spelling of one address (case, spaces), useless without the key."""
    normalised = email.strip().casefold().encode("utf-8")
    key = f"password-reset:{settings.SECRET_KEY}".encode()
    return hmac.new(key, normalised, hashlib.sha256).hexdigest()[:32]


def refusal(request, email: str) -> str | None:
    """Why this request may not send an e-mail now, or None when it may."""
    recent = AuditEvent.objects.filter(
        action=actions.PASSWORD_RESET_REQUESTED, at__gte=timezone.now() - WINDOW
    )
    ip = client_ip(request)
    if ip and recent.filter(ip=ip).count() >= settings.PASSWORD_RESET_LIMIT_PER_CLIENT:
        return TOO_MANY_FROM_CLIENT
    by_address = recent.filter(detail__address=address_digest(email)).count()
    if by_address >= settings.PASSWORD_RESET_LIMIT_PER_ADDRESS:
        return TOO_MANY_FOR_ADDRESS
    return None


def record_request(request, email: str) -> None:
    record(
        actions.PASSWORD_RESET_REQUESTED,
        request=request,
        detail={"address": address_digest(email)},
    )
