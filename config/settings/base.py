"""Settings for every environment, read from the environment (see .env.example).

Debug is off unless DJANGO_DEBUG says otherwise; outside debug a real secret key is required.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url

from config.dates import DATE_FORMATS, DEFAULT_DATE_FORMAT
from config.env import env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = Path(env_str("DJANGO_DATA_DIR") or BASE_DIR / "data")

DEBUG = env_bool("DJANGO_DEBUG", default=False)

# No secret default outside debug. A missing key is reported by the system checks and stops
# the web server at start-up (config.checks); commands that need no key, such as
# evaluate_workup, still run.
SECRET_KEY = env_str("DJANGO_SECRET_KEY") or (
    "insecure-development-key-used-only-with-debug-on" if DEBUG else ""
)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

PRACTICE_NAME = env_str("PRACTICE_NAME", "Fibromyalgia Clinic")
# The one date format of pages, PDFs and date inputs: "j M Y" (3 Dec 2026, the default), "d/m/Y",
# "m/d/Y" or "Y-m-d".
PRACTICE_DATE_FORMAT = env_choice("PRACTICE_DATE_FORMAT", DEFAULT_DATE_FORMAT, DATE_FORMATS)
# Lab values are shown in the unit the laboratory reported ("entered", the default), or in the
# practice's preferred system ("si" or "conventional") with the entered value beside it.
PRACTICE_LAB_UNITS = env_choice("PRACTICE_LAB_UNITS", "entered", ("entered", "si", "conventional"))
# Signing: by default only the workup's own clinician signs; another clinician takes a draft
# over first (with a reason, audited, shown on the summary). On: any clinician may sign.
PRACTICE_ANY_CLINICIAN_SIGNS = env_bool("PRACTICE_ANY_CLINICIAN_SIGNS", default=False)

INSTALLED_APPS = [
    "config",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "simple_history",
    "accounts",
    "audit",
    "patients",
    "workup",
    "summaries",
    "questionnaires",
    "interop",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Signed in with a password but not yet with the second factor: only the 2FA pages.
    "accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Signs out idle or too-old sessions (before any view, so the log-in check above then
    # sends the user to log in with ?next=); needs the messages set up just above.
    "accounts.middleware.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out log-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.practice",
                "config.context_processors.session_timeout",
            ],
        },
    },
]

# Plain inputs and selects are written without a template per option (config.form_renderer).
FORM_RENDERER = "config.form_renderer.FastWidgetRenderer"

# Database: SQLite in the data folder unless DATABASE_URL names another (PostgreSQL in production).
DATABASE_URL = env_str("DATABASE_URL")
CONN_MAX_AGE = env_int("DJANGO_CONN_MAX_AGE", 60, minimum=0)
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=CONN_MAX_AGE, conn_health_checks=True
        )
    }
else:
    DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "db.sqlite3",
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
]
PRIVATE_STORAGE_DIR = Path(env_str("PRIVATE_STORAGE_DIR") or DATA_DIR / "private")
# Batch prints run in a background thread of the web process that queued them unless this is
# off (then only `manage.py run_print_jobs` runs them); a job whose worker stopped answering
# for this many seconds is taken over by another.
SUMMARY_BATCH_IN_PROCESS = env_bool("SUMMARY_BATCH_IN_PROCESS", default=True)
SUMMARY_BATCH_LEASE_SECONDS = env_int("SUMMARY_BATCH_LEASE_SECONDS", 60, minimum=10)
# Issued documents are the app user's alone: 0600 files in 0700 folders (config.private_files).
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
STORAGES = {
    # Issued documents (signed summaries, batch prints): never under a public URL.
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_STORAGE_DIR, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "workups@localhost")
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", default=True)

# Transport and cookies: strict unless debugging locally.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env_bool("DJANGO_BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp 4): our own origin only, no inline script or style.
# Bootstrap's stylesheet draws form controls (checks, select arrows) with data: SVG images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

# Log-in protection (django-axes): a username + address pair is locked after
# LOGIN_FAILURE_LIMIT failures that come within LOGIN_FAILURE_WINDOW of each other, for
# LOGIN_COOLOFF after the last one. Never a permanent lock: the cool-off is at least a minute.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.RoleBackend",
]
AXES_HANDLER = "accounts.lockout.WindowedDatabaseHandler"
AXES_FAILURE_LIMIT = env_int("DJANGO_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_FAILURE_WINDOW = timedelta(
    minutes=env_int("DJANGO_LOGIN_FAILURE_WINDOW_MINUTES", 15, minimum=1)
)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("DJANGO_LOGIN_COOLOFF_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Password-reset e-mails: at most this many per address, and requests from one client address,
# in any hour (more are not sent; the client limit says so on the page).
PASSWORD_RESET_LIMIT_PER_ADDRESS = env_int("DJANGO_PASSWORD_RESET_LIMIT_PER_ADDRESS", 3, minimum=1)
PASSWORD_RESET_LIMIT_PER_CLIENT = env_int("DJANGO_PASSWORD_RESET_LIMIT_PER_CLIENT", 10, minimum=1)
# Failures are forgotten after a complete log-in (password and second factor), not before.
AXES_RESET_ON_SUCCESS = False
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code"]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "accounts.views.auth.locked_out"
# The audit trail records every log-in; axes keeps only what the lock needs.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

# Two-factor authentication (django-otp, TOTP plus one-time recovery codes): required for
# clinicians, administrators and users without a role; for practice staff unless a practice
# turns this off (`check --deploy` warns when it is off).
TWO_FACTOR_REQUIRED_FOR_STAFF = env_bool("DJANGO_2FA_REQUIRED_FOR_STAFF", default=True)
OTP_TOTP_ISSUER = PRACTICE_NAME
TWO_FACTOR_RECOVERY_CODES = 10

# Sessions: signed out after SESSION_IDLE_MINUTES without a request, and SESSION_MAX_HOURS
# after log-in whatever happens; the page warns SESSION_WARNING_SECONDS before.
SESSION_IDLE_MINUTES = env_int("DJANGO_SESSION_IDLE_MINUTES", 15, minimum=1)
SESSION_MAX_HOURS = env_int("DJANGO_SESSION_MAX_HOURS", 12, minimum=1)
SESSION_WARNING_SECONDS = 120
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Links in account e-mails (set-password, reset) work once and for at most a day.
PASSWORD_RESET_TIMEOUT = 24 * 3600

# Audit anchoring: a keyed checkpoint (HMAC) of the audit chain's head is appended to
# AUDIT_CHECKPOINT_FILE every AUDIT_CHECKPOINT_MINUTES and by `manage.py audit_checkpoint`.
# The key is never stored in the database; without AUDIT_CHECKPOINT_KEY it is derived from
# the secret key.
AUDIT_CHECKPOINT_KEY = env_str("AUDIT_CHECKPOINT_KEY", "")
AUDIT_CHECKPOINT_FILE = Path(
    env_str("AUDIT_CHECKPOINT_FILE") or PRIVATE_STORAGE_DIR / "audit" / "checkpoints.jsonl"
)
AUDIT_CHECKPOINT_MINUTES = env_int("AUDIT_CHECKPOINT_MINUTES", 60, minimum=1)

# Questionnaires patients answer before the visit: a link works for QUESTIONNAIRE_LINK_DAYS;
# a patient's page closes after QUESTIONNAIRE_LINK_IDLE_MINUTES without use, and a clinic
# tablet hands back after QUESTIONNAIRE_KIOSK_IDLE_MINUTES. ACE and PC-PTSD-5 are "off" (never
# asked), "offered" (a choice when inviting, unticked) or "included" (ticked by default).
# Limits, per hour: refused links and wrong dates of birth from one client address, and
# openings of one link. QUESTIONNAIRE_CRISIS_CONTACTS is shown to a patient whose PHQ-9 item 9
# is above 0 (and on the mood page and the thank-you page).
QUESTIONNAIRE_LINK_DAYS = env_int("QUESTIONNAIRE_LINK_DAYS", 14, minimum=1)
QUESTIONNAIRE_LINK_IDLE_MINUTES = env_int("QUESTIONNAIRE_LINK_IDLE_MINUTES", 30, minimum=1)
QUESTIONNAIRE_KIOSK_IDLE_MINUTES = env_int("QUESTIONNAIRE_KIOSK_IDLE_MINUTES", 10, minimum=1)
QUESTIONNAIRE_TRAUMA_SCREENS = env_choice(
    "QUESTIONNAIRE_TRAUMA_SCREENS", "off", ("off", "offered", "included")
)
QUESTIONNAIRE_LIMIT_PER_CLIENT = env_int("QUESTIONNAIRE_LIMIT_PER_CLIENT", 20, minimum=1)
QUESTIONNAIRE_LIMIT_PER_LINK = env_int("QUESTIONNAIRE_LIMIT_PER_LINK", 30, minimum=1)
QUESTIONNAIRE_CRISIS_CONTACTS = env_str("QUESTIONNAIRE_CRISIS_CONTACTS") or (
    "If you might act on thoughts of harming yourself, or you are in danger now, call your "
    "local emergency number or go to the nearest emergency department."
)

# FHIR export: the practice's identifier system for MRNs (Patient.identifier.system) and the
# URL of the app's own code system (local codes of scores and flags, and its extensions).
FHIR_IDENTIFIER_SYSTEM = env_str("FHIR_IDENTIFIER_SYSTEM") or "https://fibro-workup.example/mrn"
FHIR_CODE_SYSTEM = (
    env_str("FHIR_CODE_SYSTEM") or "https://fibro-workup.example/fhir/CodeSystem/workup"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # django-axes reports every log-in at INFO; the audit trail already records them.
        "axes": {"level": "WARNING"},
        # WeasyPrint reports every step of every render at INFO.
        "weasyprint.progress": {"level": "WARNING"},
    },
}
