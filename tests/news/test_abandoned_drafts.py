"""Abandoned drafts never block an editor: a slug held by their own never-published draft is taken over,
and page choosers offer only published articles unless asked."""

from django.urls import reverse

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from journos.news.factories import ArticlePageFactory, AuthorPageFactory, SectionPageFactory
from journos.news.models import ArticlePage
from tests.utils import make_authors_index, make_site


class AbandonedDraftTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site()
        cls.section = SectionPageFactory(parent=cls.home, title="Science", slug="science")
        cls.author = AuthorPageFactory(parent=make_authors_index(cls.home), title="Rui Costa")

    def setUp(self):
        self.editor = self.create_superuser("editor")
        self.client.force_login(self.editor)

    def create(self, title, slug="comet-seen", **actions):
        data = nested_form_data(
            {
                "title": title,
                "slug": slug,
                "standfirst": "Amateur astronomers were first to spot it.",
                "body": streamfield([("paragraph", rich_text("<p>It was faint but clear.</p>"))]),
                "article_authors": inline_formset([{"author": self.author.pk}]),
                "related_pins": inline_formset([]),
                "article_type": "news",
                "corrections": inline_formset([]),
                "tags": "",
            }
        )
        data.update(actions)
        url = reverse("wagtailadmin_pages:add", args=["news", "articlepage", self.section.pk])
        return self.client.post(url, data)

    def test_a_new_article_takes_the_slug_of_my_abandoned_draft(self):
        self.assertEqual(self.create("Comet seen").status_code, 302)  # saved as a draft, then left
        abandoned = ArticlePage.objects.get(slug="comet-seen")
        self.assertFalse(abandoned.live)

        response = self.create("Comet seen", **{"action-publish": "action-publish"})

        self.assertEqual(response.status_code, 302)
        new = ArticlePage.objects.get(slug="comet-seen")
        self.assertNotEqual(new.pk, abandoned.pk)
        self.assertTrue(new.live)
        abandoned.refresh_from_db()
        self.assertEqual(abandoned.slug, f"comet-seen-draft-{abandoned.pk}")
        self.assertEqual(abandoned.latest_revision.content["slug"], abandoned.slug)
        # Nothing is lost: the old draft can still be published, at its own address.
        abandoned.latest_revision.publish()
        abandoned.refresh_from_db()
        self.assertTrue(abandoned.live)
        self.assertTrue(abandoned.url_path.endswith(f"/comet-seen-draft-{abandoned.pk}/"))

    def test_someone_elses_draft_still_holds_its_slug(self):
        colleague = self.create_superuser("colleague")
        ArticlePageFactory(
            parent=self.section, slug="comet-seen", live=False, first_published_at=None, owner=colleague
        )
        response = self.create("Comet seen")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "already in use")
        self.assertEqual(ArticlePage.objects.filter(slug="comet-seen").count(), 1)

    def test_a_published_article_still_holds_its_slug(self):
        ArticlePageFactory(parent=self.section, slug="comet-seen", owner=self.editor)
        response = self.create("Comet seen")
        self.assertContains(response, "already in use")


class ChooserTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site()
        cls.section = SectionPageFactory(parent=cls.home, title="Science", slug="science")
        cls.live = ArticlePageFactory(parent=cls.section, title="Comet seen over the bay")
        cls.draft = ArticlePageFactory(parent=cls.section, title="Comet draft left behind", live=False)

    def setUp(self):
        self.client.force_login(self.create_superuser("editor"))

    def browse(self, **params):
        url = reverse("wagtailadmin_choose_page_child", args=[self.section.pk])
        return self.client.get(url, {"page_type": "news.articlepage", **params}).content.decode()

    def test_choosers_offer_only_published_articles(self):
        listing = self.browse()
        self.assertIn("Comet seen over the bay", listing)
        self.assertNotIn("Comet draft left behind", listing)
        search = self.client.get(
            reverse("wagtailadmin_choose_page_search"), {"q": "comet", "page_type": "news.articlepage"}
        ).content.decode()
        self.assertIn("Comet seen over the bay", search)
        self.assertNotIn("Comet draft left behind", search)

    def test_drafts_are_offered_when_asked(self):
        self.assertIn("Comet draft left behind", self.browse(drafts="1"))

    def test_sections_stay_browsable(self):
        url = reverse("wagtailadmin_choose_page_child", args=[self.home.pk])
        listing = self.client.get(url, {"page_type": "news.articlepage"}).content.decode()
        self.assertIn("Science", listing)
        self.assertTrue(Page.objects.filter(pk=self.section.pk).exists())
