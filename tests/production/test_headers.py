"""The production headers, as a reader's browser gets them through deploy/'s nginx, score A+ (issue 13, item 8).

nginx runs deploy/nginx/journos.conf's HTTPS server (over plain HTTP on loopback: it still tells the app the
request came over HTTPS, so the app sends HSTS) in front of Varnish and gunicorn; its port-80 server gives the
redirect. tests/production/observatory.py scores each response with MDN HTTP Observatory's rules.
"""

import re
import shutil
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from PIL import Image

from tests.production import observatory, servers

pytestmark = [pytest.mark.redis, pytest.mark.varnish]

NGINX_CONF = servers.REPO / "deploy/nginx/journos.conf"


def deploys_server(listen: str) -> str:
    """The body of deploy/'s `server` that listens on `listen`, without what binds it (port, name, certificate)."""
    servers_in_conf = re.findall(r"^server \{\n(.*?)^\}", NGINX_CONF.read_text(), flags=re.MULTILINE | re.DOTALL)
    body = next(server for server in servers_in_conf if f"listen {listen}" in server)
    binding = ("listen", "server_name", "ssl_")
    return "".join(line for line in body.splitlines(keepends=True) if not line.strip().startswith(binding))


def fetch(port: int, path: str) -> observatory.Response:
    url = f"http://127.0.0.1:{port}{path}"
    request = urllib.request.Request(url, headers={"Origin": "https://evil.example"})
    opener = urllib.request.build_opener(NoRedirects)
    try:
        response = opener.open(request, timeout=10)
    except urllib.error.HTTPError as error:
        response = error
    with response:
        assert response.status == 200, f"{path} answered {response.status}"
        text = "text" in response.headers.get("Content-Type", "")
        return observatory.Response(
            url=f"https://127.0.0.1{path}",  # what the reader asked for, before TLS ends at nginx
            headers=dict(response.headers),
            set_cookies=response.headers.get_all("Set-Cookie") or [],
            body=response.read().decode(errors="replace") if text else "",
        )


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def first_answer(port: int, path: str) -> tuple[int, str]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}")
    try:
        with urllib.request.build_opener(NoRedirects).open(request, timeout=10) as response:
            return response.status, response.headers.get("Location", "")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location", "")


@pytest.fixture
def media_root():
    """Uploads nginx serves itself; nginx's workers must be able to read them (pytest's tmp_path is private)."""
    root = Path(tempfile.mkdtemp(prefix="journos-media-"))
    root.chmod(0o755)
    (root / "images").mkdir(mode=0o755)
    Image.new("RGB", (40, 30), "#b00020").save(root / "images/photo.png")
    (root / "images/photo.png").chmod(0o644)
    yield root
    shutil.rmtree(root, ignore_errors=True)


def test_home_article_static_and_media_score_a_plus(newsroom, start_stack, media_root):
    stack = start_stack(worker=False)
    varnish_port = stack.proxy.rsplit(":", 1)[1]
    https_server = deploys_server("443")
    https_server = https_server.replace("http://127.0.0.1:6081", f"http://127.0.0.1:{varnish_port}")
    https_server = https_server.replace("/srv/journos/media/", f"{media_root}/")
    nginx, port = servers.start_nginx(https_server, servers.deploy_nginx(int(varnish_port))[0])  # + limit zones
    stack.processes.append(nginx)
    redirector, http_port = servers.start_nginx(deploys_server("80"))
    stack.processes.append(redirector)

    home = fetch(port, "/")
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]+\.css)"', home.body)[1]
    paths = ["/", newsroom["article"].url, stylesheet, "/media/images/photo.png"]
    scores = {}
    for path in paths:
        response = home if path == "/" else fetch(port, path)
        response.http_redirect = first_answer(http_port, path)
        scores[path] = observatory.score(response)
    report = "\n".join(f"{path}: {result}" for path, result in scores.items())
    assert all(result.grade == "A+" for result in scores.values()), report
    media = fetch(port, "/media/images/photo.png")
    assert media.header("X-Content-Type-Options") == "nosniff"
    assert "sandbox" in media.header("Content-Security-Policy")


def test_the_scorer_fails_a_site_without_these_headers():
    bare = observatory.Response(url="https://news.example.org/", headers={"Content-Type": "text/html"})
    bare.http_redirect = (200, "")
    result = observatory.score(bare)
    assert (result.score, result.grade) == (10, "F"), result  # CSP -25, XFO -20, nosniff -5, HSTS -20, redirect -20
    unsafe = observatory.Response(
        url="https://news.example.org/",
        headers={
            "Content-Security-Policy": "default-src 'self'; script-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
            "Strict-Transport-Security": "max-age=31536000",
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
        },
        set_cookies=["sessionid=abc; Path=/"],
    )
    result = observatory.score(unsafe)
    assert result.results["content-security-policy"][1] == -20
    assert result.results["cookies"] == ("cookies-session-without-secure-flag-but-protected-by-hsts", -10)
    assert result.grade == "B"  # 100 - 20 - 10 = 70, no bonuses below 90
