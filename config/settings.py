"""Settings for Chỉ tiêu, driven by environment variables.

Defaults are a production's (DEBUG off) on SQLite; the demo sets DEBUG=1. Production sets
SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL; a missing or malformed value stops the start.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}")


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from None


def envlist(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


# Off unless set: a server started without configuration is a production one (`make demo` and
# the tests set DEBUG=1).
DEBUG = envbool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    # Only ever used by the local demo. Without DEBUG there is no default: commands that need
    # no key (migrate, collectstatic, makemigrations) still run, but config/wsgi.py refuses
    # to serve, and anything that signs (sessions, CSRF) fails.
    SECRET_KEY = "demo-only-insecure-key-do-not-use-in-production-chitieu"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "config.apps.LoginAttemptsConfig",  # django-axes, named in Vietnamese
    "import_export",
    "simple_history",
    "config.apps.BackgroundTasksConfig",  # django-tasks-db, named in Vietnamese
    "districts",
    "targets",
]
# Development tools (benchmarks, load tests): with DEBUG, or BENCH=1 for the gunicorn a load
# test starts with production settings.
BENCH = envbool("BENCH", DEBUG)
if BENCH:
    INSTALLED_APPS.append("bench")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "districts.middleware.PreferredLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, taking the user read with the session (districts.sessions).
    "districts.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "districts.context_processors.membership",
                "targets.context_processors.review_count",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("CONN_MAX_AGE", 60),
        conn_health_checks=True,
        # Behind a transaction pooler (PgBouncer) a connection is not the same from one
        # transaction to the next: nothing may be prepared on it (config/postgresql/base.py).
        disable_server_side_cursors=envbool("DATABASE_POOLER", False),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite holds the demo's concurrent editors: a write transaction takes the write lock when
    # it begins (not midway, when SQLite can only fail it with "database is locked"), waits up
    # to SQLITE_BUSY_SECONDS for it, and readers never block the writer (WAL).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": envint("SQLITE_BUSY_SECONDS", 20),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend, preparing the statements every request makes and sparing a recently
    # used connection its health check's round trip (config/postgresql/base.py).
    DATABASES["default"]["ENGINE"] = "config.postgresql"
    # A second connection to the same database, for what must be seen while a long transaction
    # runs: a background import writes its progress (rows checked, rows written) through it,
    # so that any app server can show it. SQLite has one writer at a time, so there progress
    # is seen when each step ends.
    DATABASES["progress"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Front-end libraries come from the npm registry (`npm ci`, run by `make install`) and are
# served by the app itself: the product must work on a closed network, without a CDN.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/chart.js", BASE_DIR / "node_modules" / "chart.js" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# The overview's table shows this many committees a page (sorted on the server across all of
# them); a city's hundred-odd committees fit on one.
OVERVIEW_PAGE_SIZE = envint("OVERVIEW_PAGE_SIZE", 200)

# django-import-export: importing a sheet needs the change permission of its model, exporting
# the view permission; rows are further limited to the user's committees (targets.workbook).
# Uploads waiting for their confirmation are kept this long, then deleted (targets.previews).
IMPORT_EXPORT_TMP_STORAGE_CLASS = "targets.previews.PreviewStorage"
IMPORT_PREVIEW_MINUTES = envint("IMPORT_PREVIEW_MINUTES", 60)
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

# Imports (the workbook and each sheet in the admin): the largest file accepted, the rows read
# from one sheet and the errors listed (past them: "… and N more errors"), so that no file
# can exhaust the server.
IMPORT_MAX_UPLOAD_MB = envint("IMPORT_MAX_UPLOAD_MB", 10)
IMPORT_MAX_ROWS = envint("IMPORT_MAX_ROWS", 250_000)
IMPORT_MAX_ERRORS = envint("IMPORT_MAX_ERRORS", 200)
# Workbooks with more rows than this are checked and imported by a background task (a worker:
# `manage.py db_worker`), with a progress page; smaller ones within the request.
IMPORT_BACKGROUND_ROWS = envint("IMPORT_BACKGROUND_ROWS", 5000)
# An import under way that shows no progress for this long has lost its worker (stopped or
# killed mid-task; its transaction was rolled back): it is marked failed, to be uploaded again.
IMPORT_STALLED_MINUTES = envint("IMPORT_STALLED_MINUTES", 15)

# Django's tasks framework: the queue is a table of the database (django-tasks-db), so that it
# needs nothing else; `manage.py db_worker` runs the tasks.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# The cache holds the progress engine's results per committee term (targets.progress_cache),
# keyed by data versions kept in the database, so it is never stale. Local memory per process by
# default; with REDIS_URL, Django's Redis cache, shared by every app server.
REDIS_URL = os.environ.get("REDIS_URL", "")
# Whole pages kept for their user's next identical request (targets/kept_pages.py), compressed,
# in a cache of their own so that they never push the engine's results out.
PAGE_CACHE_ENTRIES = envint("PAGE_CACHE_ENTRIES", 5_000)
# Each process also holds the pages it served last, decompressed, up to this many MiB.
KEPT_PAGES_IN_PROCESS_MB = envint("KEPT_PAGES_IN_PROCESS_MB", 16)
if REDIS_URL:
    CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
        for alias, prefix in (("default", "chitieu"), ("pages", "chitieu-pages"))
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # A national overview keeps a few entries per committee (3,300 communes).
            "OPTIONS": {"MAX_ENTRIES": envint("CACHE_MAX_ENTRIES", 100_000)},
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
            "OPTIONS": {"MAX_ENTRIES": PAGE_CACHE_ENTRIES},
        },
    }

# A quarter's report is due this many days after the quarter ends (15 April for Q1).
REPORT_DUE_DAYS = envint("REPORT_DUE_DAYS", 15)
# The place written before the date at the top of the review document (?format=docx).
REPORT_PLACE = os.environ.get("REPORT_PLACE", "Hà Nội")

# Logins: django-axes locks a user name out (from the address it was tried from) after
# repeated failures, for a while; a successful login resets the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading each request's user in SQL.
    "districts.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=envint("LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Behind reverse proxies the address that fails is the client's, read from X-Forwarded-For
# through this many proxies that are trusted to append to it (0: none, REMOTE_ADDR).
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "districts.clients.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# Content Security Policy (Django's own): every script, style, image and font from the app
# itself; scripts also need the page's nonce. No inline style attribute but one, no frames.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    # One inline style is allowed by its hash: simple_history's history page writes
    # style="border-top: 0" on its paginator.
    "style-src": [
        CSP.SELF,
        CSP.UNSAFE_HASHES,
        "'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='",
    ],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# E-mail (reminders of overdue quarters): printed to the console in the demo (DEBUG on,
# no EMAIL_HOST); otherwise sent through SMTP, by default the machine's own mail server.
if os.environ.get("EMAIL_HOST") or not DEBUG:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("EMAIL_HOST", "localhost"),
                "port": envint("EMAIL_PORT", 25),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": envbool("EMAIL_USE_TLS", False),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "chitieu@localhost")
# Where reminders link to: the address the app is served at.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Django's database sessions, each read with its user in one statement (districts/sessions.py;
# their table is districts_session, with the user's id in a column).
SESSION_ENGINE = "districts.sessions"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Production hardening: on whenever DEBUG is off.
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
# Both bind every subdomain (and, preloaded, every browser) to HTTPS for months: only on purpose.
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
# Only behind a proxy that sets X-Forwarded-Proto itself (and drops the client's): otherwise a
# client could claim HTTPS.
if envbool("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
