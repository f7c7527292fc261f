"""Local development: debug on, anything on loopback, no HTTPS."""

from .base import *  # noqa: F403
from .base import env, env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env.get("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Template and code changes show at once; `PAGE_CACHE=on make run` to try the page cache.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", False)
