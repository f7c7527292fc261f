"""Local development: debug on, anything on loopback, no HTTPS."""

import logging

from journos.core.localfiles import beside_database

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, LOGGING, REDIS_URL, env, env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env.get("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Template and code changes show at once; `PAGE_CACHE=on make run` to try the page cache.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", False)

if not REDIS_URL:
    # Files, not process memory: `make run` serves from one process and publishes, sends and
    # counts from another (the task worker), and both must see the same fragments and stamps.
    # One folder per database (.cache/ for db.sqlite3); `manage.py dev` empties it on start.
    CACHE_DIR = beside_database(DATABASES["default"], BASE_DIR, ".cache")
    CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(CACHE_DIR / alias),
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
        for alias in ("default", "pages")
    }

# E-mails become files in outbox/ (journos/core/outbox.py), one line each in the terminal.
EMAIL_BACKEND = env.get("EMAIL_BACKEND", "journos.core.outbox.EmailBackend")
EMAIL_OUTBOX_DIR = BASE_DIR / env.get("EMAIL_OUTBOX_DIR", "outbox")


def worth_showing(record: logging.LogRecord) -> bool:
    """Keep the terminal for what a developer acts on: not every task the worker ran, not its watcher."""
    if record.name.startswith("django_tasks"):
        return record.levelno >= logging.ERROR
    return not record.getMessage().startswith("Watching for file changes")


LOGGING = {
    **LOGGING,
    "filters": {"worth_showing": {"()": "django.utils.log.CallbackFilter", "callback": worth_showing}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["worth_showing"]}},
    "loggers": {
        "journos.outbox": {"level": "INFO"},
        # Django's own console handler would print the reloader's lines of every process again.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
