import pytest

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_cache(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_fails_when_the_database_does_not_answer(client, monkeypatch):
    from journos.core import views

    monkeypatch.setattr(views, "database_answers", lambda: False)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "down"


def test_healthz_is_never_cached(client, settings):
    settings.PAGE_CACHE_ENABLED = True
    client.get("/healthz")
    assert "X-Page-Cache" not in client.get("/healthz")


def test_healthz_only_reads(client):
    assert client.post("/healthz").status_code == 405
