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


def test_each_gunicorn_keeps_its_control_socket_to_itself(tmp_path):
    """gunicorn 27 opens a control socket at one path per user unless told otherwise: two servers would share it."""
    home = tmp_path / "home"
    home.mkdir()
    env = servers.production_env(
        database_url="", redis_url="redis://127.0.0.1:1/0", prefix="hello", workdir=tmp_path, static_root=tmp_path
    )
    env |= {"DJANGO_SETTINGS_MODULE": "bench.hello.settings", "HOME": str(home)}
    env.pop("XDG_RUNTIME_DIR", None)
    own_socket = tmp_path / "second.ctl"
    first, _ = servers.start_gunicorn(env, tmp_path, "first", app="bench.hello.wsgi", ready_path="/")
    second, _ = servers.start_gunicorn(
        {**env, "GUNICORN_CONTROL_SOCKET": str(own_socket)}, tmp_path, "second", app="bench.hello.wsgi", ready_path="/"
    )
    try:
        # gunicorn opens the socket just after its workers start: by then the first server has opened its own.
        servers.wait_until(own_socket.is_socket, timeout=10)  # a server given its own path gets it
        assert not (home / ".gunicorn").exists()  # the shared default path is never opened
    finally:
        servers.stop(first)
        servers.stop(second)
