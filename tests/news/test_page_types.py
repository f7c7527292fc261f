"""Page type rules, and editing through the Wagtail admin."""

import importlib

from django.apps import apps

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from journos.news.factories import ArticlePageFactory, AuthorPageFactory, SectionPageFactory
from journos.news.models import ArticlePage, AuthorIndexPage, AuthorPage, HomePage, LiveBlogPage, SectionPage
from journos.pages.models import ContactPage, StandardPage
from tests.utils import make_authors_index, make_site


class PageTypeRulesTests(WagtailPageTestCase):
    def test_tree_shape(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(HomePage, {SectionPage, AuthorIndexPage, StandardPage, ContactPage})
        self.assertAllowedParentPageTypes(SectionPage, {HomePage, SectionPage})
        self.assertAllowedSubpageTypes(SectionPage, {SectionPage, ArticlePage, LiveBlogPage})
        self.assertAllowedParentPageTypes(ArticlePage, {SectionPage})
        self.assertAllowedSubpageTypes(ArticlePage, set())
        self.assertAllowedParentPageTypes(AuthorPage, {AuthorIndexPage})
        self.assertAllowedSubpageTypes(AuthorIndexPage, {AuthorPage})

    def test_articles_cannot_be_filed_outside_a_section(self):
        self.assertCanNotCreateAt(HomePage, ArticlePage)
        self.assertCanNotCreateAt(AuthorIndexPage, ArticlePage)

    def test_every_page_type_has_a_factory(self):
        for model in apps.get_models():
            if not issubclass(model, Page) or model is Page or model._meta.app_label not in ("news", "pages"):
                continue
            with self.subTest(model=model.__name__):
                factories = importlib.import_module(f"journos.{model._meta.app_label}.factories")
                self.assertTrue(hasattr(factories, f"{model.__name__}Factory"))


class ArticleEditingTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site()
        cls.section = SectionPageFactory(parent=cls.home, title="Science", slug="science")
        cls.author = AuthorPageFactory(parent=make_authors_index(cls.home), title="Rui Costa")

    def setUp(self):
        self.editor = self.create_superuser("editor")
        self.client.force_login(self.editor)

    def article_form_data(self, title):
        return nested_form_data(
            {
                "title": title,
                "slug": "comet-seen",
                "standfirst": "Amateur astronomers were first to spot it.",
                "body": streamfield([("paragraph", rich_text("<p>It was faint but clear.</p>"))]),
                "article_authors": inline_formset([{"author": self.author.pk}]),
                "related_pins": inline_formset([]),
                "article_type": "news",
                "corrections": inline_formset([]),
                "tags": "space, comets",
            }
        )

    def test_editor_creates_and_publishes_an_article_through_the_admin(self):
        self.assertCanCreate(self.section, ArticlePage, self.article_form_data("Comet seen over the bay"))
        article = ArticlePage.objects.get(slug="comet-seen")
        self.assertTrue(article.live)
        self.assertEqual(article.authors, [self.author])
        self.assertEqual(sorted(article.tags.names()), ["comets", "space"])
        response = self.client.get(article.url)
        self.assertContains(response, "Comet seen over the bay")
        self.assertContains(response, "It was faint but clear.")

    def test_article_is_routable_renderable_editable_and_previewable(self):
        article = ArticlePageFactory(parent=self.section, authors=[self.author])
        self.assertPageIsRoutable(article)
        self.assertPageIsRenderable(article)
        data = self.article_form_data(article.title)
        data["slug"] = article.slug
        self.assertPageIsEditable(article, post_data=data)
        self.assertPageIsPreviewable(article, post_data=data)

    def test_every_page_type_previews(self):
        authors_index = self.author.get_parent().specific
        for page in (self.home, self.section, authors_index, self.author):
            with self.subTest(page=type(page).__name__):
                self.assertPageIsPreviewable(page)

    def test_preview_shows_unpublished_changes_without_touching_the_live_page(self):
        article = ArticlePageFactory(parent=self.section, title="Live headline", authors=[self.author])
        self.client.get(article.url)  # the live page is now in the fragment cache
        data = self.article_form_data("Draft headline")
        data["slug"] = article.slug
        preview_url = f"/admin/pages/{article.pk}/edit/preview/"
        self.client.post(preview_url, data)
        self.assertContains(self.client.get(preview_url), "Draft headline")
        self.assertContains(self.client.get(article.url), "Live headline")

    def test_saving_a_draft_leaves_the_live_article_unchanged(self):
        article = ArticlePageFactory(parent=self.section, title="Live headline", authors=[self.author])
        data = self.article_form_data("Draft headline")
        data["slug"] = article.slug
        response = self.client.post(f"/admin/pages/{article.pk}/edit/", data)
        self.assertEqual(response.status_code, 302)
        article.refresh_from_db()
        self.assertEqual(article.title, "Live headline")
        self.assertTrue(article.has_unpublished_changes)
        self.assertNotContains(self.client.get(article.url), "Draft headline")
