"""The site's brand: icons at the root, the web app manifest, the logo in the header, e-mails and the admin,
and the section menu's current item and sub-sections."""

import json
from io import BytesIO

from django.contrib.staticfiles import finders
from django.core import mail
from django.core.cache import cache
from django.template.loader import render_to_string

import pytest
from PIL import Image

from journos.accounts.emails import send_account_email
from journos.core import brand
from journos.core.factories import ImageFactory
from journos.core.models import HeaderLink, NavigationSettings, SiteSettings
from journos.news.factories import ArticlePageFactory, SectionPageFactory
from journos.newsletter.emails import branding
from tests.seo.conftest import json_ld, soup

pytestmark = pytest.mark.django_db


def with_logo(home):
    settings_ = SiteSettings.for_site(home.get_site())
    settings_.logo = ImageFactory(file__width=600, file__height=150, title="Logo")
    settings_.save()
    return settings_.logo


def with_menu(home, *pages):
    navigation = NavigationSettings.objects.create(site=home.get_site())
    for position, page in enumerate(pages):
        HeaderLink.objects.create(setting=navigation, page=page, sort_order=position)


@pytest.mark.parametrize(
    ("url", "content_type", "image_format"),
    [("/favicon.ico", "image/x-icon", "ICO"), ("/apple-touch-icon.png", "image/png", "PNG")],
)
def test_root_icons_answer_200_with_a_cacheable_image(client, home, url, content_type, image_format):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert "public" in response["Cache-Control"]
    assert "Set-Cookie" not in response
    with Image.open(BytesIO(response.content)) as image:
        assert image.format == image_format


def test_the_icons_are_refused_for_other_methods(client, home):
    assert client.post("/favicon.ico").status_code == 405
    assert client.post("/manifest.webmanifest").status_code == 405


def test_manifest_names_the_site_with_its_icons_and_theme_colour(client, home):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Journos"
    assert manifest["start_url"] == "/"
    assert manifest["theme_color"] == brand.BRAND_RED
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    assert any(icon["purpose"] == "maskable" for icon in manifest["icons"])
    for icon in manifest["icons"]:  # every icon is a real static file
        assert finders.find(icon["src"].removeprefix("/static/")), icon["src"]


def test_committed_icons_match_the_drawing(home):
    """static/ holds what `manage.py draw_brand_icons` draws (run it after changing journos/core/brand.py)."""
    for name, make in brand.ICONS.items():
        with open(finders.find(name), "rb") as file:
            assert file.read() == make(), f"static/{name} is out of date: run manage.py draw_brand_icons"


def test_every_page_links_its_icons_manifest_and_theme_colour(client, home):
    page = soup(client.get("/"))
    assert page.select_one('link[rel="icon"][href="/favicon.ico"]')
    assert page.select_one('link[rel="icon"][type="image/svg+xml"]')["href"].endswith("favicon.svg")
    assert page.select_one('link[rel="apple-touch-icon"]')
    assert page.select_one('link[rel="manifest"]')["href"] == "/manifest.webmanifest"
    assert page.select_one('meta[name="theme-color"]')["content"] == brand.BRAND_RED
    # The theme script runs before the first paint: in <head>, neither deferred nor async.
    theme = page.select_one('head script[src$="js/theme.js"]')
    assert theme is not None and not theme.has_attr("defer") and not theme.has_attr("async")


def test_the_header_shows_the_logo_with_the_site_name_as_its_text(client, home):
    assert soup(client.get("/")).select_one(".masthead__brand").get_text(strip=True) == "Journos"
    with_logo(home)
    logo = soup(client.get("/")).select_one(".masthead__brand img")
    assert logo["alt"] == "Journos"
    # WebP (lossless, so the transparent edges stay clean), its shown size and twice that for sharp screens.
    assert logo["src"].startswith("/media/") and logo["src"].endswith(".webp")
    assert int(logo["height"]) == 48 and int(logo["width"]) == 192  # no layout shift: the size is given
    assert logo["srcset"].endswith(" 2x") and ".height-96." in logo["srcset"]


def test_the_publisher_in_the_json_ld_has_the_logo(client, home, politics):
    with_logo(home)
    article = ArticlePageFactory(parent=politics)
    publisher = json_ld(soup(client.get(article.url)))["NewsArticle"]["publisher"]
    assert publisher["logo"]["@type"] == "ImageObject"
    assert publisher["logo"]["url"].endswith(".png")


def test_account_emails_show_the_logo(home):
    with_logo(home)
    send_account_email("account_deleted", "reader@example.org", {"username": "reader"})
    html = mail.outbox[0].alternatives[0][0]
    assert 'alt="Journos"' in html
    assert 'src="http://testserver/media/' in html or "/media/" in html
    assert 'height="40"' in html


def test_newsletter_emails_show_the_logo(home):
    with_logo(home)
    context = {**branding(), "newsletters": [], "confirm_url": "https://example.org/c", "valid_days": 3}
    html = render_to_string("newsletter/email/confirm.html", context)
    assert context["logo"]["alt"] == "Journos"
    assert context["logo"]["url"] in html


def test_emails_without_a_logo_print_the_name(home):
    send_account_email("account_deleted", "reader@example.org", {"username": "reader"})
    assert "<img" not in mail.outbox[0].alternatives[0][0]


def test_draw_logo_is_a_wide_red_plate():
    logo = brand.draw_logo("Journos")
    assert logo.height == 160 and logo.width > 3 * logo.height
    assert logo.getpixel((4, logo.height // 2))[:3] == (0xB0, 0x00, 0x20)


def test_the_admin_is_branded_with_the_sites_name_and_logo(client, home):
    with_logo(home)
    page = soup(client.get("/admin/login/"))
    assert page.h1.get_text(strip=True) == "Sign in to Journos"
    assert "Journos admin" in page.title.get_text()
    assert page.select_one(".login-logo img")["alt"] == "Journos"
    assert "wagtailadmin/images/favicon.ico" not in str(page)


def test_admin_pages_carry_the_sites_name_and_mark(client, home, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("chief", "chief@example.org", "pw"))
    page = soup(client.get("/admin/"))
    assert page.title.get_text().strip().endswith("Journos admin")
    mark = page.select_one("template[data-wagtail-sidebar-branding-logo]").decode_contents()
    assert 'alt="Journos"' in mark and "favicon.svg" in mark


class TestSectionMenu:
    def test_current_section_and_its_parent_are_marked(self, client, home, politics, diplomacy):
        diplomacy.show_in_menus = True
        diplomacy.save_revision().publish()
        sport = SectionPageFactory(parent=home, title="Sport", slug="sport")
        with_menu(home, politics, sport)
        article = ArticlePageFactory(parent=diplomacy)
        menu = soup(client.get(article.url)).select_one("#section-menu")
        current = {link.get_text(strip=True): link["aria-current"] for link in menu.select("a[aria-current]")}
        assert current == {"Politics": "true", "Diplomacy": "true"}
        menu = soup(client.get(diplomacy.url)).select_one("#section-menu")
        assert {link.get_text(strip=True): link["aria-current"] for link in menu.select("a[aria-current]")} == {
            "Politics": "true",
            "Diplomacy": "page",
        }
        menu = soup(client.get("/")).select_one("#section-menu")
        assert [link.get_text(strip=True) for link in menu.select("a[aria-current]")] == ["Home"]

    def test_sub_sections_sit_under_a_disclosure_button(self, client, home, politics, diplomacy):
        diplomacy.show_in_menus = True
        diplomacy.save_revision().publish()
        with_menu(home, politics)
        menu = soup(client.get("/")).select_one("#section-menu")
        button = menu.select_one(".site-nav__expand")
        assert button.name == "button" and button["aria-expanded"] == "false"
        assert button.get_text(strip=True) == "Politics: sub-sections"
        submenu = menu.select_one(f"#{button['aria-controls']}")
        assert [link.get_text(strip=True) for link in submenu.select("a")] == ["Diplomacy"]

    def test_the_phone_menu_is_closed_in_the_html(self, client, home, politics):
        with_menu(home, politics)
        toggle = soup(client.get("/")).select_one(".site-nav__toggle")
        assert toggle["aria-expanded"] == "false" and not toggle.has_attr("hidden")

    def test_sections_not_shown_in_menus_and_drafts_stay_out(self, client, home, politics, diplomacy):
        hidden = SectionPageFactory(parent=politics, title="Hidden desk", slug="hidden-desk")
        hidden.show_in_menus = False
        hidden.save_revision().publish()
        draft = SectionPageFactory(parent=politics, title="Draft desk", slug="draft-desk", show_in_menus=True)
        draft.unpublish()
        with_menu(home, politics)
        assert b"Hidden desk" not in client.get("/").content
        assert b"Draft desk" not in client.get("/").content

    def test_a_new_sub_section_appears_at_once(self, client, home, politics):
        with_menu(home, politics)
        assert b"Elections" not in client.get("/").content  # the menu is now cached
        SectionPageFactory(parent=politics, title="Elections", slug="elections", show_in_menus=True)
        assert b"Elections" in client.get(politics.url).content

    @pytest.mark.parametrize("count", [1, 8])
    def test_the_menu_costs_the_same_queries_however_many_sub_sections(
        self, client, home, politics, django_assert_num_queries, count
    ):
        from journos.core import menu

        sections = [SectionPageFactory(parent=home) for _ in range(count)]
        for section in sections:
            for _ in range(count):
                SectionPageFactory(parent=section, show_in_menus=True)
        with_menu(home, *sections)
        request = client.get("/").wsgi_request
        cache.clear()
        # Cold: the links, whether any page is private, every sub-section at once, the sites' root paths (URLs).
        with django_assert_num_queries(4):
            items = menu.build(request)
        assert sum(len(item["children"]) for item in items) == count * count


def test_previous_and_next_links_show_thumbnails(client, home, politics):
    def picture():
        return ImageFactory(file__width=400, file__height=300)

    older = ArticlePageFactory(parent=politics, title="Older story", featured_image=picture())
    article = ArticlePageFactory(parent=politics, title="Middle story", featured_image=picture())
    newer = ArticlePageFactory(parent=politics, title="Newer story", featured_image=picture())
    for page, when in ((older, "2026-01-01T08:00Z"), (article, "2026-01-02T08:00Z"), (newer, "2026-01-03T08:00Z")):
        type(page).objects.filter(pk=page.pk).update(first_published_at=when)
    links = soup(client.get(article.url)).select(".adjacent a")
    assert [(link["rel"], link.select_one(".adjacent__text").get_text(" ", strip=True)) for link in links] == [
        (["prev"], "Previous article Older story"),
        (["next"], "Next article Newer story"),
    ]
    for link in links:
        thumb = link.select_one("img.adjacent__thumb")
        assert thumb["alt"] == "" and (thumb["width"], thumb["height"]) == ("160", "160")
