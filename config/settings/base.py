"""Settings shared by every environment. Everything that varies comes from the environment."""

from datetime import timedelta
from pathlib import Path
from typing import Any

import environ
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-development-key-do-not-use-in-production")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("UTILITE_SITE_URL", default="http://127.0.0.1:8000")
# Map tiles of the directory of places (OpenStreetMap's by default; empty: the list only).
PLACES_TILE_URL = env("UTILITE_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
PLACES_TILE_ATTRIBUTION = env(
    "UTILITE_TILE_ATTRIBUTION", default='© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
)

# Addresses of places to positions, in the background (empty: positions come from files or by hand).
# The national address API: https://api-adresse.data.gouv.fr/search/
PLACES_GEOCODER_URL = env("UTILITE_GEOCODER_URL", default="")

# The territory synthesis is computed at once for networks of up to this many structures taking
# part, in the background above (the page shows when its figures were computed); and again when
# older than UTILITE_SYNTHESIS_MAX_AGE seconds.
SYNTHESIS_SYNC_STRUCTURES = env.int("UTILITE_SYNTHESIS_SYNC_STRUCTURES", default=200)
SYNTHESIS_MAX_AGE = env.int("UTILITE_SYNTHESIS_MAX_AGE", default=3600)
# ...and in the background at most every UTILITE_SYNTHESIS_MIN_INTERVAL seconds, however many writes.
SYNTHESIS_MIN_INTERVAL = env.int("UTILITE_SYNTHESIS_MIN_INTERVAL", default=300)

# Co-publication: hours between publication and the public site, for a person to change their mind.
CONTRIBUTIONS_COOLING_OFF_HOURS = env.int("UTILITE_COOLING_OFF_HOURS", default=0)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "utilite.core",
    "utilite.accounts",
    "utilite.networks",
    "utilite.organisations",
    "utilite.places",
    "utilite.referentiels",
    "utilite.activities",
    "utilite.measures",
    "utilite.testimonies",
    "utilite.questionnaires",
    "utilite.fiches",
    "utilite.commons",
    "utilite.workshops",
    "utilite.contributions",
    "utilite.wiki",
    "utilite.home",
]

MIDDLEWARE = [
    "utilite.core.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "utilite.organisations.second_factor.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
        },
    },
]
FORM_RENDERER = "utilite.core.forms.FormRenderer"

# Database: an embedded SQLite file by default, PostgreSQL in production via DATABASE_URL.
_SQLITE_OPTIONS = {
    # WAL lets readers and one writer work together; IMMEDIATE takes the write lock at the start
    # of a transaction, so concurrent writers wait instead of failing with "database is locked".
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
    ),
}
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'utilite.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = _SQLITE_OPTIONS
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A read replica of PostgreSQL, for the pages marked `core.replica.reads_replica` (read-only pages
# that can show data a few seconds old); everything else, and every write, goes to the primary.
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = {
        **env.db("DATABASE_REPLICA_URL"),
        "CONN_MAX_AGE": DATABASES["default"].get("CONN_MAX_AGE", 0),
        "CONN_HEALTH_CHECKS": True,
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["utilite.core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day

# Login rate limit: five failures for an e-mail from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"  # the sign-in form field that holds the e-mail
AXES_USERNAME_CALLABLE = "utilite.accounts.identity.username_for_lockout"  # case variants count together
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_DISABLE_ACCESS_SUCCESS_LOG = True  # keep failures only: collect the minimum

INVITATION_VALIDITY = timedelta(days=14)
OTP_TOTP_ISSUER = "Utilité"
OTP_TOTP_THROTTLE_FACTOR = 1  # each wrong code doubles the wait before the next try
# Personal data of people without contact for this long is anonymised or deleted (manage.py apply_retention).
RETENTION_MONTHS = env.int("UTILITE_RETENTION_MONTHS", default=24)

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("UTILITE_MEDIA_ROOT", default=str(VAR_DIR / "media"))
# One machine, or a disk every machine mounts (otherwise: S3-compatible storage, see production).
MEDIA_ON_SHARED_DISK = env.bool("UTILITE_MEDIA_SHARED_DISK", default=False)
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The cache holds import progress, presence in the wiki and sessions (below): with several web
# processes or machines it must be shared, e.g. CACHE_URL=rediscache://127.0.0.1:6379/1.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
SHARED_CACHE = CACHES["default"]["BACKEND"].endswith(("RedisCache", "PyMemcacheCache", "PyLibMCCache"))
# Sessions in the database, read through a shared cache when there is one (never through a cache
# local to one process: a sign-out there would leave the session alive in the others).
SESSION_ENGINE = "django.contrib.sessions.backends." + ("cached_db" if SHARED_CACHE else "db")

# E-mail: the console in development; in production EMAIL_URL, e.g. smtp+tls://user:password@host:587


def mailers_from_url(url: str) -> dict[str, dict[str, object]]:
    """Django's MAILERS setting from one EMAIL_URL (parsed by django-environ)."""
    parsed = environ.Env.email_url_config(url)
    options = {
        "host": parsed.get("EMAIL_HOST"),
        "port": parsed.get("EMAIL_PORT"),
        "username": parsed.get("EMAIL_HOST_USER"),
        "password": parsed.get("EMAIL_HOST_PASSWORD"),
        "use_tls": parsed.get("EMAIL_USE_TLS"),
        "use_ssl": parsed.get("EMAIL_USE_SSL"),
        "timeout": 20,
    }
    is_smtp = parsed["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
    return {
        "default": {
            "BACKEND": parsed["EMAIL_BACKEND"],
            "OPTIONS": {key: value for key, value in options.items() if value not in (None, "")} if is_smtp else {},
        }
    }


MAILERS = mailers_from_url(env("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Utilité <ne-pas-repondre@utilite.localhost>")

# Background work: Django's task framework. The database backend needs no extra service;
# `manage.py db_worker` runs the tasks. Development and tests run them immediately.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Readiness (`/sante/pret/`) says the queue is late when a task has waited longer than this.
QUEUE_LATE_SECONDS = env.int("UTILITE_QUEUE_LATE_SECONDS", default=600)

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"


def _tile_origin(url: str) -> list[str]:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return [f"{parts.scheme}://{parts.netloc}"] if parts.scheme and parts.netloc else []


SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    # The map tiles of the directory come from their own server.
    "img-src": [CSP.SELF, "data:", *_tile_origin(PLACES_TILE_URL)],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# Logs on standard error: one line per event with the request (or task) id; JSON with
# DJANGO_LOG_FORMAT=json (the production default), for a log collector.
LOG_FORMAT = env("DJANGO_LOG_FORMAT", default="text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "utilite.core.logs.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": LOG_FORMAT},
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
