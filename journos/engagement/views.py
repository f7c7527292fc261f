"""The counting beacon and the "Load more" pages of related posts."""

from django import forms
from django.http import Http404, JsonResponse, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from journos.core import ratelimit
from journos.core.caching.page_cache import mark_public
from journos.core.clients import client_ip
from journos.core.origins import is_same_site
from journos.engagement import readers, selectors, services
from journos.engagement.models import Kind
from journos.news import selectors as news_selectors

BEACON_MAX_BYTES = 1024
MAX_RELATED_PAGE = 1000


class BeaconForm(forms.Form):
    article = forms.IntegerField(min_value=1, max_value=2**31 - 1)
    event = forms.ChoiceField(choices=[("view", "view"), ("share", "share")])
    network = forms.ChoiceField(choices=[(kind, kind) for kind in Kind.share_networks()], required=False)

    def clean(self):
        data = super().clean()
        if data.get("event") == "share" and not data.get("network"):
            self.add_error("network", "Say which network the article was shared on.")
        return data

    @property
    def kind(self) -> str:
        data = self.cleaned_data
        return Kind.VIEW if data["event"] == "view" else data["network"]


def _beacon_data(request) -> QueryDict:
    """The fields, form-encoded as sendBeacon sends URLSearchParams (or as multipart, or as plain text)."""
    if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return request.POST
    return QueryDict(request.body, encoding="utf-8")


def _answer(status: int, **data) -> JsonResponse:
    return JsonResponse(data, status=status)


@csrf_exempt  # a public, anonymous counter: no session, no cookie, nothing to forge
@never_cache
def beacon(request):
    """Record a view or a share sent by engagement.js (sendBeacon/fetch, form-encoded POST).

    Answers with the article's totals (cached for a few seconds), which the page shows
    instead of the numbers in its possibly cached HTML.
    """
    if request.method != "POST":
        response = _answer(405, error="Send a POST request.")
        response["Allow"] = "POST"
        return response
    if not is_same_site(request):  # another site's page must not add views or shares
        return _answer(403, error="Views and shares are counted only from this site's pages.")
    if int(request.META.get("CONTENT_LENGTH") or 0) > BEACON_MAX_BYTES or len(request.body) > BEACON_MAX_BYTES:
        return _answer(413, error="The request body is too large.")
    try:
        form = BeaconForm(_beacon_data(request))
    except MultiPartParserError:
        return _answer(400, error="Invalid beacon.")
    if not form.is_valid():
        return _answer(400, error="Invalid beacon.", fields=form.errors.get_json_data())

    user_agent = request.META.get("HTTP_USER_AGENT", "")
    if readers.is_bot(user_agent):
        return _answer(202, counted=False, reason="bot")
    address = client_ip(request)
    if not ratelimit.allow("engagement-beacons", address):
        response = _answer(429, error="Too many requests; try again in a minute.")
        response["Retry-After"] = str(ratelimit.window("engagement-beacons"))
        return response
    article_id = form.cleaned_data["article"]
    if not selectors.is_countable(article_id=article_id):
        return _answer(404, error="No published article has this id.")
    counted = services.record_event(article_id=article_id, kind=form.kind, address=address, user_agent=user_agent)
    totals = selectors.fresh_totals(article_id=article_id)
    return _answer(202, counted=counted, views=totals.views, shares=totals.shares)


@require_safe
def related(request, article_id: int):
    """Page N of an article's related posts: what "Load more" fetches, and a real page without JavaScript."""
    article = get_object_or_404(news_selectors.published_articles(), pk=article_id)
    page_number = request.GET.get("page", "1")
    if not page_number.isdigit() or not 1 <= int(page_number) <= MAX_RELATED_PAGE:
        raise Http404("No such page of related posts.")
    related_posts = selectors.related_posts(article=article, page=int(page_number))
    if int(page_number) > 1 and not related_posts.listed:
        raise Http404("No such page of related posts.")
    context = {"article": article, "related": related_posts, "next_page": related_posts.page + 1}
    return mark_public(TemplateResponse(request, "engagement/related_page.html", context))
