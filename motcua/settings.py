"""Django settings, read from the environment (see .env.example and README).

The embedded default needs no configuration: SQLite in var/, files in var/media/.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from motcua.core.env import (
    ConfigurationError,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("MOTCUA_VAR_DIR", str(BASE_DIR / "var")))
# The embedded default keeps its database, files and mail here; create it on first start.
for _sub in ("", "media", "mail", "static"):
    (VAR_DIR / _sub).mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DJANGO_DEBUG", False)
_secret = env_str("DJANGO_SECRET_KEY", "")
if not _secret:
    if not DEBUG:
        raise ConfigurationError(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off "
            "(make run sets DJANGO_DEBUG=1 for the embedded demo)."
        )
    _secret = "insecure-development-key-only-for-debug-mode"  # noqa: S105
SECRET_KEY = _secret
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "motcua.core",
    "motcua.accounts",
    "motcua.organization",
    "motcua.worktime",
    "motcua.catalog",
    "motcua.dossiers",
    "motcua.documents",
    "motcua.portal",
    "motcua.slips",
    "motcua.citizens",
    "motcua.evaluation",
    "motcua.payments",
    "motcua.notifications",
    "motcua.feedback",
    "motcua.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "motcua.urls"
WSGI_APPLICATION = "motcua.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "motcua" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    }
]

# --- Database -----------------------------------------------------------------
_database_url = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'motcua.sqlite3'}")
try:
    _db = dj_database_url.parse(
        _database_url, conn_max_age=env_int("DB_CONN_MAX_AGE", 0, minimum=0)
    )
except Exception as exc:  # dj-database-url raises several types for a bad URL
    raise ConfigurationError(
        f"DATABASE_URL={_database_url!r} is not a valid database URL: {exc}"
    ) from exc
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside the single writer; IMMEDIATE makes writers queue
    # instead of failing with "database is locked" in the middle of a transaction.
    _db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    _db["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
elif _db["ENGINE"] == "django.db.backends.postgresql":
    if env_bool("DB_SERVER_SIDE_BINDING", True):
        # Parameters sent apart from the SQL, and a statement a connection has run five
        # times prepared on the server (psycopg's default; Django turns it off unless asked):
        # PostgreSQL then skips parsing and planning it (about a third less of its CPU per
        # reception, bench/README.md). Not behind a transaction-pooling PgBouncer older
        # than 1.21; 0 turns both off.
        _db["OPTIONS"] = {"server_side_binding": True, "prepare_threshold": 5}
else:
    raise ConfigurationError("DATABASE_URL must be a sqlite:// or postgres:// URL.")
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts ------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "motcua.citizens.backends.PhoneBackend",  # a portal account's phone number
    "motcua.accounts.backends.UsernameOrEmailBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "staff:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_MAX_FAILURES = env_int("MOTCUA_LOGIN_MAX_FAILURES", 5, minimum=1)
LOGIN_LOCKOUT_MINUTES = env_int("MOTCUA_LOGIN_LOCKOUT_MINUTES", 15, minimum=1)

# --- Internationalisation ------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "motcua" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]

# --- Files --------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "motcua" / "static"]
MEDIA_ROOT = Path(env_str("MOTCUA_MEDIA_ROOT", str(VAR_DIR / "media")))
# Uploaded files are never served from a public URL: views check permissions first.
MEDIA_URL = "/files-not-public/"
STORAGES: dict[str, dict[str, object]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("MOTCUA_MAX_UPLOAD_MB", 20, minimum=1) * 1024 * 1024
# Largest single document a citizen uploads (PDF/JPEG/PNG; motcua.core.files checks it).
MOTCUA_UPLOAD_MAX_MB = env_int("MOTCUA_UPLOAD_MAX_MB", 10, minimum=1, maximum=200)

# --- Document store (motcua.documents) -----------------------------------------
# Stored files (scans, signed copies, results) go to local files under MEDIA_ROOT/store or to
# S3-compatible object storage; they are served only through permission-checked views.
MOTCUA_STORAGE = env_choice("MOTCUA_STORAGE", "local", ("local", "s3"))
MOTCUA_S3_ENDPOINT_URL = env_str("MOTCUA_S3_ENDPOINT_URL", "")
MOTCUA_S3_BUCKET = env_str("MOTCUA_S3_BUCKET", "motcua")
MOTCUA_S3_REGION = env_str("MOTCUA_S3_REGION", "us-east-1")
MOTCUA_S3_ACCESS_KEY = env_str("MOTCUA_S3_ACCESS_KEY", "")
MOTCUA_S3_SECRET_KEY = env_str("MOTCUA_S3_SECRET_KEY", "")
if MOTCUA_STORAGE == "s3":
    STORAGES["documents"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MOTCUA_S3_BUCKET,
            "endpoint_url": MOTCUA_S3_ENDPOINT_URL or None,
            "region_name": MOTCUA_S3_REGION,
            "access_key": MOTCUA_S3_ACCESS_KEY or None,
            "secret_key": MOTCUA_S3_SECRET_KEY or None,
            "querystring_auth": False,
            "file_overwrite": True,
            "default_acl": None,
        },
    }
else:
    STORAGES["documents"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT / "store"), "base_url": "/files-not-public/"},
    }
# After each commit, ask the tasks backend to deliver the outbox messages it queued
# (immediately in the embedded default). Off: only `outbox_deliver --loop` or `periodic`
# deliver them (a worker beside the web processes; the request does none of that work).
MOTCUA_OUTBOX_KICK = env_bool("MOTCUA_OUTBOX_KICK", True)
# The demo certificate authority and unit signing certificates (manage.py demo_pki).
MOTCUA_PKI_DIR = Path(env_str("MOTCUA_PKI_DIR", str(VAR_DIR / "pki")))

# --- Background tasks (Django Tasks API backport) ------------------------------
TASKS = {
    "default": {
        "BACKEND": env_choice(
            "MOTCUA_TASKS_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend",
            (
                "django_tasks.backends.immediate.ImmediateBackend",
                "django_tasks_db.DatabaseBackend",
                "django_tasks.backends.dummy.DummyBackend",
            ),
        )
    }
}

# --- Mail -----------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "motcua@localhost")

# --- SMS gateway (motcua.integrations.sms; `manage.py fakes` serves a fake on 8025) --------
MOTCUA_SMS_URL = env_str("MOTCUA_SMS_URL", "http://127.0.0.1:8025")
MOTCUA_SMS_API_KEY = env_str("MOTCUA_SMS_API_KEY", "demo-sms-key")
MOTCUA_SMS_TIMEOUT = env_int("MOTCUA_SMS_TIMEOUT", 5, minimum=1, maximum=60)
# Off: notifications go by e-mail only (no SMS gateway configured).
MOTCUA_SMS_ENABLED = env_bool("MOTCUA_SMS_ENABLED", True)

# --- OpenID Connect login for citizens (national eID); all three empty = disabled --------
MOTCUA_OIDC_ISSUER = env_str("MOTCUA_OIDC_ISSUER", "")
MOTCUA_OIDC_CLIENT_ID = env_str("MOTCUA_OIDC_CLIENT_ID", "")
MOTCUA_OIDC_CLIENT_SECRET = env_str("MOTCUA_OIDC_CLIENT_SECRET", "")

# --- Payment gateway (motcua.integrations.paygate; `manage.py fakes` serves a fake on 8027) ---
MOTCUA_PAYGATE_URL = env_str("MOTCUA_PAYGATE_URL", "http://127.0.0.1:8027")
MOTCUA_PAYGATE_MERCHANT = env_str("MOTCUA_PAYGATE_MERCHANT", "MOTCUA-BD")
MOTCUA_PAYGATE_SECRET = env_str("MOTCUA_PAYGATE_SECRET", "demo-paygate-secret")
MOTCUA_PAYGATE_TIMEOUT = env_int("MOTCUA_PAYGATE_TIMEOUT", 10, minimum=1, maximum=120)
# An online payment the gateway never confirms expires after this many minutes.
MOTCUA_PAYGATE_EXPIRY_MINUTES = env_int(
    "MOTCUA_PAYGATE_EXPIRY_MINUTES", 30, minimum=1, maximum=1440
)
# Callbacks signed more than this many seconds before or after arrival are refused as replays.
MOTCUA_PAYGATE_CALLBACK_WINDOW = env_int(
    "MOTCUA_PAYGATE_CALLBACK_WINDOW", 300, minimum=10, maximum=3600
)

# --- Security -------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", False)
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0, minimum=0)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Province -------------------------------------------------------------------
# Working hours of the province: "HH:MM-HH:MM" ranges, comma separated.
MOTCUA_WORKING_HOURS = env_str("MOTCUA_WORKING_HOURS", "07:30-11:30,13:00-17:00")
MOTCUA_PUBLIC_BASE_URL = env_str("MOTCUA_PUBLIC_BASE_URL", "http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    # Every task run is logged at INFO by django-tasks; only problems are worth a line.
    "loggers": {"django_tasks": {"level": "WARNING"}},
}
