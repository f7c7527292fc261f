"""Deleting or unpublishing a section: Wagtail's confirm pages say how many articles go with it."""

from django.urls import reverse

from wagtail.test.utils import WagtailPageTestCase

from journos.news.factories import ArticlePageFactory, SectionPageFactory
from journos.news.models import ArticlePage
from tests.utils import make_site


class SectionConfirmationTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site()
        cls.section = SectionPageFactory(parent=cls.home, title="Politics", slug="politics")
        cls.subsection = SectionPageFactory(parent=cls.section, title="Diplomacy", slug="diplomacy")
        ArticlePageFactory.create_batch(2, parent=cls.section)
        ArticlePageFactory(parent=cls.subsection)
        ArticlePageFactory(parent=cls.section, live=False, first_published_at=None)

    def setUp(self):
        self.client.force_login(self.create_superuser("editor"))

    def test_the_delete_page_says_how_many_articles_are_deleted_with_the_section(self):
        response = self.client.get(reverse("wagtailadmin_pages:delete", args=[self.section.pk]))
        self.assertContains(
            response,
            "This section holds 4 articles (3 published), counting its 1 subsection. "
            "Deleting it deletes them all, drafts included",
        )
        # Only a warning: confirming still deletes the section and its articles.
        self.client.post(reverse("wagtailadmin_pages:delete", args=[self.section.pk]))
        self.assertFalse(ArticlePage.objects.exists())

    def test_an_empty_section_or_an_article_gets_wagtails_page_unchanged(self):
        empty = SectionPageFactory(parent=self.home, title="Arts")
        for page in (empty, ArticlePage.objects.first()):
            response = self.client.get(reverse("wagtailadmin_pages:delete", args=[page.pk]))
            self.assertContains(response, "Are you sure you want to delete this page?")
            self.assertNotContains(response, "This section holds")

    def test_the_unpublish_page_says_how_many_published_articles_can_go_offline_with_it(self):
        response = self.client.get(reverse("wagtailadmin_pages:unpublish", args=[self.section.pk]))
        self.assertContains(response, "Are you sure you want to unpublish this page?")
        self.assertContains(
            response,
            "This section holds 4 articles (3 published), counting its 1 subsection. Tick “Unpublish these too” "
            "to take all 3 published articles offline with it",
        )
        self.client.post(
            reverse("wagtailadmin_pages:unpublish", args=[self.section.pk]), {"include_descendants": "on"}
        )
        self.assertFalse(ArticlePage.objects.live().exists())

    def test_an_article_unpublish_page_has_no_section_notice(self):
        article = ArticlePage.objects.live().first()
        response = self.client.get(reverse("wagtailadmin_pages:unpublish", args=[article.pk]))
        self.assertContains(response, "Are you sure you want to unpublish this page?")
        self.assertNotContains(response, "data-section-notice")

    def test_unpublishing_without_the_tick_leaves_the_articles_online_as_the_notice_says(self):
        article = ArticlePageFactory(parent=self.section, featured_image=None)
        self.client.post(reverse("wagtailadmin_pages:unpublish", args=[self.section.pk]))
        self.section.refresh_from_db()
        self.assertFalse(self.section.live)
        self.assertEqual(ArticlePage.objects.live().count(), 4)
        self.client.logout()
        self.assertEqual(self.client.get(article.url).status_code, 200)
