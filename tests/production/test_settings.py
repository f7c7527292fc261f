"""Production settings: everything from the environment, and a clear refusal without it."""

import json
import os
import subprocess

import pytest

from tests.production.servers import PYTHON, REPO

REQUIRED = {
    "SECRET_KEY": "test-production-secret-key-long-enough-for-the-deploy-checks-0123456789",
    "ALLOWED_HOSTS": "news.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/journos_nowhere",
    "SITE_URL": "https://news.example.org",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}
SHOW_SETTINGS = """
import json
from django.conf import settings
from django.core.files.storage import default_storage
db = settings.DATABASES["default"]
print(json.dumps({
    "debug": settings.DEBUG,
    "conn_max_age": db["CONN_MAX_AGE"],
    "health_checks": db["CONN_HEALTH_CHECKS"],
    "caches": sorted({c["BACKEND"] for c in settings.CACHES.values()}),
    "static": settings.STORAGES["staticfiles"]["BACKEND"],
    "media": settings.STORAGES["default"]["BACKEND"],
    "media_url": default_storage.url("images/a.jpg"),
    "tasks": settings.TASKS["default"]["BACKEND"],
    "whitenoise": "whitenoise.middleware.WhiteNoiseMiddleware" in settings.MIDDLEWARE,
}))
"""


def manage(*args, env_overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in REQUIRED and not key.startswith(("AWS_", "DJANGO_"))  # e.g. the browser tests' ASYNC_UNSAFE
    }
    env.update(DJANGO_SETTINGS_MODULE="journos.settings.production", **env_overrides)
    return subprocess.run([PYTHON, "manage.py", *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_with_the_required_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=REQUIRED)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_refuses_to_start_without_a_required_variable(name):
    env = {key: value for key, value in REQUIRED.items() if key != name}
    result = manage("check", env_overrides=env)
    assert result.returncode != 0
    assert "Journos cannot start: set the environment variable(s)" in result.stderr
    assert name in result.stderr.splitlines()[-1]


def test_production_defaults():
    result = manage("shell", "-c", SHOW_SETTINGS, env_overrides=REQUIRED)
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout.splitlines()[-1])
    assert shown["debug"] is False
    assert shown["conn_max_age"] == 60
    assert shown["health_checks"] is True
    assert shown["caches"] == ["journos.core.cache_backends.FailOpenRedisCache"]
    assert shown["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert shown["whitenoise"] is True
    assert shown["media"] == "journos.core.storage.AtomicFileSystemStorage"
    assert shown["tasks"] == "django_tasks_db.DatabaseBackend"


def test_media_goes_to_s3_compatible_storage_when_a_bucket_is_named():
    s3 = {"AWS_STORAGE_BUCKET_NAME": "journos-media", "AWS_S3_CUSTOM_DOMAIN": "media.example.org"}
    result = manage("shell", "-c", SHOW_SETTINGS, env_overrides={**REQUIRED, **s3})
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout.splitlines()[-1])
    assert shown["media"] == "storages.backends.s3.S3Storage"
    assert shown["media_url"] == "https://media.example.org/images/a.jpg"
