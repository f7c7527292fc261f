"""Production: every secret and address comes from the environment.

Missing required values stop the process at start-up with a clear message
instead of running with an unsafe default. Every variable is listed, with an
example, in .env.example and the README's "Production" section.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, MIDDLEWARE, STATIC_ROOT, STORAGES, env, env_bool

REQUIRED = ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "SITE_URL", "REDIS_URL"]
missing = [name for name in REQUIRED if not env.get(name, "").strip()]
if missing:
    raise ImproperlyConfigured(
        f"Journos cannot start: set the environment variable(s) {', '.join(missing)} "
        "(see .env.example and the README's Production section)."
    )

DEBUG = False

# The machine itself (the proxy's health probe, monitoring) may always ask for /healthz.
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "localhost", "127.0.0.1"]  # noqa: F405

# HTTPS is terminated in front of the app (nginx, a load balancer), which says so in X-Forwarded-Proto.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(env.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Asking browsers to preload HSTS is hard to undo (every subdomain must stay on HTTPS for months):
# an operator opts in with SECURE_HSTS_PRELOAD=true after reading docs/security.md.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = ["security.W021"]  # the deploy check that only asks for preload

# Persistent connections, checked before each request reuses them: a database
# restart costs one reconnect, never an error page.
DATABASES["default"]["CONN_MAX_AGE"] = int(env.get("DB_CONN_MAX_AGE", "60"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if "replica" in DATABASES:
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]

# Static files: compressed, fingerprinted (cached forever) and served by the app
# itself through WhiteNoise. `manage.py collectstatic` must run on each deploy.
MIDDLEWARE = [*MIDDLEWARE]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "whitenoise.middleware.WhiteNoiseMiddleware"
)
STATIC_ROOT = env.get("STATIC_ROOT", str(STATIC_ROOT))
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}

# Uploaded media on S3-compatible storage when a bucket is named; on local disk (MEDIA_ROOT) otherwise.
if env.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": env.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": env.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "default_acl": None,
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
    # Images then come from the bucket's host: the Content-Security-Policy allows it (journos.core.security).
    if env.get("AWS_S3_CUSTOM_DOMAIN"):
        CSP_MEDIA_SOURCES = [f"https://{env['AWS_S3_CUSTOM_DOMAIN']}"]
    elif env.get("AWS_S3_ENDPOINT_URL"):
        endpoint = urlsplit(env["AWS_S3_ENDPOINT_URL"])
        CSP_MEDIA_SOURCES = [f"{endpoint.scheme}://{endpoint.netloc}"]

# Background tasks go to the database queue that `manage.py db_worker` works through.
# TASK_BACKEND=immediate runs them inside the request instead (no worker; small sites only).
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if env.get("TASK_BACKEND") == "immediate"
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

# E-mail goes out over SMTP (EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, ... in base.py).
EMAIL_BACKEND = env.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.get("LOG_LEVEL", "WARNING")},
    "loggers": {"journos": {"level": env.get("JOURNOS_LOG_LEVEL", "INFO")}},
}
