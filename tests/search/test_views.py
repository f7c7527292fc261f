"""The results page, the live endpoint and the hit beacon over HTTP: caching, bad input, query budget."""

from django.db import connection

from wagtail.contrib.search_promotions.models import Query
from wagtail.models import PageViewRestriction

import pytest

from journos.news.factories import SectionPageFactory

pytestmark = pytest.mark.django_db

HOSTILE_QUERIES = [
    "",
    " ",
    "x" * 10_000,
    "walrus " * 2_000,
    '") OR 1=1 --',
    "a* NEAR/3 b",
    '"unclosed',
    "'; DROP TABLE wagtailcore_page; --",
    "🦭🌊",
    "walrus 🦭",
    "الفظ في الخليج",
    "\u202eWALRUS\u202c",
    "%s %% {0} \\",
    "title:walrus",
    "AND OR NOT",
    "-walrus",
    "walrus*",
    "''''",
    '""""',
]


@pytest.fixture
def walrus(make_article):
    return make_article(title="Walrus colony returns to the bay")


def assert_public_and_noindex(response):
    assert "public" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


class TestResultsPage:
    def test_shows_title_standfirst_section_date_and_image(self, client, walrus):
        response = client.get("/search/", {"q": "walrus"})
        html = response.content.decode()
        assert response.status_code == 200
        assert "Walrus colony returns to the bay" in html
        assert walrus.standfirst in html
        assert 'class="card__section" href="/science/">Science</a>' in html
        assert f'datetime="{walrus.first_published_at.isoformat(timespec="seconds")}"' in html
        assert "<picture>" in html

    def test_is_cacheable_and_never_indexed(self, client, walrus):
        response = client.get("/search/", {"q": "walrus"})
        assert_public_and_noindex(response)
        html = response.content.decode()
        assert '<meta name="robots" content="noindex">' in html
        assert "csrfmiddlewaretoken" not in html

    def test_is_the_same_for_a_signed_in_reader(self, client, walrus, django_user_model):
        anonymous = client.get("/search/", {"q": "walrus"}).content
        client.force_login(django_user_model.objects.create_user("reader", "reader@example.org", "pw-12345678"))
        assert client.get("/search/", {"q": "walrus"}).content == anonymous

    def test_without_a_query_invites_one_and_suggests_articles(self, client, walrus):
        html = client.get("/search/").content.decode()
        assert "Type a word or two" in html
        assert "Popular now" in html

    def test_no_match_says_so_with_tips_and_suggestions(self, client, walrus):
        html = client.get("/search/", {"q": "platypus"}).content.decode()
        assert "No articles match “platypus”." in html
        assert "Check the spelling" in html
        assert "Popular now" in html
        assert "Walrus colony returns to the bay" in html  # as a suggestion

    def test_no_match_in_a_section_offers_all_sections(self, client, walrus, politics):
        html = client.get("/search/", {"q": "walrus", "section": politics.pk}).content.decode()
        assert "No articles match “walrus” in Politics." in html
        assert 'href="?q=walrus"' in html

    def test_the_form_keeps_the_query_section_and_order(self, client, walrus, science):
        html = client.get("/search/", {"q": "walrus", "section": science.pk, "sort": "newest"}).content.decode()
        assert 'name="q" value="walrus"' in html
        assert f'<option value="{science.pk}" selected>Science</option>' in html
        assert '<option value="newest" selected>Newest first</option>' in html

    def test_nested_sections_are_indented_in_the_filter(self, client, science):
        SectionPageFactory(parent=science, title="Oceans")
        assert "— Oceans</option>" in client.get("/search/").content.decode()

    def test_the_filter_follows_sections_published_or_made_private(self, client, science):
        assert "Science</option>" in client.get("/search/").content.decode()  # now cached
        SectionPageFactory(parent=science, title="Oceans").save_revision().publish()
        assert "— Oceans</option>" in client.get("/search/").content.decode()
        PageViewRestriction.objects.create(page=science, restriction_type=PageViewRestriction.LOGIN)
        assert "Science</option>" not in client.get("/search/").content.decode()

    def test_page_links_keep_the_query_and_filters(self, client, make_article, science):
        for n in range(11):
            make_article(title=f"Walrus {n}")
        html = client.get("/search/", {"q": "walrus", "section": science.pk, "sort": "newest"}).content.decode()
        assert f'href="?q=walrus&amp;section={science.pk}&amp;sort=newest&amp;page=2"' in html
        assert "Page 1 of 2" in html
        second = client.get("/search/", {"q": "walrus", "section": science.pk, "sort": "newest", "page": 2})
        assert "Walrus 0" in second.content.decode()  # the oldest, last when newest come first

    @pytest.mark.parametrize("page", ["3", "0", "-1", "abc", "1.5", "99999999999999999999999"])
    def test_a_page_that_does_not_exist_is_not_found(self, client, walrus, page):
        assert client.get("/search/", {"q": "walrus", "page": page}, follow=True).status_code == 404

    @pytest.mark.parametrize("section", ["abc", "-1", "0", "99999999999999999999999", "1 OR 1=1"])
    def test_an_unknown_section_searches_everywhere_and_says_so(self, client, walrus, section):
        response = client.get("/search/", {"q": "walrus", "section": section}, follow=True)
        html = response.content.decode()
        assert response.status_code == 200
        assert "That section does not exist" in html
        assert "Walrus colony returns to the bay" in html

    def test_an_unknown_order_falls_back_to_best_match(self, client, walrus):
        html = client.get("/search/", {"q": "walrus", "sort": "-id; DROP"}, follow=True).content.decode()
        assert '<option value="relevance" selected>' in html

    @pytest.mark.parametrize("query", HOSTILE_QUERIES)
    def test_hostile_queries_get_an_answer_not_an_error(self, client, walrus, query):
        response = client.get("/search/", {"q": query}, follow=True)
        html = response.content.decode()
        assert response.status_code == 200
        for leak in ("Traceback", "syntax error", "OperationalError", "ProgrammingError", "fts5"):
            assert leak not in html

    def test_a_huge_query_is_truncated_in_the_page(self, client, walrus):
        html = client.get("/search/", {"q": "walrus " + "x" * 10_000}, follow=True).content.decode()
        assert "x" * 200 not in html
        assert "x" * 150 in html

    def test_words_next_to_operators_and_emoji_are_still_found(self, client, walrus):
        for query in ('"walrus', "walrus*", "walrus 🦭", "(walrus) OR"):
            response = client.get("/search/", {"q": query}, follow=True)
            assert "Walrus colony returns to the bay" in response.content.decode()

    def test_right_to_left_text_is_searched(self, client, make_article):
        make_article(title="الفظ يعود إلى الخليج")
        assert "الفظ يعود إلى الخليج" in client.get("/search/", {"q": "الخليج"}).content.decode()

    def test_only_get_and_head_are_allowed(self, client):
        assert client.post("/search/", {"q": "walrus"}).status_code == 405

    def test_query_count_does_not_grow_with_the_results_shown(
        self, client, make_article, author, django_assert_num_queries
    ):
        def search():
            client.get("/search/", {"q": "walrus"})  # image renditions are made on first sight
            with django_assert_num_queries(QUERIES_FOR_A_RESULTS_PAGE):
                return client.get("/search/", {"q": "walrus"})

        client.get("/search/")  # so are the site's settings
        make_article(title="Walrus 0", authors=[author], tags=["sea"])
        assert search().content.decode().count('class="card__title"') == 1
        for n in range(1, 10):
            make_article(title=f"Walrus {n}", authors=[author], tags=["sea", "ice"])
        assert search().content.decode().count('class="card__title"') == 10


# Picks, count, results, their renditions, authors and sections, then the page chrome (site;
# the sections for the filter, navigation and footer are cached until content changes).
# On PostgreSQL the search runs under a statement timeout (journos.search.ceiling): one more query, and
# inside a test's transaction its atomic block adds a savepoint and its release.
CEILING_QUERIES = 3 if connection.vendor == "postgresql" else 0
# On PostgreSQL the count is free and the matching four queries: the newest matches of this and last
# year, those the reader may see, older years' matches (none here) as recent ones do not fill the
# window, and their ranking (journos/search/backends/postgres.py): three more in all.
NEWEST_MATCHES_QUERIES = 3 if connection.vendor == "postgresql" else 0
QUERIES_FOR_A_RESULTS_PAGE = 7 + CEILING_QUERIES + NEWEST_MATCHES_QUERIES


class TestLiveResults:
    def test_gives_up_to_five_results_with_section_date_and_link(self, client, make_article):
        for n in range(7):
            make_article(title=f"Walrus {n}")
        data = client.get("/search/live/", {"q": "walrus"}).json()
        assert len(data["results"]) == 5
        first = data["results"][0]
        assert set(first) == {"title", "url", "section", "date", "date_display", "pinned"}
        assert first["section"] == "Science"
        assert first["url"].startswith("/science/walrus-")
        assert data["all_results_url"] == "/search/?q=walrus"

    def test_is_cacheable_and_never_indexed(self, client, walrus):
        response = client.get("/search/live/", {"q": "walrus"})
        assert response["Content-Type"] == "application/json"
        assert_public_and_noindex(response)

    def test_a_word_being_typed_already_finds_titles(self, client, walrus):
        results = client.get("/search/live/", {"q": "walr"}).json()["results"]
        assert [result["title"] for result in results] == ["Walrus colony returns to the bay"]

    def test_no_match_gives_an_empty_list(self, client, walrus):
        data = client.get("/search/live/", {"q": "platypus"}).json()
        assert data["results"] == []
        assert data["all_results_url"] == "/search/?q=platypus"

    @pytest.mark.parametrize("query", HOSTILE_QUERIES)
    def test_hostile_queries_get_an_answer_not_an_error(self, client, walrus, query):
        response = client.get("/search/live/", {"q": query}, follow=True)
        assert response.status_code == 200
        assert isinstance(response.json()["results"], list)

    def test_only_get_and_head_are_allowed(self, client):
        assert client.post("/search/live/", {"q": "walrus"}).status_code == 405

    def test_costs_a_fixed_number_of_queries(self, client, make_article, django_assert_num_queries):
        # Picks, count, results, their sections.
        make_article(title="Walrus 0")
        client.get("/search/live/", {"q": "walrus"})  # Wagtail caches the sites' root paths for links
        with django_assert_num_queries(4 + CEILING_QUERIES + NEWEST_MATCHES_QUERIES):
            assert len(client.get("/search/live/", {"q": "walrus"}).json()["results"]) == 1
        for n in range(1, 8):
            make_article(title=f"Walrus {n}")
        with django_assert_num_queries(4 + CEILING_QUERIES + NEWEST_MATCHES_QUERIES):
            assert len(client.get("/search/live/", {"q": "walrus"}).json()["results"]) == 5


class TestHitBeacon:
    def test_counts_a_search_in_wagtails_query_log(self, client):
        response = client.post("/search/hits/", {"q": "  Walrus   Colony "})
        assert response.status_code == 204
        assert not response.cookies
        assert Query.objects.get().query_string == "walrus colony"
        client.post("/search/hits/", {"q": "walrus colony"})
        assert Query.objects.get().hits == 2

    def test_a_query_without_words_is_refused(self, client):
        for query in ("", "🦭", "\x00\x00", '"" --'):
            assert client.post("/search/hits/", {"q": query}).status_code == 400
        assert not Query.objects.exists()

    def test_a_huge_query_is_stored_truncated(self, client):
        assert client.post("/search/hits/", {"q": "walrus " * 2000}).status_code == 204
        assert len(Query.objects.get().query_string) <= 200

    def test_only_post_is_allowed(self, client):
        assert client.get("/search/hits/", {"q": "walrus"}).status_code == 405

    def test_one_reader_past_the_limit_gets_429_and_counts_nothing_more(self, client, settings, rate_limit):
        settings.TRUSTED_PROXY_COUNT = 2  # deploy/'s nginx → Varnish: "reader, nginx", from Varnish
        rate_limit("search-hits", 3)
        reader = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.7, 127.0.0.1"}
        for _ in range(3):
            assert client.post("/search/hits/", {"q": "walrus"}, **reader).status_code == 204
        refused = client.post("/search/hits/", {"q": "walrus"}, **reader)
        assert refused.status_code == 429
        assert refused["Content-Type"] == "application/json"
        assert refused.json() == {"error": "Too many searches counted from your address; try again in a minute."}
        assert refused["Retry-After"] == "60"
        assert Query.objects.get().hits == 3
        another_reader = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.2, 127.0.0.1"}
        assert client.post("/search/hits/", {"q": "walrus"}, **another_reader).status_code == 204

    @pytest.mark.parametrize(
        "headers",
        [
            {"HTTP_ORIGIN": "https://evil.example", "HTTP_SEC_FETCH_SITE": "cross-site"},
            {"HTTP_ORIGIN": "https://evil.example"},
            {"HTTP_SEC_FETCH_SITE": "cross-site"},
            {"HTTP_REFERER": "https://evil.example/search-spam.html"},
        ],
    )
    def test_a_cross_site_post_is_refused_and_counts_nothing(self, client, headers):
        response = client.post("/search/hits/", {"q": "walrus"}, **headers)
        assert response.status_code == 403
        assert response.json() == {"error": "Searches are counted only from this site's pages."}
        assert not Query.objects.exists()

    def test_a_same_site_post_is_counted(self, client):
        same_site = {"HTTP_ORIGIN": "http://testserver", "HTTP_SEC_FETCH_SITE": "same-origin"}
        assert client.post("/search/hits/", {"q": "walrus"}, **same_site).status_code == 204
        assert Query.objects.get().hits == 1

    def test_the_limit_holds_when_the_cache_is_down(self, client, cache_down, rate_limit):
        rate_limit("search-hits", 3)
        statuses = [client.post("/search/hits/", {"q": "walrus"}).status_code for _ in range(5)]
        assert statuses == [204, 204, 204, 429, 429]
        assert Query.objects.get().hits == 3

    def test_the_results_page_asks_for_a_beacon_only_on_its_first_page_of_matches(self, client, make_article):
        for n in range(11):
            make_article(title=f"Walrus {n}")
        assert 'data-search-hit="walrus"' in client.get("/search/", {"q": "walrus"}).content.decode()
        assert "data-search-hit=" not in client.get("/search/", {"q": "walrus", "page": 2}).content.decode()
        assert "data-search-hit=" not in client.get("/search/", {"q": "platypus"}).content.decode()


def test_every_page_has_the_live_search_form_and_script(client, walrus):
    html = client.get(walrus.url).content.decode()
    assert 'data-live-search="/search/live/"' in html
    assert 'action="/search/" method="get"' in html
    assert "js/live-search.js" in html
