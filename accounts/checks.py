"""System checks of the account settings (``manage.py check --deploy``)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

STAFF_WITHOUT_SECOND_FACTOR = Warning(
    "Practice staff can log in with a password only (DJANGO_2FA_REQUIRED_FOR_STAFF is off), "
    "and staff read clinical summaries and their PDFs.",
    hint="Unset DJANGO_2FA_REQUIRED_FOR_STAFF or set it to 1, unless the practice has decided "
    "otherwise for a reason it can defend.",
    id="accounts.W001",
)


@register(Tags.security, deploy=True)
def check_staff_second_factor(app_configs, **kwargs):
    if settings.TWO_FACTOR_REQUIRED_FOR_STAFF:
        return []
    return [STAFF_WITHOUT_SECOND_FACTOR]
