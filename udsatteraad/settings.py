"""One settings module. Every default runs locally; production switches by environment.

Production: set SECRET_KEY, ALLOWED_HOSTS, DEBUG=0 (the default when SECRET_KEY is set),
DATABASE_URL, SITE_ROOT and the EMAIL_* variables; README.md lists every variable and
docs/deploy.md shows a whole installation.
"""

import os
from email.utils import parseaddr
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    return os.environ.get(name, default).lower() in ("1", "true", "yes", "on")


def envint(name: str, default: str) -> int:
    return int(os.environ.get(name, default))


_DEV_SECRET = "udsatteraad-development-key-not-for-production-use-0123456789"
SECRET_KEY = os.environ.get("SECRET_KEY", _DEV_SECRET)
# Debug only by explicit choice or when no real secret is configured (local development).
DEBUG = envbool("DEBUG", "1" if SECRET_KEY == _DEV_SECRET else "0")
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
SITE_ROOT = os.environ.get("SITE_ROOT", "http://127.0.0.1:8000")
SITE_NAME = os.environ.get("SITE_NAME", "Udsatteråd")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "simple_history",
    "django_tasks_db",
    "udsatteraad.accounts",
    "udsatteraad.councils",
    "udsatteraad.meetings",
    "udsatteraad.front",
    "udsatteraad.imports",
    "udsatteraad.oparl",
    "udsatteraad.easyread",
    "udsatteraad.search",
    "udsatteraad.inquiries",
    "udsatteraad.hearings",
    "udsatteraad.yearplan",
    "udsatteraad.termcycle",
    "udsatteraad.reports",
    "udsatteraad.ops",
    "udsatteraad.notifications",
    "udsatteraad.money",
    "udsatteraad.onboarding",
]

MIDDLEWARE = [
    # First, so it sees every cookie set on the way out (udsatteraad/ops/middleware.py).
    "udsatteraad.ops.middleware.CacheHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files straight from the app process (compressed, hashed names), before sessions
    # and the rest, so they never touch the database.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "udsatteraad.front.middleware.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "udsatteraad.front.middleware.DanishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Links in mail and feeds use the address the request came to (udsatteraad/lib/site.py).
    "udsatteraad.lib.site.SiteRootMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "udsatteraad.urls"
WSGI_APPLICATION = "udsatteraad.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "udsatteraad" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "udsatteraad.front.context.site",
                "udsatteraad.workspace.context.task_counts",
            ],
            # `|da` (Danish content in the English interface) is used on most pages.
            "builtins": ["udsatteraad.front.templatetags.lang"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        # Persistent connections: a new connection per request costs more than most pages.
        # Health checks make a connection the database dropped reconnect instead of failing.
        conn_max_age=envint("CONN_MAX_AGE", "0" if DEBUG else "60"),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Two writers at once (a field's autosave and the save button, two secretaries) wait for
    # each other instead of one failing with "database is locked": each transaction takes the
    # write lock when it begins, and a waiting writer waits up to 20 s.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:mine"
LOGOUT_REDIRECT_URL = "front:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
OTP_TOTP_ISSUER = SITE_NAME
# Login throttling (accounts/throttle.py), counted in the database so all workers share it.
# The address limit is higher: a municipality's staff may share one address.
LOGIN_THROTTLE_WINDOW = envint("LOGIN_THROTTLE_WINDOW", str(15 * 60))
LOGIN_THROTTLE_ACCOUNT_LIMIT = envint("LOGIN_THROTTLE_ACCOUNT_LIMIT", "10")
LOGIN_THROTTLE_ADDRESS_LIMIT = envint("LOGIN_THROTTLE_ADDRESS_LIMIT", "30")
LOGIN_THROTTLE_CLIENT_IP_HEADER = os.environ.get("LOGIN_THROTTLE_CLIENT_IP_HEADER", "")

LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "udsatteraad" / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "udsatteraad" / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

# Static files: hashed, compressed names through whitenoise in production (`collectstatic` must
# have run: `make serve` and docs/deploy.md do it). Development and the tests use the plain
# storage, so a fresh checkout never needs `collectstatic`. STATIC_MANIFEST=1/0 overrides.
_static_manifest = envbool("STATIC_MANIFEST", "0" if DEBUG else "1")
# Without collectstatic (development, tests) whitenoise finds the files where they are.
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = not _static_manifest
# Uploaded files (attachments, imports): the local disk under MEDIA_ROOT, or S3-compatible
# object storage (MEDIA_STORAGE=s3, with `uv sync --extra s3` for django-storages), so that
# several app servers can share them.
MEDIA_STORAGE = os.environ.get("MEDIA_STORAGE", "local")
_media_storage: dict = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
if MEDIA_STORAGE == "s3":
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("S3_BUCKET", ""),
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("S3_REGION") or None,
            "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("S3_PREFIX", ""),
            # Unpublished attachments are private: objects are never public-read, and the
            # app hands them out itself after its access checks.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
elif MEDIA_STORAGE != "local":
    raise ValueError(f"MEDIA_STORAGE must be 'local' or 's3', not {MEDIA_STORAGE!r}")
STORAGES = {
    "default": _media_storage,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if _static_manifest
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "udsatteraad@localhost")
# Django 6.1 mailers. Locally mail is printed to the console; production sets EMAIL_HOST.
if os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["EMAIL_HOST"],
                "port": envint("EMAIL_PORT", "587"),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": envbool("EMAIL_USE_TLS", "1"),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

# Background work (udsatteraad/ops/tasks.py, docs/deploy.md): Django's tasks in the database,
# run by `manage.py worker` (which also starts the jobs of udsatteraad/ops/schedule.py).
# TASKS_BACKEND=immediate runs each task at once in the process that enqueues it (no worker;
# the tests do the same in conftest.py).
TASKS = {
    "default": {
        "BACKEND": "django.tasks.backends.immediate.ImmediateBackend"
        if os.environ.get("TASKS_BACKEND") == "immediate"
        else "django_tasks_db.DatabaseBackend",
    }
}
# /healthz marks the worker stale when it has not been seen for this many seconds.
WORKER_MAX_AGE = envint("WORKER_MAX_AGE", "300")

# Security: strict by default where it costs nothing locally, switched on fully in production.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", str(8 * 3600))
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "0" if DEBUG else "1")
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", "0" if DEBUG else "1")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000")
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
if os.environ.get("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Load balancers probe /healthz over plain http on the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Content-Security-Policy on every response (Django's own middleware): no inline script or
# style anywhere, so an injected tag that slipped past the sanitiser cannot run.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: [] for feature in ("accelerometer", "camera", "geolocation", "gyroscope",
                                "magnetometer", "microphone", "payment", "usb")
}
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

# Upload limits (attachments are checked by content and size in the meetings app).
MAX_UPLOAD_BYTES = envint("MAX_UPLOAD_BYTES", str(20 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES + 1024 * 1024
# Zip containers (DOCX, XLSX, ODT) are refused before anything unpacks them when they have
# more members or more content once unpacked than this (zip bombs).
MAX_ZIP_MEMBERS = envint("MAX_ZIP_MEMBERS", "2000")
MAX_UNZIPPED_BYTES = envint("MAX_UNZIPPED_BYTES", str(100 * 1024 * 1024))

# OParl System object: the licence of the published data and whom to write to about the API.
OPARL_LICENSE = os.environ.get("OPARL_LICENSE", "https://creativecommons.org/licenses/by/4.0/")
OPARL_CONTACT_EMAIL = os.environ.get("OPARL_CONTACT_EMAIL") or parseaddr(DEFAULT_FROM_EMAIL)[1]
# The site's contact in every page's footer (a council's own contact on its pages).
SITE_CONTACT_EMAIL = os.environ.get("SITE_CONTACT_EMAIL") or parseaddr(DEFAULT_FROM_EMAIL)[1]
OPARL_CONTACT_NAME = os.environ.get("OPARL_CONTACT_NAME", SITE_NAME)

# Caching (udsatteraad/ops/middleware.py): anonymous pages may be kept this many seconds by
# browsers and shared caches (nginx); everything for a logged-in user is private, no-store.
PUBLIC_CACHE_MAX_AGE = envint("PUBLIC_CACHE_MAX_AGE", "60")
# PostgreSQL: processes keep the search index's segment rows and learn of changes through
# LISTEN/NOTIFY (search/postings.py). Off behind a pooler in transaction mode (PgBouncer's
# default), where a LISTEN does not stay with the app's connection: then every search asks
# the server for the segment rows, as on SQLite.
SEARCH_LISTEN = envbool("SEARCH_LISTEN", "1")
# /healthz marks a scheduled job's heartbeat stale after this many seconds (nightly + slack).
HEARTBEAT_MAX_AGE = envint("HEARTBEAT_MAX_AGE", str(26 * 3600))

# Where `manage.py backup` writes when no --output is given.
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", BASE_DIR / "backups"))

# Who hears about unhandled exceptions: ADMINS="Name <a@b.dk>,c@d.dk" (mailed with traceback).
ADMINS = [a.strip() for a in os.environ.get("ADMINS", "").split(",") if a.strip()]
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Every line carries time, level and logger, on stderr (journald or the container collects it);
# LOG_FORMAT=json writes one JSON object a line for log shippers. Unhandled exceptions reach
# "django.request" with their traceback, and are mailed when ADMINS is set.
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "json": {"()": "udsatteraad.ops.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if os.environ.get("LOG_FORMAT") == "json" else "text",
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django's own handlers are replaced, so its messages are formatted like ours.
        "django": {"handlers": ["console", "mail_admins"], "level": LOG_LEVEL,
                   "propagate": False},
        # runserver's request lines have their own format and time already.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "udsatteraad.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # E-mail that could not be sent (udsatteraad/lib/mail.py), with the traceback.
        "udsatteraad.mail": {"handlers": ["console"], "level": "INFO"},
    },
}
