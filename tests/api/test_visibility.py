"""The API never returns what a reader could not see on the site: drafts, unpublished, scheduled or private pages.

Each hidden page is looked for through every way in: listings, detail, ?child_of=, ?descendant_of=,
find (by id and by path), filters, and embedded in other answers (an article's authors and section);
and by a signed-in administrator, a member of the allowed group, and a reader who entered the password.
"""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from journos.news.factories import ArticlePageFactory, AuthorPageFactory, SectionPageFactory
from journos.news.models import ArticlePage

pytestmark = pytest.mark.django_db

SECRET = "Secret"  # in the title of every page that must not show


def everything_shown(client, *, extra_urls=()) -> str:
    """Every answer the API gives about the site, as one text: listings, details, tree filters, embeds."""
    texts = []
    for endpoint in ("articles", "sections", "authors", "tags"):
        listing = client.get(f"/api/v2/{endpoint}/", {"limit": 50, "fields": "*"})
        assert listing.status_code == 200
        texts.append(listing.content.decode())
        for item in listing.json()["items"]:
            detail = client.get(f"/api/v2/{endpoint}/{item['id']}/")
            assert detail.status_code == 200
            texts.append(detail.content.decode())
    for url in extra_urls:
        texts.append(client.get(url).content.decode())
    return "\n".join(texts)


def assert_hidden(client, page, *, endpoint="articles"):
    """The page is in no answer, its detail is 404, find does not find it, and tree filters refuse it."""
    assert SECRET not in everything_shown(client)
    assert client.get(f"/api/v2/{endpoint}/{page.pk}/").status_code == 404
    assert client.get(f"/api/v2/{endpoint}/find/", {"id": page.pk}).status_code == 404
    assert client.get(f"/api/v2/{endpoint}/find/", {"html_path": page.url_path.split("/", 2)[-1]}).status_code == 404
    for tree_filter in ("child_of", "descendant_of"):
        response = client.get("/api/v2/articles/", {tree_filter: page.pk})
        assert response.status_code == 400 or response.json()["items"] == [], tree_filter


@pytest.fixture
def shown(politics, author):
    return ArticlePageFactory(parent=politics, title="Harbour reopens", authors=[author], tags=["harbour"])


def test_a_published_article_is_shown_everywhere(client, shown):
    """The control: the searches below would find the page if it were visible."""
    text = everything_shown(client)
    assert "Harbour reopens" in text
    assert client.get("/api/v2/articles/find/", {"html_path": "politics/" + shown.slug}).status_code == 302
    assert client.get("/api/v2/articles/find/", {"id": shown.pk})["Location"].endswith(f"/api/v2/articles/{shown.pk}/")


def test_a_draft_never_published_is_hidden(client, shown, politics):
    draft = ArticlePageFactory(parent=politics, title=f"{SECRET} draft", live=False, first_published_at=None)
    assert_hidden(client, draft)


def test_an_unpublished_article_is_hidden(client, shown, politics):
    article = ArticlePageFactory(parent=politics, title=f"{SECRET} withdrawn", tags=["withdrawn"])
    article.unpublish()
    assert_hidden(client, article)
    assert client.get("/api/v2/tags/", {"slug": "withdrawn"}).json()["items"] == []


def test_unpublished_changes_to_a_live_article_are_not_shown(client, shown):
    article = ArticlePage.objects.get(pk=shown.pk)
    article.title = f"{SECRET} new headline"
    article.standfirst = f"{SECRET} standfirst"
    article.save_revision()  # saved as a draft, not published
    assert SECRET not in everything_shown(client)
    assert client.get(f"/api/v2/articles/{shown.pk}/").json()["title"] == "Harbour reopens"


def test_an_article_scheduled_for_later_is_hidden_until_it_goes_live(client, shown, politics):
    article = ArticlePageFactory(parent=politics, title=f"{SECRET} embargoed", live=False, first_published_at=None)
    article.go_live_at = timezone.now() + timedelta(hours=2)
    article.save_revision().publish()
    assert_hidden(client, article)


@pytest.fixture(params=["password", "login", "groups"])
def private_section(request, home):
    """A section readers may see only with its password, signed in, or in the group of subscribers."""
    section = SectionPageFactory(parent=home, title=f"{SECRET} desk", slug="desk")
    restriction = PageViewRestriction.objects.create(page=section, restriction_type=request.param, password="letmein")
    if request.param == "groups":
        restriction.groups.add(Group.objects.create(name="Subscribers"))
    return section


def test_articles_in_a_private_section_are_hidden(client, shown, private_section, author):
    article = ArticlePageFactory(parent=private_section, title=f"{SECRET} memo", authors=[author], tags=["memo"])
    assert_hidden(client, article)
    assert_hidden(client, private_section, endpoint="sections")
    assert client.get("/api/v2/articles/", {"section": private_section.pk}).status_code == 400
    assert client.get("/api/v2/tags/", {"slug": "memo"}).json()["items"] == []
    assert client.get("/api/v2/articles/", {"author": author.pk}).json()["meta"]["total_count"] == 1


def test_a_private_article_is_hidden_from_those_the_site_would_let_in(client, shown, politics, admin_user):
    """The API answers the same to everyone: no session, group or password lets a private page through."""
    article = ArticlePageFactory(parent=politics, title=f"{SECRET} for subscribers")
    subscribers = Group.objects.create(name="Subscribers")
    restriction = PageViewRestriction.objects.create(page=article, restriction_type="groups")
    restriction.groups.add(subscribers)
    admin_user.groups.add(subscribers)
    client.force_login(admin_user)
    assert_hidden(client, article)

    restriction.delete()
    restriction = PageViewRestriction.objects.create(page=article, restriction_type="password", password="letmein")
    unlock = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, article.pk])
    client.post(unlock, {"password": "letmein", "return_url": article.url})
    assert client.get(article.url).status_code == 200  # the site now lets this reader in
    assert_hidden(client, article)


def test_a_private_or_unpublished_author_is_left_out_of_bylines(client, politics, authors_index, author):
    hidden = AuthorPageFactory(parent=authors_index, title=f"{SECRET} stringer", live=False, first_published_at=None)
    private = AuthorPageFactory(parent=authors_index, title=f"{SECRET} source")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    article = ArticlePageFactory(parent=politics, title="Joint report", authors=[author, hidden, private])

    assert SECRET not in everything_shown(client)
    names = [entry["name"] for entry in client.get(f"/api/v2/articles/{article.pk}/").json()["authors"]]
    assert names == ["Amara Osei"]
    assert client.get("/api/v2/articles/", {"author": hidden.pk}).status_code == 400
    assert client.get(f"/api/v2/authors/{private.pk}/").status_code == 404


def test_an_article_under_an_unpublished_section_shows_no_section(client, home):
    section = SectionPageFactory(parent=home, title=f"{SECRET} desk")
    article = ArticlePageFactory(parent=section, title="Still live")
    section.unpublish()
    assert client.get(f"/api/v2/articles/{article.pk}/").json()["section"] is None
    assert SECRET not in everything_shown(client)


def test_there_is_no_pages_images_or_documents_endpoint(client, shown):
    for url in ("/api/v2/pages/", "/api/v2/images/", "/api/v2/documents/", "/api/v2/"):
        assert client.get(url).status_code == 404, url


def test_search_is_not_offered(client, shown):
    response = client.get("/api/v2/articles/", {"search": "Harbour"})
    assert response.status_code == 400
    assert "search" in response.json()["message"]
