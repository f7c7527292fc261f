"""The breaking-news bar: set in Site settings or by "Mark as breaking", shown on every page until cleared."""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Site

import pytest
import time_machine

from journos.core.caching.page_cache import HEADER
from journos.core.caching.store import entry_key
from journos.core.models import SiteSettings
from journos.core.tasks import clear_expired_breaking_news
from journos.news.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(politics):
    return ArticlePageFactory(parent=politics, title="Parliament dissolved")


def set_bar(**fields):
    setting = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    for name, value in {"breaking_active": True, "breaking_headline": "Polls close early", **fields}.items():
        setattr(setting, name, value)
    setting.save()
    return setting


def bar(response):
    html = response.content.decode()
    start = html.find('<section class="breaking-news" aria-label="Breaking news">')
    return html[start : html.index("</section>", start)] if start >= 0 else ""


def staff(django_user_model, role):
    user = django_user_model.objects.create_user(username=role.lower(), password="pw")
    user.groups.add(Group.objects.get(name=role))
    return user


def test_the_bar_shows_on_every_public_page_linking_to_its_story(client, article, politics):
    set_bar(breaking_page=article)
    for url in ("/", politics.url, article.url):
        shown = bar(client.get(url))
        assert f'<a class="breaking-news__link" href="{article.url}">Polls close early</a>' in shown


def test_the_bar_can_link_to_any_address(client, home):
    set_bar(breaking_url="https://example.org/live")
    assert 'href="https://example.org/live"' in bar(client.get("/"))


def test_a_cleared_bar_is_gone(client, home):
    setting = set_bar()
    setting.breaking_active = False
    setting.save()
    assert bar(client.get("/")) == ""


def test_an_expired_bar_is_not_shown_and_the_periodic_job_takes_it_down(client, settings, home):
    settings.PAGE_CACHE_ENABLED = True
    expires = timezone.now() + timedelta(seconds=20)
    set_bar(breaking_expires_at=expires)
    assert "Polls close early" in bar(client.get("/"))
    with time_machine.travel(expires + timedelta(seconds=1)):
        assert client.get("/")[HEADER] == "hit"  # kept with the bar until the job runs (within a minute)
        clear_expired_breaking_news.call()
        response = client.get("/")
    assert not SiteSettings.objects.get().breaking_active
    assert response[HEADER] == "miss" and bar(response) == ""


def test_a_bar_past_its_expiry_is_not_rendered_even_before_the_job(client, home):
    set_bar(breaking_expires_at=timezone.now() - timedelta(seconds=1))
    assert bar(client.get("/")) == ""


def test_setting_the_bar_purges_cached_pages(client, settings, article):
    settings.PAGE_CACHE_ENABLED = True
    client.get(article.url)
    assert client.get(article.url)[HEADER] == "hit"
    set_bar(breaking_page=article)
    response = client.get(article.url)
    assert response[HEADER] == "miss" and "Polls close early" in bar(response)


def test_the_bar_needs_a_headline(admin_client, home):
    url = reverse("wagtailsettings:edit", args=["core", "sitesettings", Site.objects.get().pk])
    response = admin_client.post(url, {"tagline": "x", "copyright_holder": "x", "breaking_active": "on"})
    assert response.status_code == 200
    assert "Give the bar a headline" in response.content.decode()


def test_a_publisher_marks_an_article_as_breaking_in_one_post(client, article, django_user_model):
    client.force_login(staff(django_user_model, "Moderators"))
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).content.decode()
    url = reverse("core_mark_as_breaking", args=[article.pk])
    assert f'data-w-action-url-value="{url}"' in edit  # the header button posts with the CSRF token
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302
    client.logout()
    assert f'href="{article.url}">Parliament dissolved</a>' in bar(client.get("/"))


def test_who_cannot_publish_cannot_mark_as_breaking(client, article, django_user_model):
    client.force_login(staff(django_user_model, "Reporters"))
    url = reverse("core_mark_as_breaking", args=[article.pk])
    assert url not in client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).content.decode()
    response = client.post(url)  # Wagtail's admin answers a refusal by sending the user home with a message
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert not SiteSettings.objects.filter(breaking_active=True).exists()


def test_the_bar_costs_at_most_one_query_on_an_uncached_page_and_none_once_its_fragment_is_kept(client, article):
    client.get(article.url)  # warm the fragment caches, as a site in use has them
    with CaptureQueriesContext(connection) as without_bar:
        client.get(article.url)
    set_bar(breaking_page=article)
    client.get(article.url)  # the bar's fragment, and the page's, made again after the purge
    with CaptureQueriesContext(connection) as with_bar_kept:
        response = client.get(article.url)
    assert "Polls close early" in bar(response)
    assert len(with_bar_kept) == len(without_bar)
    cache.delete(entry_key("fragment:breaking-news", [Site.objects.get()]))
    with CaptureQueriesContext(connection) as with_bar_made:
        response = client.get(article.url)
    assert "Polls close early" in bar(response)
    assert len(with_bar_made) <= len(without_bar) + 1


@pytest.fixture
def changed_tags():
    """The tags each purge named, in order (journos.core.caching.purge.content_changed)."""
    from journos.core.caching.purge import content_changed

    seen = []

    def record(sender, tags, **kwargs):
        seen.append(set(tags))

    content_changed.connect(record, dispatch_uid="test-breaking-changed-tags")
    yield seen
    content_changed.disconnect(dispatch_uid="test-breaking-changed-tags")


def test_setting_or_clearing_the_bar_purges_every_page_but_keeps_their_other_fragments(
    client, article, changed_tags, django_capture_on_commit_callbacks
):
    client.get(article.url)
    with CaptureQueriesContext(connection) as warm:
        client.get(article.url)
    with django_capture_on_commit_callbacks(execute=True):
        setting = set_bar(breaking_page=article)
    with django_capture_on_commit_callbacks(execute=True):
        setting.breaking_active = False
        setting.save()
    assert changed_tags == [{"breaking"}, {"breaking"}]
    with CaptureQueriesContext(connection) as after_purge:
        response = client.get(article.url)
    assert bar(response) == ""
    # Only the bar's fragment is made again (one query for the settings at most): the article, its head,
    # the sidebar and the footer come from the cache.
    assert len(after_purge) <= len(warm) + 1


def test_pages_carry_the_breaking_tag_so_the_proxy_bans_them_with_the_bar(client, settings, article):
    settings.PAGE_CACHE_ENABLED = True
    for url in ("/", article.url):
        assert ",breaking," in client.get(url)["X-Cache-Tags"]


def test_other_site_settings_still_change_everything(home, changed_tags, django_capture_on_commit_callbacks):
    setting = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    setting.save()  # made on first use: nothing readers see changed
    setting = SiteSettings.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        setting.tagline = "News you can trust."
        setting.breaking_active = True
        setting.breaking_headline = "Polls close early"
        setting.save()
    assert changed_tags == [{"all"}]
