"""Tests: fast hashing, isolated cache and media, no outgoing e-mail."""

import os
import tempfile
from pathlib import Path

from . import base
from .dev import *  # noqa: F403

LOGGING = base.LOGGING  # plain logging, not the development terminal's filters

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 20000}},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
# Off so that tests which re-render a page see their changes; tests/production turns it on.
PAGE_CACHE_ENABLED = False
CACHE_PROXY_URLS = []
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
SITE_URL = "http://testserver"
WAGTAILADMIN_BASE_URL = SITE_URL

# Each test run its own search slots: another run (or a development server) searching on this machine
# at the same moment must not take them (journos/search/ceiling.py).
SEARCH_SLOTS_DIR = Path(tempfile.mkdtemp(prefix="journos-test-search-slots-"))

# SQLite tests use a database file, not memory: the browser tests' live server answers each request in a thread
# with its own connection, and an in-memory database's shared cache answers a second writer with "database table
# is locked" at once, where a file waits its turn (the busy timeout), as the served site does.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(Path(tempfile.gettempdir()) / f"journos-test-{os.getpid()}.sqlite3")}  # noqa: F405
