"""Saving an article whose images lack alt text warns the editor (naming the images), without blocking."""

from django.urls import reverse

from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from journos.core.factories import ImageFactory
from journos.news.factories import AuthorPageFactory, SectionPageFactory
from journos.news.models import ArticlePage
from tests.utils import make_authors_index, make_site


class AltTextWarningTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site()
        cls.section = SectionPageFactory(parent=cls.home, title="Science", slug="science")
        cls.author = AuthorPageFactory(parent=make_authors_index(cls.home), title="Rui Costa")
        cls.described = ImageFactory(title="Comet over the bay")
        cls.bare = ImageFactory(title="Observatory dome", description="")
        cls.bare_body = ImageFactory(title="Telescope eyepiece", description="  ")
        cls.decorative = ImageFactory(title="Starry pattern", description="", is_decorative=True)

    def setUp(self):
        self.client.force_login(self.create_superuser("editor"))

    def form(self, lead, *body_images, publish=False):
        body = [("paragraph", rich_text("<p>It was faint but clear.</p>"))]
        body += [("image", {"image": image.pk, "caption": "", "credit": ""}) for image in body_images]
        data = nested_form_data(
            {
                "title": "Comet seen",
                "slug": "comet-seen",
                "standfirst": "Amateur astronomers were first to spot it.",
                "featured_image": lead.pk if lead else "",
                "body": streamfield(body),
                "article_authors": inline_formset([{"author": self.author.pk}]),
                "related_pins": inline_formset([]),
                "article_type": "news",
                "corrections": inline_formset([]),
                "tags": "",
            }
        )
        return {**data, "action-publish": "action-publish"} if publish else data

    def create(self, lead, *body_images, publish=False):
        url = reverse("wagtailadmin_pages:add", args=["news", "articlepage", self.section.pk])
        return self.client.post(url, self.form(lead, *body_images, publish=publish), follow=True)

    def test_publishing_with_images_lacking_alt_text_warns_and_still_publishes(self):
        response = self.create(self.bare, self.described, self.bare_body, self.bare, publish=True)

        self.assertTrue(ArticlePage.objects.get(slug="comet-seen").live)
        warning = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
        self.assertEqual(len(warning), 1, warning)
        self.assertIn("No alt text on “Observatory dome”, “Telescope eyepiece”", warning[0])
        self.assertNotIn("Comet over the bay", warning[0])
        self.assertIn(reverse("wagtailimages:edit", args=[self.bare.pk]), warning[0])
        self.assertIn(reverse("wagtailimages:edit", args=[self.bare_body.pk]), warning[0])

    def test_saving_a_draft_with_a_bare_body_image_warns_on_edit_too(self):
        self.create(self.described)
        article = ArticlePage.objects.get(slug="comet-seen")
        url = reverse("wagtailadmin_pages:edit", args=[article.pk])
        response = self.client.post(url, self.form(self.described, self.bare_body), follow=True)
        self.assertContains(response, "No alt text on “Telescope eyepiece”: screen readers cannot describe it.")

    def test_described_and_decorative_images_bring_no_warning(self):
        response = self.create(self.described, self.decorative, publish=True)
        self.assertTrue(ArticlePage.objects.get(slug="comet-seen").live)
        self.assertNotContains(response, "No alt text")
