"""A separate process that sends views through the real beacon (used by test_concurrency.py)."""

import os


def send_views(database_name: str, overrides: dict, article_id: int, process: int, count: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "journos.settings.test")
    import django
    from django.conf import settings

    settings.DATABASES["default"]["NAME"] = database_name
    for name, value in overrides.items():
        setattr(settings, name, value)
    django.setup()

    from django.test import Client

    from tests.engagement.conftest import BROWSER_UA

    client = Client()
    for reader in range(count):
        response = client.post(
            "/engagement/beacon/",
            {"article": article_id, "event": "view"},
            HTTP_USER_AGENT=BROWSER_UA,
            REMOTE_ADDR=f"10.{process}.{reader // 256}.{reader % 256}",
        )
        assert response.status_code == 202, response.content
        assert response.json()["counted"] is True, response.content
