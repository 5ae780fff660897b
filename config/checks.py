from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

HOW_TO_SET_IT = (
    "DJANGO_SECRET_KEY is not set. Set it to a long random value "
    "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
    "or set DJANGO_DEBUG=1 for local development."
)


def secret_key_configured() -> bool:
    try:
        return bool(settings.SECRET_KEY)
    except ImproperlyConfigured:
        return False


def require_secret_key():
    """Stop a server process at start-up rather than on its first request."""
    if not secret_key_configured():
        raise ImproperlyConfigured(HOW_TO_SET_IT)


@register()
def check_secret_key(app_configs, **kwargs):
    if secret_key_configured():
        return []
    return [Error(HOW_TO_SET_IT, id="config.E001")]
