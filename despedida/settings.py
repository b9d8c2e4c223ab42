"""Django settings. Every value has a working laptop default; production
changes environment variables, never this file (see docs/configuration.md).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from despedida.env import (
    database_config,
    ensure_data_dir,
    ensure_private_sqlite,
    envbool,
    envint,
    envlist,
    envpath,
    envstr,
    load_or_create_secret,
)

BASE_DIR = Path(__file__).resolve().parent

# Where the SQLite store, the secret key and the encryption key live.
DATA_DIR = envpath("DESPEDIDA_DATA_DIR", Path.cwd() / "var")

# Commands that only read a file (assess, letter, plan, tone, demo --out)
# run "stateless": they must not create the data directory or a key.
STATELESS = envbool("DESPEDIDA_STATELESS", False)

DEBUG = envbool("DEBUG", False)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "despedida.accounts",
    "despedida.clients",
    "despedida.assessment",
    "despedida.letters",
    "despedida.plans",
    "despedida.silence",
    "despedida.intake",
    "despedida.lessons",
    "despedida.outbox",
    "despedida.portability",
    "despedida.mailbox",
    "despedida.workspace_settings",
    "despedida.backups",
    "despedida.web",
    "despedida.audit",
    "despedida.documents",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "despedida.accounts.sign_in.IdleTimeoutMiddleware",
    "despedida.accounts.two_factor.TwoFactorMiddleware",
    "despedida.accounts.middleware.WorkspaceMiddleware",
    "despedida.audit.middleware.AuditActorMiddleware",
    "despedida.web.middleware.SecurityHeadersMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into our "wait N minutes" page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "despedida.urls"
WSGI_APPLICATION = "despedida.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "despedida.accounts.context_processors.workspace",
            ],
        },
    },
]

# Per-process cache for the rendered pieces of the dashboard and the client page
# (see docs/benchmarks.md): large enough for a few thousand clients' pieces.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": envint("DESPEDIDA_CACHE_ENTRIES", 3000, minimum=100)},
    }
}

DATABASES = {"default": database_config(envstr("DATABASE_URL", "") or None, DATA_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:portfolio"
LOGOUT_REDIRECT_URL = "login"

# Sign-in throttling (django-axes), on every login form, the admin's included:
# after LOGIN_FAILURE_LIMIT failures from one address, or for one account from
# any addresses, sign-in is refused for LOGIN_COOLOFF_MINUTES (counted from the
# latest failure). A successful sign-in clears the failures. See docs/security.md.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_FAILURE_LIMIT = envint("DESPEDIDA_LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_COOLOFF_MINUTES = envint("DESPEDIDA_LOGIN_COOLOFF_MINUTES", 15, minimum=1)
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]  # either one alone locks
AXES_RESET_ON_SUCCESS = True
# The wait counts from the failure that locked; refused attempts meanwhile do not extend it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_DISABLE_ACCESS_LOG = True  # our own sign-in log (accounts.SignInEvent) says more
AXES_CLIENT_IP_CALLABLE = "despedida.accounts.sign_in.client_ip"
AXES_LOCKOUT_CALLABLE = "despedida.accounts.sign_in.lockout_response"
AXES_VERBOSE = False

# Two-factor sign-in (TOTP, with recovery codes): optional for everyone,
# required for workspace owners when the instance says so.
REQUIRE_2FA_FOR_OWNERS = envbool("DESPEDIDA_REQUIRE_2FA_FOR_OWNERS", False)
OTP_TOTP_ISSUER = envstr("DESPEDIDA_2FA_ISSUER", "Despedida")

# A session ends after this long without a request (and after two weeks in any case).
SESSION_IDLE_MINUTES = envint("DESPEDIDA_SESSION_IDLE_MINUTES", 120, minimum=1)

LANGUAGE_CODE = "es"
LANGUAGES = [("es", "Español"), ("en", "English")]
# English dates as the letters write them ("22 November 2026"), not the American default.
FORMAT_MODULE_PATH = ["despedida.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = envstr("TIME_ZONE", "UTC")

STATIC_URL = "static/"
# Static files are served by the app itself (WhiteNoise), straight from the package.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Behind HTTPS (a reverse proxy), cookies are secure and HSTS is on.
HTTPS = envbool("HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = HTTPS and envbool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Uploads (the import page): refused over the limit before they are read
# (see workspace_settings/uploads.py); kept in memory up to Django's 2.5 MB,
# beyond that in a temporary file inside the private data directory.
MAX_UPLOAD_MB = envint("DESPEDIDA_MAX_UPLOAD_MB", 50, minimum=1)
FILE_UPLOAD_HANDLERS = [
    "despedida.workspace_settings.uploads.SizeLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_TEMP_DIR = str(DATA_DIR / "incoming")

# Backups (`despedida backup`, and the worker's scheduled one; see docs/backup.md).
BACKUP_DIR = envstr("DESPEDIDA_BACKUP_DIR", "")  # default: DATA_DIR/backups
BACKUP_EVERY_HOURS = envint("DESPEDIDA_BACKUP_EVERY_HOURS", 24, minimum=0)  # 0: no scheduled backups
BACKUP_KEEP = envint("DESPEDIDA_BACKUP_KEEP", 7, minimum=1)

EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 20, minimum=1)
# The worker's leases and retries (docs/outbox.md). The defaults suit production;
# `make faults` shortens them to see a lease run out for real in a few seconds.
OUTBOX_LEASE_SECONDS = envint("DESPEDIDA_OUTBOX_LEASE_SECONDS", 600, minimum=1)
OUTBOX_FIRST_RETRY_SECONDS = envint("DESPEDIDA_OUTBOX_FIRST_RETRY_SECONDS", 60, minimum=1)
OUTBOX_LONGEST_RETRY_SECONDS = envint("DESPEDIDA_OUTBOX_LONGEST_RETRY_SECONDS", 3600, minimum=1)
MAIL_SYNC_LEASE_SECONDS = envint("DESPEDIDA_MAIL_SYNC_LEASE_SECONDS", 900, minimum=1)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "despedida@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "WARNING")},
}

# Files last, once every variable has been read: a bad value creates nothing.
if not STATELESS:
    ensure_data_dir(DATA_DIR)  # mode 700
    Path(FILE_UPLOAD_TEMP_DIR).mkdir(mode=0o700, exist_ok=True)
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        ensure_private_sqlite(Path(DATABASES["default"]["NAME"]))  # mode 600, and so its -wal and -shm

if envstr("SECRET_KEY", ""):
    SECRET_KEY = envstr("SECRET_KEY", "")
elif STATELESS:
    SECRET_KEY = "stateless-" + "x" * 50  # never signs anything that leaves the process
else:
    SECRET_KEY = load_or_create_secret(DATA_DIR / "secret_key")  # mode 600
