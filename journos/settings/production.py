"""Production: every secret and address comes from the environment.

Missing required values stop the process at start-up with a clear message
instead of running with an unsafe default.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

REQUIRED = ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "SITE_URL"]
missing = [name for name in REQUIRED if not env.get(name)]
if missing:
    raise ImproperlyConfigured(f"Set these environment variables: {', '.join(missing)}")

DEBUG = False
SECURE_SSL_REDIRECT = env.get("SECURE_SSL_REDIRECT", "true").lower() == "true"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(env.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
