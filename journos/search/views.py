"""The search results page, the live results behind the header search, and the hit beacon.

The page and the live results are the same for every reader: they carry no
session, cookie or token, so a proxy may cache them per query string. They are
never indexed by search engines. Counting searches would be a write on every
request (and invisible behind a cache), so the results page sends a beacon
instead, as view counters do.
"""

from urllib.parse import urlencode

from django.http import HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
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

RESULTS_PER_PAGE = 10
LIVE_RESULTS = 5
SUGGESTIONS = 5
# Any article published or editors' pick changed may change any search (journos.core.caching).
SEARCH_DEPENDS_ON = ("list-all", "search-promotions")


def noindex(response):
    response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
def results(request):
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
        context.update(search_context(request, query, terms, section, order))
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
    result_count = page_obj.paginator.count + len(promotions)
    return {
        "page_obj": page_obj,
        "promotions": promotions if page_obj.number == 1 else [],
        "result_count": result_count,
        "prefix_only": matches.prefix_only,
        "prefix": terms[-1],
        # The beacon counts a search once: on its first page, when it found something.
        "count_hit": page_obj.number == 1 and result_count > 0,
        "filter_query": urlencode({"q": query, "section": section.pk if section else "", "sort": order}),
        "all_sections_query": urlencode({"q": query, "sort": order}),
    }


@require_safe
def live(request):
    """Up to five results for the header's dropdown, as JSON: editors' picks first."""
    depends_on(*SEARCH_DEPENDS_ON)
    query = selectors.clean_query(request.GET.get("q", ""))
    terms = selectors.search_terms(query)
    items = []
    if terms:
        promotions = selectors.promotions_for(query)
        items = [promotion_item(promotion) for promotion in promotions[:LIVE_RESULTS]]
        pinned_ids = [promotion.page_id for promotion in promotions if promotion.page_id]
        matches = selectors.find_articles(terms=terms, exclude=pinned_ids, for_cards=False)
        found = list(matches.results[: LIVE_RESULTS - len(items)])
        items += [article_item(article) for article in news_selectors.attach_sections(found)]
    all_results_url = reverse("search:results") + "?" + urlencode({"q": query})
    response = JsonResponse({"query": query, "results": items, "all_results_url": all_results_url})
    return noindex(mark_public(response))


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
