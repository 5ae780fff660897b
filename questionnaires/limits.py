"""Limits on the public questionnaire pages, so codes cannot be guessed and dates of birth not
tried at speed.

- Per client address: at most ``QUESTIONNAIRE_LIMIT_PER_CLIENT`` refused links and wrong dates
  of birth in any hour; then every link from that address gets the "too many attempts" page,
  before any code is looked up (so the page says nothing about a code).
- Per link: at most ``QUESTIONNAIRE_LIMIT_PER_LINK`` openings of one questionnaire's link in
  any hour. Wrong dates of birth are bounded per link by the lock after five.

The limits count the audit events these attempts write (as the password-reset limits do), so
they hold across every app server sharing the database.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from audit import actions
from audit.models import AuditEvent
from audit.record import client_ip
from questionnaires.models import Questionnaire

WINDOW = datetime.timedelta(hours=1)
FAILURES = (actions.QUESTIONNAIRE_REFUSED, actions.QUESTIONNAIRE_DOB_FAILED)


def _recent():
    return AuditEvent.objects.filter(at__gte=timezone.now() - WINDOW)


def client_over_limit(request) -> bool:
    ip = client_ip(request)
    if not ip:
        return False
    failures = _recent().filter(action__in=FAILURES, ip=ip).count()
    return failures >= settings.QUESTIONNAIRE_LIMIT_PER_CLIENT


def link_over_limit(questionnaire: Questionnaire) -> bool:
    openings = _recent().filter(
        action=actions.QUESTIONNAIRE_OPEN,
        target_type=Questionnaire._meta.label_lower,
        target_id=str(questionnaire.pk),
    )
    return openings.count() >= settings.QUESTIONNAIRE_LIMIT_PER_LINK
