"""Reads for search: cleaning what readers type, matching articles, editors' picks.

Only published articles are searched (news.selectors.published_articles()).
Readers' text never reaches the search engine's query syntax: it is cut down
to plain words, so quotes, operators and SQL fragments are just characters.
"""

import unicodedata
from dataclasses import dataclass, field

from django.apps import apps
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.query import PlainText
from wagtail.search.utils import normalise_query_string

from journos.core.caching.store import cached
from journos.news import selectors as news_selectors

MAX_QUERY_LENGTH = 200  # characters kept of what the reader typed (the inputs' maxlength)
MAX_TERMS = 12  # words searched for; more only slows the query down
ORDERS = {"relevance": "Best match", "newest": "Newest first"}


@dataclass
class Matches:
    """What a search found: `results` is lazy and sliceable (one query per slice)."""

    results: object
    promotions: list = field(default_factory=list)
    prefix_only: bool = False  # True when only words starting with the last term matched


def clean_query(raw: str) -> str:
    """The reader's text, safe to show and to store: no control characters, single spaces, 200 characters."""
    text = "".join(" " if unicodedata.category(char)[0] == "C" else char for char in raw[: MAX_QUERY_LENGTH * 4])
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def canonical_query(raw: str) -> str:
    """The one spelling of a query that every equivalent one is sent to: cleaned, lower case, single spaces.

    Case and spacing change neither the matches nor the editors' picks (stored
    normalised by Wagtail the same way), so "Walrus  Colony" and "walrus colony"
    share one cached page.
    """
    return normalise_query_string(clean_query(raw))


def search_terms(query: str) -> list[str]:
    """The words of a query: runs of letters, marks and digits, in any script; everything else separates."""
    text = "".join(char if unicodedata.category(char)[0] in "LMN" else " " for char in query)
    return text.split()[:MAX_TERMS]


def sections_for_filter() -> list:
    """Live public sections in tree order, each with a `filter_label` showing its nesting.

    Cached until a section is published, moved or retitled (the site-wide list changes).
    """
    return cached("search-sections", build=labelled_sections, tags=["list-all"])


def labelled_sections() -> list:
    sections = list(apps.get_model("news", "SectionPage").objects.live().public().order_by("path"))
    top_depth = min((section.depth for section in sections), default=0)
    for section in sections:
        section.filter_label = "— " * (section.depth - top_depth) + section.title
    return sections


def find_articles(
    *, terms: list[str], section=None, order: str = "relevance", exclude: list[int] = (), for_cards: bool = True
) -> Matches:
    """Published articles containing every term, best match (or newest) first.

    When no article contains every word, the last word is taken as the start
    of a word in titles ("walr" finds "Walrus"), newest first, as readers often
    stop typing mid-word: the live dropdown and the results page then agree.
    `for_cards` also loads what an article card shows (image, authors).
    """
    articles = news_selectors.section_articles(section=section) if section else news_selectors.published_articles()
    articles = articles.exclude(pk__in=exclude).order_by("-first_published_at", "-id")
    articles = news_selectors.for_listing(articles) if for_cards else articles.defer_streamfields()
    query = PlainText(" ".join(terms), operator="and")
    by_relevance = order != "newest"
    results = articles.search(query, order_by_relevance=by_relevance)
    if results.count():
        return Matches(results=results)
    # Newest first: ranks of one word's prefix mostly tie, and ordering by them leads
    # PostgreSQL to a plan that takes seconds at 10,000 articles (milliseconds this way).
    return Matches(results=articles.autocomplete(query, order_by_relevance=False), prefix_only=True)


def newest_matches_window() -> int | None:
    """How many of the newest matches a search ranks, when the backend ranks only those (PostgreSQL)."""
    return getattr(get_search_backend(), "newest_matches", None)


def promotions_for(query: str) -> list:
    """Editors' picks for exactly this query (case and spacing aside), in the editors' order.

    Each is a SearchPromotion; `article` is set (with its section and image)
    when it points at a published article. Picks of unpublished or private pages are left out.
    """
    query_string = normalise_query_string(query)
    if not query_string:
        return []
    promotions = list(
        SearchPromotion.objects.filter(query__query_string=query_string)
        .select_related("page")
        .order_by("sort_order", "pk")
    )
    page_ids = [promotion.page_id for promotion in promotions if promotion.page_id]
    articles = {}
    if page_ids:  # most queries have no picks, and cost no more queries
        shown = set(Page.objects.live().public().filter(pk__in=page_ids).values_list("pk", flat=True))
        promotions = [promotion for promotion in promotions if not promotion.page_id or promotion.page_id in shown]
        published = news_selectors.published_articles().filter(pk__in=shown)
        articles = {article.pk: article for article in news_selectors.listing(published)}
    for promotion in promotions:
        promotion.article = articles.get(promotion.page_id)
    return promotions


def paginate(request, results, *, per_page: int):
    """The requested page of search results, with sections attached; 404 for a page that does not exist."""
    paginator = Paginator(results, per_page)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except (PageNotAnInteger, EmptyPage) as error:
        raise Http404("No such page of results.") from error
    page.object_list = news_selectors.attach_sections(list(page.object_list))
    return page
