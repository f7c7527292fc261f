"""The cache store under the invalidation model: freshness by tag, races, stampedes, lost stamps."""

from django.core.cache import cache

import pytest

from journos.core.caching.dependencies import collecting, depends_on
from journos.core.caching.store import LOCK_SECONDS, STAMP, cached, entry_key, stamp


def build(value, *tags):
    def run():
        depends_on(*tags)
        run.calls += 1
        return value

    run.calls = 0
    return run


def test_an_entry_is_kept_until_one_of_its_tags_changes():
    first = build("v1", "page:1", "image:2")
    assert cached("box", [], first) == "v1"
    assert cached("box", [], build("v2")) == "v1"
    stamp(["image:3"])  # something else
    assert cached("box", [], build("v2")) == "v1"
    stamp(["image:2"])
    assert cached("box", [], build("v2")) == "v2"


def test_a_render_that_read_old_data_before_a_change_is_not_kept():
    def slow_render():
        depends_on("page:1")
        stamp(["page:1"])  # an editor publishes while this render is under way
        return "old headline"

    assert cached("box", [], slow_render) == "old headline"
    assert cached("box", [], build("new headline", "page:1")) == "new headline"


def test_a_fragment_hands_its_tags_to_the_page_around_it():
    cached("sidebar", [], build("html", "recommended"))
    with collecting() as page:
        cached("sidebar", [], build("other"))  # served from the cache
    assert "recommended" in page.tags


def test_while_one_worker_rebuilds_a_stale_fragment_the_others_serve_the_old_copy():
    cached("box", [], build("old", "page:1"))
    stamp(["page:1"])
    cache.add(f"{entry_key('box', [])}:lock", 1, LOCK_SECONDS)  # another worker is rebuilding it
    other = build("new", "page:1")
    with collecting() as page:
        assert cached("box", [], other) == "old"
    assert other.calls == 0
    assert page.used_stale  # so the page around it is not kept long by shared caches


def test_a_lost_stamp_makes_what_depended_on_it_stale():
    cached("box", [], build("old", "page:1"))
    cache.delete(STAMP + "page:1")  # evicted
    assert cached("box", [], build("new", "page:1")) == "new"


@pytest.mark.django_db
def test_a_page_built_from_a_stale_copy_is_kept_by_shared_caches_for_a_moment_only(client, settings, home):
    settings.PAGE_CACHE_ENABLED = True
    client.get("/")
    stamp([f"page:{home.pk}"])
    cache.add(f"{entry_key('fragment:home', [home])}:lock", 1, LOCK_SECONDS)
    response = client.get("/")
    assert "s-maxage=2" in response["Cache-Control"]
    assert "X-Cache-Tags" not in response
    assert client.get("/").get("X-Page-Cache") != "hit"
