"""Test settings: fast hashing, in-memory e-mail, tasks run at once, strict templates."""

from .base import *  # noqa: F403
from .base import DATABASES, VAR_DIR

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production-0123456789abcdefghijklmnopqrstuvwxyz"  # noqa: S105  # nosec B105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory: the live server's threads of the browser tests open their own connections.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-utilite.sqlite3")}
# Serve static files from the apps directly (no collectstatic in tests).
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# No persistent connections: the live server's threads must not keep the test database open.
DATABASES["default"]["CONN_MAX_AGE"] = 0
MEDIA_ROOT = VAR_DIR / "test-media"
