"""Every part of the article page a reader sees, as in the reference page."""

from wagtail.rich_text import RichText

import pytest
from bs4 import BeautifulSoup

from journos.core.factories import ImageFactory
from journos.news.factories import ArticlePageFactory, AuthorPageFactory, SectionPageFactory

pytestmark = pytest.mark.django_db


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def article(diplomacy, politics, home, author, authors_index):
    world = SectionPageFactory(parent=home, title="World", slug="world")
    second_author = AuthorPageFactory(parent=authors_index, title="Jonas Berg")
    image = ImageFactory(
        description="Delegates at a long table", caption="Talks resumed on Monday.", credit="Ida Lund"
    )
    return ArticlePageFactory(
        parent=diplomacy,
        title="Border talks resume after a year of silence",
        standfirst="Both delegations agreed to meet monthly.",
        featured_image=image,
        authors=[author, second_author],
        extra_categories=[world],
        tags=["border talks", "trade"],
        source_name="Example Wire",
        source_title="Delegations return to the table",
        source_url="https://example.org/wire/talks",
        body=[
            ("paragraph", RichText("<p>The first paragraph.</p>")),
            ("heading", "What changed"),
            ("pull_quote", {"quote": "We listen first.", "attribution": "A delegate"}),
            ("image", {"image": ImageFactory(credit="Body credit"), "caption": "", "credit": ""}),
        ],
    )


def test_headline_standfirst_and_single_h1(client, article):
    page = soup_of(client.get(article.url))
    assert [h1.get_text(strip=True) for h1 in page.find_all("h1")] == [article.title]
    assert page.select_one(".story__standfirst").get_text(strip=True) == "Both delegations agreed to meet monthly."


def test_breadcrumbs_follow_the_tree(client, article):
    page = soup_of(client.get(article.url))
    crumbs = page.select_one('nav[aria-label="Breadcrumb"]')
    assert [item.get_text(strip=True) for item in crumbs.select("li")] == [
        "Home",
        "Politics",
        "Diplomacy",
        article.title,
    ]
    assert crumbs.select_one('[aria-current="page"]').get_text(strip=True) == article.title


def test_byline_links_every_author_in_order(client, article):
    page = soup_of(client.get(article.url))
    byline = page.select_one(".story__byline")
    assert [a.get_text() for a in byline.select('a[rel="author"]')] == ["Amara Osei", "Jonas Berg"]
    assert byline.get_text(" ", strip=True).startswith("By Amara Osei and Jonas Berg")


def test_publication_date_is_machine_readable_between_headline_and_text(client, article):
    html = client.get(article.url).content.decode()
    page = BeautifulSoup(html, "html.parser")
    published = page.select_one(".story__dates time")
    assert published["datetime"] == article.first_published_at.isoformat(timespec="seconds")
    assert html.index("<h1") < html.index('class="story__dates"') < html.index('class="story__body"')


def test_categories_list_primary_section_first_then_extra(client, article):
    page = soup_of(client.get(article.url))
    assert [a.get_text() for a in page.select(".story__categories a")] == ["Diplomacy", "World"]


def test_featured_image_has_alt_caption_and_credit(client, article):
    page = soup_of(client.get(article.url))
    figure = page.select_one("figure.story__lead-image")
    img = figure.find("img")
    assert img["alt"] == "Delegates at a long table"
    assert img["loading"] == "eager"
    assert img.has_attr("width") and img.has_attr("height")
    assert figure.find("source", type="image/webp") is not None
    caption = figure.find("figcaption").get_text(" ", strip=True)
    assert "Talks resumed on Monday." in caption and "Ida Lund" in caption


def test_body_blocks_render(client, article):
    page = soup_of(client.get(article.url))
    body = page.select_one(".story__body")
    assert body.find("p").get_text() == "The first paragraph."
    assert body.find("h2").get_text() == "What changed"
    assert body.select_one(".pull-quote blockquote").get_text(strip=True) == "We listen first."
    body_figure = body.find("figure", class_="figure")
    assert "Body credit" in body_figure.find("figcaption").get_text()
    assert body_figure.find("img")["loading"] == "lazy"


def test_source_attribution_and_tags(client, article):
    page = soup_of(client.get(article.url))
    source = page.select_one(".story__source")
    assert source.get_text(" ", strip=True) == "Source: Example Wire – Delegations return to the table"
    assert source.find("a")["href"] == "https://example.org/wire/talks"
    tags = {a.get_text(): a["href"] for a in page.select(".story__tags a")}
    assert tags == {"border talks": "/tags/border-talks/", "trade": "/tags/trade/"}


def test_author_box_for_each_author(client, article):
    page = soup_of(client.get(article.url))
    boxes = page.select(".author-box")
    assert [box.select_one(".author-box__name").get_text(strip=True) for box in boxes] == ["Amara Osei", "Jonas Berg"]
    assert "Diplomatic correspondent" in boxes[0].get_text()
    assert boxes[0].find("a", string="X")["href"] == "https://x.example.org/amara"


def test_previous_and_next_articles(client, diplomacy, article):
    older = ArticlePageFactory(
        parent=diplomacy, title="Older story", first_published_at=article.first_published_at.replace(year=2020)
    )
    newer = ArticlePageFactory(parent=diplomacy, title="Newer story")
    page = soup_of(client.get(article.url))
    assert page.select_one('a[rel="prev"]')["href"] == older.url
    assert page.select_one('a[rel="next"]')["href"] == newer.url


def test_reading_time_comes_from_the_body_length(diplomacy):
    words = " ".join(["word"] * 700)
    article = ArticlePageFactory(parent=diplomacy, body=[("paragraph", RichText(f"<p>{words}</p>"))])
    assert article.reading_time == 4  # 700 words at 230 a minute, rounded up


def test_draft_article_is_not_served(client, diplomacy):
    draft = ArticlePageFactory(parent=diplomacy, live=False)
    assert client.get(draft.url).status_code == 404


def test_unknown_url_is_404(client, home):
    assert client.get("/no/such/story/").status_code == 404
