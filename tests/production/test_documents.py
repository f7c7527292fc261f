"""Private documents through deploy/'s chain: nginx → Varnish → gunicorn, with the production settings.

nginx runs deploy/nginx/journos.conf's locations (over plain HTTP), its media folder pointed at the
app's MEDIA_ROOT, and the app answers allowed downloads with X-Accel-Redirect (.env.example's
DOCUMENTS_X_ACCEL_PREFIX), which nginx serves from its `internal` location.

Before (main): a document in a login-restricted collection, refused at /documents/<id>/<name>, was
served to anyone by nginx at /media/documents/<original name> (200, the file, no Content-Disposition).
After: 404 there at any path; the signed-in reader downloads it through the app as an attachment.
"""

import http.client
import re
import shutil
import tempfile
from pathlib import Path
from urllib.parse import quote

from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile

from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction

import pytest

from journos.core.groups import ensure_newsroom_groups
from tests.production import servers
from tests.production.test_client_address import env_example
from tests.production.test_stack import log_in
from tests.utils import make_site

pytestmark = [pytest.mark.redis, pytest.mark.varnish]

SECRET = b"%PDF-1.4 board minutes: the merger is off"


def deploys_locations(varnish_port: int, media_root: Path) -> str:
    """Every `location` of deploy/nginx/journos.conf, sending to our Varnish and serving our media folder."""
    conf = (servers.REPO / "deploy/nginx/journos.conf").read_text()
    blocks = re.findall(r"^    location .*?^    \}\n", conf, flags=re.MULTILINE | re.DOTALL)
    body = "".join(blocks)
    assert "/srv/journos/media/" in body and "internal;" in body
    return body.replace("http://127.0.0.1:6081", f"http://127.0.0.1:{varnish_port}").replace(
        "/srv/journos/media/", f"{media_root}/"
    )


def fetch(port: int, path: str, cookie: str = "") -> tuple[int, dict, bytes]:
    """One GET to nginx, redirects not followed."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", quote(path, safe="/%"), headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@pytest.fixture
def media_root(settings):
    """A media folder nginx's worker (another user) can read, shared by this test and the app."""
    root = Path(tempfile.mkdtemp(prefix="journos-media-"))
    root.chmod(0o755)
    settings.MEDIA_ROOT = root
    yield root
    shutil.rmtree(root, ignore_errors=True)


def test_a_private_document_leaves_only_through_the_app_to_signed_in_readers(
    start_stack, media_root, django_user_model
):
    make_site()
    board = Collection.get_first_root_node().add_child(name="Board papers")
    CollectionViewRestriction.objects.create(collection=board, restriction_type=CollectionViewRestriction.LOGIN)
    private = Document.objects.create(
        title="Minutes", collection=board, file=ContentFile(SECRET, name="board-minutes.pdf")
    )
    public = Document.objects.create(title="Rates", file=ContentFile(b"rates", name="résumé rates.txt"))
    (media_root / "original_images").mkdir()
    (media_root / "original_images/photo.png").write_bytes(b"\x89PNG image")
    # Hashed as production hashes (the tests' own fast hasher is not among its hashers).
    password = PBKDF2PasswordHasher().encode("a-long-password-1", PBKDF2PasswordHasher().salt())
    editor = django_user_model.objects.create(username="eve", email="eve@newsroom.example", password=password)
    ensure_newsroom_groups()  # a transactional test may start after another emptied the tables
    editor.groups.add(Group.objects.get(name="Editors"))
    assert (media_root / private.file.name).read_bytes() == SECRET

    stack = start_stack(
        worker=False,
        MEDIA_ROOT=str(media_root),
        DOCUMENTS_X_ACCEL_PREFIX=env_example("DOCUMENTS_X_ACCEL_PREFIX"),
    )
    varnish_port = int(stack.proxy.rsplit(":", 1)[1])
    limit_zones = servers.deploy_nginx(varnish_port)[0]  # the search locations' limit_req and limit_conn zones
    nginx, port = servers.start_nginx(deploys_locations(varnish_port, media_root), limit_zones)
    stack.processes.append(nginx)

    # Straight from disk: never, whether the path is known or guessed (as it was on main).
    for path in (f"/media/{private.file.name}", "/media/documents/board-minutes.pdf", f"/media/{public.file.name}"):
        status, _, body = fetch(port, path)
        assert (status, SECRET in body) == (404, False), path
    # Nor through nginx's internal location.
    assert fetch(port, f"/internal-media/{private.file.name}")[0] == 404
    # Images are still served from disk.
    assert fetch(port, "/media/original_images/photo.png")[:3:2] == (200, b"\x89PNG image")

    # Through the app: anonymous readers are sent to log in ...
    status, headers, body = fetch(port, private.url)
    assert status == 302 and SECRET not in body
    assert "login" in headers["Location"]

    # ... signed-in ones download it, as an attachment the browser does not sniff or render.
    cookie = log_in(stack, "eve", "a-long-password-1")
    status, headers, body = fetch(port, private.url, cookie=cookie)
    assert (status, body) == (200, SECRET)
    assert headers["Content-Disposition"] == 'attachment; filename="board-minutes.pdf"'
    assert headers["Content-Type"] == "application/pdf"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert "X-Accel-Redirect" not in headers
    # No cache on the way (Varnish, the app's page cache) hands that download to the next anonymous reader.
    assert fetch(port, private.url)[0] == 302

    # A public document (a name nginx must find percent-encoded): anyone, through the app, as an attachment.
    status, headers, body = fetch(port, public.url)
    assert (status, body) == (200, b"rates")
    assert headers["Content-Disposition"].startswith('attachment; filename="resume_rates.txt"; filename*=UTF-8')
