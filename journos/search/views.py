"""The search results page, the live results behind the header search, and the hit beacon.

The page and the live results are the same for every reader: they carry no
session, cookie or token, so a proxy may cache them per query string. They are
never indexed by search engines. Counting searches would be a write on every
request (and invisible behind a cache), so the results page sends a beacon
instead, as view counters do.
"""

from urllib.parse import parse_qsl, urlencode

from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.formats import date_format
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from wagtail.contrib.search_promotions.models import Query

from journos.core import ratelimit
from journos.core.caching.dependencies import depends_on
from journos.core.caching.page_cache import mark_public
from journos.core.clients import client_ip
from journos.core.origins import is_same_site
from journos.engagement.selectors import popular_articles
from journos.news import selectors as news_selectors
from journos.search import selectors
from journos.search.ceiling import Refused, admit

RESULTS_PER_PAGE = 10
LIVE_RESULTS = 5
SUGGESTIONS = 5
# Any article published or editors' pick changed may change any search (journos.core.caching).
SEARCH_DEPENDS_ON = ("list-all", "search-promotions")


def noindex(response):
    response["X-Robots-Tag"] = "noindex"
    return response


DEFAULTS = {"sort": "relevance", "page": "1"}  # left out of canonical addresses


def canonical_redirect(request, names: tuple[str, ...]):
    """A cacheable 301 to the one spelling of this search, or None when the request already uses it.

    Equivalent searches then share one entry in every cache: the query
    normalised (selectors.canonical_query), default values and parameters the
    page does not read left out, the rest in a fixed order.
    """
    wanted = []
    for name in names:
        value = request.GET.get(name, "")
        value = selectors.canonical_query(value) if name == "q" else value.strip()[:20]
        if (name == "sort" and value not in selectors.ORDERS) or value == DEFAULTS.get(name):
            continue
        if value:
            wanted.append((name, value))
    if parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True) == wanted:
        return None
    location = request.path + ("?" + urlencode(wanted) if wanted else "")
    return noindex(mark_public(HttpResponsePermanentRedirect(location)))


def refused_page(request, refusal: Refused, context: dict):
    """The results page saying why the search did not run (429 or 503), never cached."""
    context = {**context, "refusal": refusal.message, "searched": False}
    response = TemplateResponse(request, "search/results.html", context, status=refusal.status)
    return refused(response, refusal)


def refused(response, refusal: Refused):
    response["Retry-After"] = str(refusal.retry_after)
    add_never_cache_headers(response)
    return noindex(response)


@require_safe
def results(request):
    if redirect := canonical_redirect(request, ("q", "section", "sort", "page")):
        return redirect
    depends_on(*SEARCH_DEPENDS_ON)
    query = selectors.clean_query(request.GET.get("q", ""))
    terms = selectors.search_terms(query)
    order = request.GET.get("sort", "")
    order = order if order in selectors.ORDERS else "relevance"
    sections = selectors.sections_for_filter()
    section = find_section(sections, request.GET.get("section", ""))
    context = {
        "query": query,
        "order": order,
        "orders": selectors.ORDERS,
        "sections": sections,
        "section": section,
        "unknown_section": bool(request.GET.get("section")) and section is None,
        "searched": bool(terms),
        "page_obj": None,
        "result_count": 0,
    }
    if terms:
        try:
            with admit(request):
                context.update(search_context(request, query, terms, section, order))
        except Refused as refusal:
            return refused_page(request, refusal, context)
    if not context["result_count"]:
        context["suggestions"] = popular_articles(limit=SUGGESTIONS)  # most read, padded with the newest
    response = TemplateResponse(request, "search/results.html", context)
    return noindex(mark_public(response))


def find_section(sections: list, value: str):
    return next((section for section in sections if str(section.pk) == value), None)


def search_context(request, query: str, terms: list[str], section, order: str) -> dict:
    """Editors' picks (when no section is chosen) on the first page, then the page of matches asked for."""
    promotions = [] if section else selectors.promotions_for(query)
    pinned_ids = [promotion.page_id for promotion in promotions if promotion.page_id]
    matches = selectors.find_articles(terms=terms, section=section, order=order, exclude=pinned_ids)
    page_obj = selectors.paginate(request, matches.results, per_page=RESULTS_PER_PAGE)
    window = selectors.newest_matches_window()
    result_count = page_obj.paginator.count + len(promotions)
    return {
        # A common word's matches beyond the newest `window` are not ranked (journos/search/backends/postgres.py).
        "more_matches": window if window and page_obj.paginator.count >= window else None,
        "page_obj": page_obj,
        "promotions": promotions if page_obj.number == 1 else [],
        "result_count": result_count,
        "prefix_only": matches.prefix_only,
        "prefix": terms[-1],
        # The beacon counts a search once: on its first page, when it found something.
        "count_hit": page_obj.number == 1 and result_count > 0,
        "filter_query": search_query_string(query, section, order),
        "all_sections_query": search_query_string(query, None, order),
    }


def search_query_string(query: str, section, order: str) -> str:
    """The canonical query string of a search (canonical_redirect sends every other spelling to it)."""
    sort = "" if order == "relevance" else order
    params = [("q", query), ("section", section.pk if section else ""), ("sort", sort)]
    return urlencode([(name, value) for name, value in params if value])


@require_safe
def live(request):
    """Up to five results for the header's dropdown, as JSON: editors' picks first."""
    if redirect := canonical_redirect(request, ("q",)):
        return redirect
    depends_on(*SEARCH_DEPENDS_ON)
    query = selectors.clean_query(request.GET.get("q", ""))
    terms = selectors.search_terms(query)
    items = []
    if terms:
        try:
            with admit(request):
                items = live_items(query, terms)
        except Refused as refusal:
            return refused(JsonResponse({"error": refusal.message}, status=refusal.status), refusal)
    all_results_url = reverse("search:results") + "?" + urlencode({"q": query})
    response = JsonResponse({"query": query, "results": items, "all_results_url": all_results_url})
    return noindex(mark_public(response))


def live_items(query: str, terms: list[str]) -> list[dict]:
    promotions = selectors.promotions_for(query)
    items = [promotion_item(promotion) for promotion in promotions[:LIVE_RESULTS]]
    pinned_ids = [promotion.page_id for promotion in promotions if promotion.page_id]
    matches = selectors.find_articles(terms=terms, exclude=pinned_ids, for_cards=False)
    found = list(matches.results[: LIVE_RESULTS - len(items)])
    return items + [article_item(article) for article in news_selectors.attach_sections(found)]


def article_item(article, pinned: bool = False) -> dict:
    published = timezone.localtime(article.first_published_at)
    return {
        "title": article.title,
        "url": article.url,
        "section": article.section.title if article.section else "",
        "date": published.date().isoformat(),
        "date_display": date_format(published, "F j, Y"),
        "pinned": pinned,
    }


def promotion_item(promotion) -> dict:
    if promotion.article:
        return article_item(promotion.article, pinned=True)
    url = promotion.page.url if promotion.page else promotion.external_link_url
    return {"title": promotion.title, "url": url, "section": "", "date": "", "date_display": "", "pinned": True}


@csrf_exempt  # an anonymous counter, like the view beacon: no session, nothing to forge
@require_POST
@never_cache
def record_hit(request):
    """Count a search in Wagtail's query log (Reports > Search terms; Promoted search results)."""
    if not is_same_site(request):  # another site's page must not fill the search terms report
        return JsonResponse({"error": "Searches are counted only from this site's pages."}, status=403)
    if not ratelimit.allow("search-hits", client_ip(request)):
        message = "Too many searches counted from your address; try again in a minute."
        response = JsonResponse({"error": message}, status=429)
        response["Retry-After"] = str(ratelimit.window("search-hits"))
        return response
    query = selectors.clean_query(request.POST.get("q", ""))
    if not selectors.search_terms(query):
        return HttpResponse("Nothing to count: the query has no words.", status=400, content_type="text/plain")
    Query.get(query).add_hit()
    return HttpResponse(status=204)
