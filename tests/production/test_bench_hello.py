"""The floor `make bench` measures against: a bare Django project served like the app."""

import ast
import urllib.request
from pathlib import Path

import django

from bench.hello import settings as hello_settings
from tests.production import servers


def startproject_middleware() -> list[str]:
    """MIDDLEWARE as the installed Django's `startproject` writes it."""
    template = Path(django.__file__).parent / "conf/project_template/project_name/settings.py-tpl"
    for node in ast.parse(template.read_text().replace("{{ secret_key }}", "")).body:
        if isinstance(node, ast.Assign) and node.targets[0].id == "MIDDLEWARE":
            return ast.literal_eval(node.value)
    raise AssertionError("startproject's settings template has no MIDDLEWARE")


def test_hello_runs_exactly_the_default_middleware_with_no_database():
    assert startproject_middleware() == hello_settings.MIDDLEWARE
    assert hello_settings.DATABASES == {}
    assert hello_settings.DEBUG is False


def test_hello_answers_under_the_apps_gunicorn_settings(tmp_path):
    env = servers.production_env(
        database_url="", redis_url="redis://127.0.0.1:1/0", prefix="hello", workdir=tmp_path, static_root=tmp_path
    )
    env["DJANGO_SETTINGS_MODULE"] = "bench.hello.settings"
    process, port = servers.start_gunicorn(env, tmp_path, "hello", app="bench.hello.wsgi", ready_path="/")
    try:
        response = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10)
        assert (response.status, response.read()) == (200, b"Hello")
        assert response.headers["X-Frame-Options"] == "DENY"  # the default middleware ran
    finally:
        servers.stop(process)
