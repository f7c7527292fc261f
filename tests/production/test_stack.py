"""The production stack on loopback: gunicorn (production settings), the worker, Varnish, Redis.

An editor's change reaches readers through the caching proxy within seconds;
signed-in readers are never cached; the proxy takes purges only from the app;
the app survives its database connections being cut.
"""

import secrets
import time
import urllib.error
import urllib.request

import pytest

from journos.news.factories import ArticlePageFactory
from tests.production import servers

pytestmark = [pytest.mark.redis, pytest.mark.varnish]

PUBLISH_NEW_TITLE = """
from journos.news.models import ArticlePage
article = ArticlePage.objects.get(slug="summit")
article.title = "Summit ends with a deal"
article.save_revision().publish()
"""

ADD_MENU_ITEM = """
from wagtail.models import Site
from journos.core.models import NavigationSettings
navigation = NavigationSettings.for_site(Site.objects.get(is_default_site=True))
navigation.header_links.create(page_id={section}, label="Money matters")
navigation.save()
"""

CREATE_EDITOR = """
from journos.accounts.models import User
User.objects.create_superuser("editor", "editor@example.org", "editor-pw-123")
"""


def wait_for_text(stack, path, text, seconds):
    """Poll through the proxy; how long the new text took to show, or None if it did not."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if text in stack.get(path).text:
            return time.monotonic() - started
        time.sleep(0.05)
    return None


def warm_through_varnish(stack, paths):
    for path in paths:
        stack.get(path)
        assert stack.get(path).headers["X-Cache"] == "HIT", path


def test_a_published_change_shows_through_varnish_within_two_seconds(newsroom, elsewhere, start_stack):
    # Another article in the same section lists it among its related posts.
    sibling = ArticlePageFactory(parent=newsroom["diplomacy"], title="Delegates pack up", slug="delegates")
    sports = elsewhere["section elsewhere"]
    stack = start_stack()
    article = newsroom["article"].url
    showing = ["/", newsroom["diplomacy"].url, "/tags/summit/", sibling.url, "/feeds/rss/"]
    warm_through_varnish(stack, [article, *showing, sports])
    assert all("Summit ends without deal" in stack.get(path).text for path in showing)
    assert "X-Cache-Tags" not in stack.get(article).headers  # for bans only, not for readers

    stack.django(PUBLISH_NEW_TITLE)

    took = wait_for_text(stack, article, "Summit ends with a deal", seconds=2)
    assert took is not None, "the new title did not show through Varnish within 2 seconds"
    for path in showing:
        assert "Summit ends with a deal" in stack.get(path).text, path
    assert stack.get(sports).headers["X-Cache"] == "HIT"  # it does not show the article: still cached


def test_a_navigation_change_reaches_every_page_through_varnish(newsroom, start_stack):
    stack = start_stack()
    paths = ["/", newsroom["article"].url, newsroom["economy"].url, newsroom["author"].url]
    warm_through_varnish(stack, paths)

    stack.django(ADD_MENU_ITEM.format(section=newsroom["economy"].pk))

    for path in paths:
        assert wait_for_text(stack, path, "Money matters", seconds=2) is not None, path


def test_signed_in_readers_pass_through_and_are_never_cached(newsroom, start_stack):
    stack = start_stack(worker=False)
    # Made by the app's own process: its password hasher is production's, not the tests' fast one.
    stack.django(CREATE_EDITOR)
    session = log_in(stack, "editor", "editor-pw-123")

    dashboard = stack.get("/admin/", cookie=session)
    assert dashboard.status == 200
    assert dashboard.headers["X-Cache"] == "PASS"
    assert "editor" in dashboard.text

    signed_in_article = stack.get(newsroom["article"].url, cookie=session)
    assert signed_in_article.headers["X-Cache"] == "PASS"
    assert "X-Page-Cache" not in signed_in_article.headers

    anonymous = stack.get("/admin/")
    assert "editor@example.org" not in anonymous.text
    assert "Sign in" in anonymous.text or "login" in anonymous.text.lower()


def test_varnish_takes_purges_only_from_the_app():
    if not servers.VARNISHD.exists():
        pytest.fail("no varnishd at /usr/sbin/varnishd (apt-get install -y varnish)")
    process, port = servers.start_varnish(backend_port=servers.free_port(), purgers=['"192.0.2.1"'])
    try:
        request = urllib.request.Request(f"http://127.0.0.1:{port}/", method="BAN", headers={"X-Cache-Tags": "all"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=5)
        assert refused.value.code == 403
    finally:
        servers.stop(process)


def test_the_app_survives_its_database_connections_being_cut(newsroom, start_stack, tmp_path):
    """Persistent connections are checked before reuse: a cut one costs a reconnect, never an error page."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("cuts PostgreSQL connections (pg_terminate_backend); run with DATABASE_URL=postgres://...")
    name = f"journos-it-{secrets.token_hex(4)}"
    url = servers.shared_database_url(connection, tmp_path) + f"?application_name={name}"
    stack = start_stack(varnish=False, worker=False, DATABASE_URL=url, PAGE_CACHE="off")
    article = newsroom["article"].url
    assert [stack.get(article, via="app").status for _ in range(6)] == [200] * 6

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s", [name])
        assert cursor.fetchall(), "gunicorn kept no persistent connection to cut"

    assert [stack.get(article, via="app").status for _ in range(6)] == [200] * 6


def log_in(stack, username, password) -> str:
    """Sign in through the proxy like a browser; the Cookie header to send afterwards."""
    import http.cookiejar
    import re
    import urllib.parse

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(stack.proxy + "/admin/login/", timeout=10).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password})
    opener.open(stack.proxy + "/admin/login/", data=data.encode(), timeout=10)
    cookies = {cookie.name: cookie.value for cookie in jar}
    assert "sessionid" in cookies, "login failed"
    return "; ".join(f"{name}={value}" for name, value in cookies.items())
