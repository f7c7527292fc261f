"""`manage.py seed_demo`: the demo site a newcomer sees after `make run`."""

import os
import random
import re
import stat
import tempfile
from datetime import timedelta
from email.utils import parseaddr
from io import StringIO
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import TestCase, override_settings
from django.utils import timezone

from wagtail.models import Page, Site
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

import pytest
from taggit.models import Tag

from journos.core import progress
from journos.core.models import CustomImage, NavigationSettings, SiteSettings
from journos.news.demo import administrator, bulk
from journos.news.demo.bulk import add_generated_articles
from journos.news.demo.stories import parse_body
from journos.news.models import (
    ArticleAuthor,
    ArticlePage,
    ArticleTag,
    AuthorPage,
    HomePage,
    LiveBlogEntry,
    LiveBlogPage,
    SectionPage,
)
from journos.pages.models import ContactPage, StandardPage
from journos.search import relevance


@pytest.fixture(autouse=True)
def media_in_tmp():
    """Replaces the conftest fixture: the seeded images live in the class's own folder (see setUpClass)."""


def seed(*args) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def index_entry(article) -> dict:
    """What the search index holds for an article: each vector's words with their weights, and the plain text.

    Positions are left out: Wagtail adds each tag's words to the vector apart, the bulk load all at once.
    """
    entry = IndexEntry.objects.get(object_id=str(article.pk))
    values = {field.attname: getattr(entry, field.attname) for field in IndexEntry._meta.concrete_fields}
    del values["id"], values["title_norm"]  # the norm changes with every article added
    if connection.vendor == "postgresql":
        values |= {name: weighted_words(values[name]) for name in ("title", "body", "autocomplete")}
    return values


def weighted_words(vector: str) -> dict[str, set[str]]:
    """{'lexeme': {'A', 'C'}} from a tsvector's text ('lexeme':1A,5C; no letter is weight D)."""
    words = {}
    for lexeme, positions in re.findall(r"'((?:[^']|'')+)'(?::(\S+))?", vector):
        weights = {position[-1] if position[-1] in "ABC" else "D" for position in (positions or "D").split(",")}
        words.setdefault(lexeme, set()).update(weights)
    return words


class Terminal(StringIO):
    def isatty(self):
        return True


def content_counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Page, Site, CustomImage, ArticleAuthor, ArticleTag, Tag, get_user_model())
    } | {
        "header links": sum(navigation.header_links.count() for navigation in NavigationSettings.objects.all()),
        "footer links": sum(navigation.footer_links.count() for navigation in NavigationSettings.objects.all()),
    }


class SeedDemoTests(TestCase):
    """One seed (run the way `make run` runs it: --if-empty, on a fresh database) shared by every test."""

    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.TemporaryDirectory()
        cls.addClassCleanup(cls.folder.cleanup)
        cls.password_file = Path(cls.folder.name) / ".demo-admin-password"
        cls.enterClassContext(
            override_settings(MEDIA_ROOT=Path(cls.folder.name) / "media", DEMO_ADMIN_PASSWORD_FILE=cls.password_file)
        )
        super().setUpClass()

    @classmethod
    def setUpTestData(cls):
        cls.output = seed("--if-empty")

    def test_home_page_replaces_wagtails_welcome_page_as_site_root(self):
        site = Site.objects.get(is_default_site=True)
        self.assertIsInstance(site.root_page.specific, HomePage)
        self.assertEqual(site.site_name, "Journos")
        self.assertEqual(list(Page.objects.filter(depth=2)), [site.root_page])

    def test_sections_nest_and_introduce_themselves(self):
        sections = SectionPage.objects.all()
        self.assertGreaterEqual(sections.count(), 10)
        self.assertTrue(all(section.introduction for section in sections))
        for parent, child in (("world", "europe"), ("politics", "diplomacy"), ("business", "markets")):
            self.assertEqual(sections.get(slug=child).get_parent().slug, parent)

    def test_six_authors_with_role_bio_portrait_and_example_links(self):
        authors = AuthorPage.objects.select_related("photo")
        self.assertEqual(authors.count(), 6)
        for author in authors:
            self.assertTrue(author.role and author.bio)
            self.assertTrue(author.photo.file.storage.exists(author.photo.file.name))
            self.assertTrue(author.photo.description)
            for _, url in author.social_links:
                self.assertTrue(url.startswith("https://example.org/"), url)
        self.assertTrue(any(author.social_links for author in authors))

    def test_sixty_two_articles_with_full_bodies(self):
        articles = ArticlePage.objects.not_type(LiveBlogPage).select_related("featured_image")
        self.assertEqual(articles.count(), 62)
        for article in articles:
            kinds = [block.block_type for block in article.body]
            self.assertTrue(4 <= kinds.count("paragraph") <= 8, article.slug)
            self.assertIn("related_posts", kinds[1:-1], f"{article.slug}: the marker belongs mid-body")
            self.assertIn(len(article.authors), (1, 2))
            self.assertTrue(article.standfirst and article.tags.exists())
            image = article.featured_image
            self.assertTrue(image.description and image.caption and image.credit.startswith("Illustration:"))
        for kind in ("heading", "pull_quote", "image"):
            self.assertTrue(any(kind in [b.block_type for b in article.body] for article in articles), kind)

    def test_articles_share_tags_and_some_have_sources_and_extra_categories(self):
        shared = [tag for tag in Tag.objects.all() if ArticleTag.objects.filter(tag=tag).count() >= 3]
        self.assertGreaterEqual(len(shared), 5)
        sourced = ArticlePage.objects.exclude(source_url="")
        self.assertTrue(sourced.exists())
        self.assertTrue(all(article.source_url.startswith("https://example.org/") for article in sourced))
        self.assertTrue(ArticlePage.objects.filter(extra_categories__isnull=False).exists())

    def test_a_live_blog_with_timestamped_updates_and_key_events_its_coverage_ended(self):
        live_blog = LiveBlogPage.objects.get()
        self.assertEqual(live_blog.get_parent().slug, "climate")
        entries = live_blog.entry_list
        self.assertGreaterEqual(len(entries), 6)
        self.assertEqual(entries, sorted(entries, key=lambda entry: entry.posted_at, reverse=True))
        self.assertGreaterEqual(len(live_blog.key_events), 3)
        self.assertTrue(live_blog.coverage_has_ended)
        self.assertEqual(live_blog.live_revision.as_object().entries.count(), len(entries))
        response = self.client.get(live_blog.url)
        self.assertContains(response, "Storm Maren reaches Port Averly")
        self.assertContains(response, "Key events")

    def test_publication_dates_spread_over_ten_months_some_updated_later(self):
        articles = ArticlePage.objects.all()
        first_dates = [article.first_published_at for article in articles]
        self.assertLessEqual(max(first_dates), timezone.now())
        self.assertGreater(max(first_dates) - min(first_dates), timedelta(days=270))
        self.assertTrue(any(a.last_published_at > a.first_published_at for a in articles))

    def test_some_articles_have_types_and_one_a_correction(self):
        types = set(ArticlePage.objects.values_list("article_type", flat=True))
        self.assertTrue({"news", "opinion", "explainer", "sponsored"} <= types, types)
        for sponsored in ArticlePage.objects.filter(article_type="sponsored"):
            self.assertTrue(sponsored.sponsor_name)
        corrected = ArticlePage.objects.get(corrections__kind="correction")
        self.assertIn("twelve seats", corrected.corrections.get(kind="correction").text)
        self.assertLessEqual(corrected.corrections.get(kind="correction").date, timezone.now())
        response = self.client.get(corrected.url)
        self.assertContains(response, "This article was corrected on")
        self.assertContains(self.client.get("/corrections/"), corrected.title)

    def test_standards_pages_are_chosen_in_site_settings(self):
        site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        chosen = [page.title for _, page in site_settings.standards_pages]
        self.assertEqual(chosen, ["Masthead", "Ethics Policy", "Corrections Policy", "Ownership and Funding"])
        footer = self.client.get("/").content.decode()
        for _, page in site_settings.standards_pages:
            self.assertIn(f'href="{page.url}"', footer)

    def test_front_page_has_a_chosen_lead_and_top_stories(self):
        home = HomePage.objects.get()
        self.assertIsNotNone(home.lead_story)
        self.assertGreaterEqual(home.top_stories.count(), 3)

    def test_settings_and_navigation(self):
        site = Site.objects.get(is_default_site=True)
        site_settings = SiteSettings.for_site(site)
        self.assertTrue(site_settings.tagline and site_settings.newsletter_blurb)
        self.assertTrue(all(url.startswith("https://example.org/") for _, url in site_settings.social_links))
        navigation = NavigationSettings.for_site(site)
        top_level = SectionPage.objects.child_of(site.root_page)
        self.assertEqual({link.page_id for link in navigation.header_links.all()}, {s.pk for s in top_level})
        self.assertEqual(navigation.header_links.first().page.slug, "world")
        footer = [link.page.title for link in navigation.footer_links.all()]
        self.assertIn("Contact Us", footer)
        self.assertIn("Cookie Settings", footer)

    def test_the_demo_has_a_drawn_logo(self):
        logo = SiteSettings.for_site(Site.objects.get(is_default_site=True)).logo
        self.assertIsNotNone(logo)
        self.assertEqual(logo.alt_text, "Journos")
        self.assertTrue(logo.file.name.endswith(".png"))
        self.assertGreater(logo.width, 3 * logo.height)  # the mark and the name on one plate

    def test_footer_pages_and_contact_form(self):
        titles = set(StandardPage.objects.values_list("title", flat=True))
        for title in (
            "About Us",
            "Privacy Policy",
            "Terms and Conditions",
            "Accessibility Statement",
            "Cookie Settings",
            "Advertising",
            "Support Press Freedom",
        ):
            self.assertIn(title, titles)
        cookies = StandardPage.objects.get(slug="cookie-settings")
        text = " ".join(str(block.value) for block in cookies.body)
        self.assertIn("essential", text)
        self.assertIn("browser", text)
        contact = ContactPage.objects.get()
        self.assertEqual(contact.to_address, parseaddr(settings.DEFAULT_FROM_EMAIL)[1])
        field_types = [field.field_type for field in contact.form_fields.all()]
        self.assertEqual(field_types, ["singleline", "email", "multiline"])

    def test_seeded_pages_answer(self):
        article = ArticlePage.objects.get(slug="orlen-flood-defences-hold")
        for url in (
            "/",
            "/world/",
            "/world/europe/",
            article.url,
            "/authors/",
            AuthorPage.objects.first().url,
            "/tags/lindhaven/",
            "/about-us/",
            "/contact-us/",
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)
        self.assertContains(self.client.get(article.url), article.title)

    def test_articles_have_plausible_views_and_shares_so_popular_news_has_figures(self):
        from django.db.models import Sum

        from journos.engagement import readers, selectors
        from journos.engagement.models import DailyCount, HourlyCount, Kind

        views = dict(
            DailyCount.objects.filter(kind=Kind.VIEW)
            .values("article")
            .annotate(n=Sum("count"))
            .values_list("article", "n")
        )
        self.assertEqual(set(views), set(ArticlePage.objects.values_list("pk", flat=True)))
        self.assertTrue(all(20 < total < 50_000 for total in views.values()), views)
        lead = ArticlePage.objects.get(slug="orlen-flood-defences-hold")
        self.assertGreater(selectors.article_totals(article_id=lead.pk).shares, 0)
        popular = selectors.most_read(days=7, limit=5)
        self.assertEqual(len(popular), 5)
        self.assertTrue(all(article.total_shares > 0 for article in popular))
        # The dashboard's chart of today: hour by hour, adding up to today's views.
        today = DailyCount.objects.filter(kind=Kind.VIEW, day=readers.today()).aggregate(n=Sum("count"))["n"]
        self.assertEqual(sum(views for _, views in selectors.hourly_views_today()), today)
        self.assertTrue(HourlyCount.objects.exists())
        html = self.client.get("/").content.decode()
        self.assertIn("Popular News", html)
        self.assertRegex(html, r"[1-9][0-9.K]* shares")

    def test_search_finds_the_demos_stories_by_author_tag_and_section(self):
        from journos.search.selectors import find_articles, search_terms

        def found(query):
            return {article.slug for article in find_articles(terms=search_terms(query)).results}

        halloran = AuthorPage.objects.get(title="Ines Halloran")
        bylined = set(ArticlePage.objects.filter(article_authors__author=halloran).values_list("slug", flat=True))
        self.assertGreater(len(bylined), 3)
        self.assertTrue(bylined <= found("Halloran"))  # and stories that quote her name in their text
        self.assertTrue(bylined <= found("Ines Halloran"))
        tagged = set(ArticlePage.objects.filter(tags__name="Lindhaven").values_list("slug", flat=True))
        self.assertTrue(tagged and tagged <= found("Lindhaven"))
        europe = SectionPage.objects.get(slug="europe")
        filed = set(ArticlePage.objects.child_of(europe).values_list("slug", flat=True))
        self.assertTrue(filed and filed <= found("Europe"))
        html = self.client.get("/search/", {"q": "halloran"}).content.decode()
        self.assertNotIn("No articles match", html)

    def test_second_run_changes_nothing(self):
        from journos.engagement.models import DailyCount

        counts = list(DailyCount.objects.order_by("pk").values_list("article", "day", "kind", "count"))
        before = content_counts()
        dates = dict(ArticlePage.objects.values_list("slug", "first_published_at"))
        updates = list(LiveBlogEntry.objects.order_by("pk").values_list("pk", "posted_at", "headline"))
        output = seed()
        self.assertEqual(content_counts(), before)
        self.assertEqual(
            list(LiveBlogEntry.objects.order_by("pk").values_list("pk", "posted_at", "headline")), updates
        )
        self.assertEqual(dict(ArticlePage.objects.values_list("slug", "first_published_at")), dates)
        self.assertEqual(
            list(DailyCount.objects.order_by("pk").values_list("article", "day", "kind", "count")), counts
        )
        self.assertIn("0 images drawn", output)

    def test_if_empty_does_nothing_once_there_is_content(self):
        before = content_counts()
        output = seed("--if-empty")
        self.assertEqual(content_counts(), before)
        self.assertIn("already has content", output)
        self.assertIn(f"the password is in {self.password_file}", output)

    def test_demo_administrator_is_created_with_a_printed_random_password(self):
        admin = get_user_model().objects.get(username="admin")
        self.assertTrue(admin.is_superuser)
        self.assertTrue(admin.groups.filter(name="Administrators").exists())
        password = self.password_file.read_text().strip()
        self.assertTrue(admin.check_password(password))
        self.assertEqual(stat.S_IMODE(os.stat(self.password_file).st_mode), 0o600)
        self.assertIn(f"Log into {settings.SITE_URL}/admin/ as admin / {password}", self.output)

    def test_articles_option_adds_valid_live_searchable_pages(self):
        output = seed("--articles", "7")
        self.assertIn("Added 7 generated articles", output)
        self.assertEqual(ArticlePage.objects.count(), 62 + 1 + 7)  # stories, the live blog, generated
        self.assertEqual(Page.find_problems(), ([], [], [], [], []))
        newest = ArticlePage.objects.order_by("-pk")[:7]
        for article in newest:
            self.assertTrue(article.live and article.authors and article.tags.exists())
            self.assertEqual(article.url_path, f"{article.get_parent().url_path}{article.slug}/")
            self.assertEqual(self.client.get(article.url).status_code, 200)
        found = get_search_backend().search(newest[0].title, ArticlePage)
        self.assertIn(newest[0].pk, [article.pk for article in found])

    def test_demo_pages_are_published_as_wagtail_publishes_so_scheduling_a_change_keeps_them_live(self):
        pages = Page.objects.live().filter(depth__gt=1)
        self.assertFalse(pages.filter(live_revision__isnull=True).exists())
        self.assertFalse(pages.filter(has_unpublished_changes=True).exists())
        article = ArticlePage.objects.live().first()
        first_published = article.first_published_at
        article.title = "A change for tomorrow"
        article.go_live_at = timezone.now() + timedelta(days=1)
        article.save_revision().publish()
        article.refresh_from_db()
        self.assertTrue(article.live)  # the live version stays until the change's time
        self.assertNotEqual(article.title, "A change for tomorrow")
        self.assertEqual(article.first_published_at, first_published)

    def test_generated_articles_are_indexed_as_wagtail_indexes_them(self):
        """The bulk load writes the search index itself (fast); a reader's search must not tell the difference."""
        add_generated_articles(30)
        generated = ArticlePage.objects.order_by("-pk")[:30]
        for article in generated:
            bulk_entry = index_entry(article)
            get_search_backend().add(ArticlePage.objects.get(pk=article.pk))  # Wagtail's own indexing
            self.assertEqual(bulk_entry, index_entry(article), article.title)

    def test_searches_an_editor_checks_find_what_they_expect_among_many_generated_articles(self):
        """journos/search/relevance.py's cases (headlines, remembered words, bylines, tags, a common word),
        with PostgreSQL ranking only the newest 50 matches, as it ranks the newest 200 of a million.
        Seeded: an unlucky draw gives a headline with "gardens" untagged Gardening, which outranks the tag."""
        add_generated_articles(300, rng=random.Random(300))
        backends = {"default": {**settings.WAGTAILSEARCH_BACKENDS["default"], "NEWEST_MATCHES": 50}}
        with override_settings(WAGTAILSEARCH_BACKENDS=backends):
            outcomes = relevance.evaluate()
        self.assertGreaterEqual(len(outcomes), 12)
        self.assertEqual([(o.case.query, o.case.expects, o.top) for o in outcomes if not o.passed], [])

    def test_articles_option_shows_progress_on_a_terminal_then_the_summary(self):
        terminal = Terminal()
        with mock.patch.object(bulk, "BATCH", 2), mock.patch.object(progress, "TTY_EVERY", 0):
            call_command("seed_demo", "--articles", "5", stdout=terminal)
        frames = terminal.getvalue().split("\r\033[K")
        self.assertEqual(
            [frame.split(" ~")[0] for frame in frames[1:4]],
            ["Articles 2/5 (40%)", "Articles 4/5 (80%)", "Articles 5/5 (100%)"],
        )
        self.assertTrue(frames[-1].startswith("Added 5 generated articles"), frames[-1])

    def test_generated_articles_show_on_cached_listings_at_once(self):
        self.client.get("/")  # the home page's listings are now cached
        add_generated_articles(1)
        newest = ArticlePage.objects.order_by("-first_published_at", "-pk").first()
        self.assertContains(self.client.get("/"), newest.title)

    def test_articles_option_rejects_negative_numbers(self):
        with self.assertRaises(CommandError):
            seed("--articles", "-1")


@pytest.mark.django_db
def test_admin_password_is_random_and_written_for_the_owner_only(settings, tmp_path):
    settings.DEMO_ADMIN_PASSWORD_FILE = tmp_path / "password"
    first = administrator.ensure_demo_admin().password
    get_user_model().objects.filter(username="admin").delete()
    second = administrator.ensure_demo_admin().password
    assert first and second and first != second
    assert second.isalnum() and len(second) >= 16
    assert (tmp_path / "password").read_text().strip() == second
    assert stat.S_IMODE((tmp_path / "password").stat().st_mode) == 0o600
    assert administrator.ensure_demo_admin().password is None  # an existing admin keeps its password


@pytest.mark.django_db
def test_each_database_has_its_own_admin_password_file(settings, tmp_path):
    """Seeding another database (a benchmark's, a copy) leaves the development site's password on file."""
    del settings.DEMO_ADMIN_PASSWORD_FILE  # what the commands use when no test overrides it
    settings.BASE_DIR = tmp_path
    sqlite, postgres = "django.db.backends.sqlite3", "django.db.backends.postgresql"
    for database, expected in [
        ({"ENGINE": sqlite, "NAME": tmp_path / "db.sqlite3"}, tmp_path / ".demo-admin-password"),
        ({"ENGINE": sqlite, "NAME": "/tmp/bench/copy.sqlite3"}, Path("/tmp/bench/.demo-admin-password-copy")),
        ({"ENGINE": postgres, "NAME": "journos_bench"}, tmp_path / ".demo-admin-password-journos_bench"),
    ]:
        with mock.patch.dict(connection.settings_dict, database):
            assert administrator.password_file() == expected
    with mock.patch.dict(connection.settings_dict, {"ENGINE": sqlite, "NAME": tmp_path / "other.sqlite3"}):
        administrator.ensure_demo_admin()
    assert (tmp_path / ".demo-admin-password-other").exists()
    assert not (tmp_path / ".demo-admin-password").exists()


def test_story_format_places_the_related_marker_mid_body():
    text = "One.\n\nTwo.\n\n## A heading\n\n> Said it.\n-- Someone\n\nThree.\n\nFour."
    kinds = [kind for kind, _ in parse_body(text)]
    assert kinds == ["paragraph", "paragraph", "heading", "pull_quote", "paragraph", "related_posts", "paragraph"]
