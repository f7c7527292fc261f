"""The API's endpoints: articles, sections, authors, tags (Wagtail API v2 viewsets).

Each answers only what any reader may see on the site, whoever asks (no
session, no password or group lets more through): pages come from
news.selectors.visible(), articles from published_articles(). Listings cost a
fixed number of queries whatever their length (tests/api/test_queries.py).

Every answer is counted against RATE_LIMITS["api"] per client (429 with
Retry-After past it); a 200 to a GET is public, cacheable and tagged with what
it shows (its pages, pictures and tags as they load, plus "list-all" for
listings), so publishing, unpublishing or editing any of them purges it.

Adding a field: name it in an endpoint's `body_fields` (a model field or
property) or as `APIField(name, serializer=...)`, and add it to
`listing_default_fields` to show it in listings without ?fields=; load what
it needs in `public_pages` (select_related / prefetch_related) so listings
stay at a fixed number of queries.
"""

from django.conf import settings
from django.db.models.functions import Lower
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from wagtail.api import APIField
from wagtail.api.v2.filters import ChildOfFilter, DescendantOfFilter, OrderingFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.models import Page, Site

from rest_framework import status
from rest_framework.fields import CharField
from rest_framework.filters import BaseFilterBackend
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from taggit.models import Tag

from journos.api import fields
from journos.core import ratelimit
from journos.core.caching.dependencies import depends_on
from journos.core.caching.page_cache import mark_public
from journos.core.clients import client_ip
from journos.news import selectors
from journos.news.models import ArticlePage, ArticleTag, ArticleType, AuthorPage, SectionPage

# Past this, a listing is walked with filters (dates), not offsets: deep offsets are slow and never needed.
MAX_OFFSET = 10_000
MAX_ID = 2**63 - 1


class RateLimited(Exception):
    pass


def positive_int(value: str, name: str) -> int:
    """A whole number from the query string, or a 400 that says what was expected."""
    if not value.isdigit() or not 0 < int(value) <= MAX_ID:
        raise BadRequestError(f"{name} must be a positive whole number, not {value[:40]!r}")
    return int(value)


class Pagination(WagtailPagination):
    """Wagtail's ?limit= and ?offset=, with a clear 400 for offsets too large or not numbers."""

    def paginate_queryset(self, queryset, request, view=None):
        offset = request.GET.get("offset", "0")
        if not offset.isdigit() or int(offset) > MAX_OFFSET:
            raise BadRequestError(f"offset must be a whole number from 0 to {MAX_OFFSET}")
        if not request.GET.get("limit", "0").isdigit():
            raise BadRequestError(f"limit must be a whole number from 0 to {settings.WAGTAILAPI_LIMIT_MAX}")
        return super().paginate_queryset(queryset, request, view)


class Ordering(OrderingFilter):
    """Wagtail's ?order=, over the endpoint's `ordering_fields` only (not every column it shows)."""

    def filter_queryset(self, request, queryset, view):
        names = [name.strip().lstrip("-") for name in request.GET.get("order", "").split(",") if name.strip()]
        unknown = [name for name in names if name not in {*view.ordering_fields, "random"}]
        if unknown:
            choices = ", ".join(view.ordering_fields)
            raise BadRequestError(f"cannot order by {unknown[0][:40]!r}: order by {choices} or random")
        return super().filter_queryset(request, queryset, view)


class PublicAnswers:
    """What every endpoint shares: anonymous, read-only, JSON, rate-limited, cacheable, 400s for bad input."""

    renderer_classes = [JSONRenderer]  # no browsable HTML: it would need inline scripts and a session
    authentication_classes = []  # the same answer for everyone: no session or password is read
    permission_classes = [AllowAny]
    pagination_class = Pagination
    http_method_names = ["get", "head", "options"]
    # Tags every listing depends on beyond what it loads: "list-all" is stamped whenever any page
    # is published, unpublished or moved (journos.core.caching.invalidation).
    listing_tags = ("list-all",)

    def check_query_parameters(self, queryset):
        """Only the parameters documented in docs/api.md; anything else is a 400 naming it."""
        unknown = set(self.request.GET) - self.known_query_parameters
        if unknown:
            names = ", ".join(sorted(unknown))[:200]
            raise BadRequestError(f"unknown query parameter: {names} (docs/api.md lists those there are)")

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not ratelimit.allow("api", client_ip(request)):
            raise RateLimited

    def handle_exception(self, exc):
        if isinstance(exc, RateLimited):
            wait = ratelimit.window("api")
            response = Response(
                {"message": f"Too many requests: try again in {wait} seconds."},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
            response["Retry-After"] = str(wait)
            return response
        if isinstance(exc, OverflowError):  # a value the database cannot compare with
            return Response({"message": "A parameter has a value out of range."}, status=status.HTTP_400_BAD_REQUEST)
        return super().handle_exception(exc)

    def listing_view(self, request):
        depends_on(*self.listing_tags)
        return super().listing_view(request)

    def detail_view(self, request, pk):
        if pk > MAX_ID:  # no row has it, and the database could not even compare it
            raise Http404("Not found.")
        return super().detail_view(request, pk)

    def find_view(self, request):
        """Redirect to the detail answer of what ?id= (or ?html_path=) names; 404 if nothing any reader may see."""
        found = self.find_object(self.get_queryset(), request)
        if found is None:
            raise Http404("Not found.")
        query = request.GET.copy()
        for param in self.find_query_parameters:
            query.pop(param, None)
        url = fields.detail_url(self.model, found.pk, self.get_serializer_context())
        return redirect(f"{url}?{query.urlencode()}" if query else url)

    def find_object(self, queryset, request):
        if "id" in request.GET:
            return queryset.filter(pk=positive_int(request.GET["id"], "id")).first()
        return None

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == status.HTTP_200_OK:
            mark_public(response)
        else:
            response["Cache-Control"] = "no-store"
        return response


class PublicPagesEndpoint(PublicAnswers, PagesAPIViewSet):
    """Pages of one type that any reader may see, on the site the request is for."""

    filter_backends = [ChildOfFilter, DescendantOfFilter, Ordering]
    ordering_fields = ("id", "title", "first_published_at", "last_published_at")
    known_query_parameters = frozenset(["limit", "offset", "fields", "order", "child_of", "descendant_of"])
    find_query_parameters = frozenset(["id", "html_path"])
    meta_fields = [
        "type",
        APIField("detail_url", serializer=fields.DetailUrlField(read_only=True)),
        APIField("html_url", serializer=fields.PageHtmlUrlField(read_only=True)),
        "slug",
        "first_published_at",
        "last_published_at",
    ]
    listing_default_fields = ["id", "type", "detail_url", "html_url", "slug", "first_published_at", "title"]
    nested_default_fields = ["id", "type", "detail_url", "html_url", "title"]

    def site_root(self):
        site = Site.find_for_request(self.request)
        if site is None:
            raise Http404("No site answers at this address.")
        return site.root_page

    def get_base_queryset(self):
        """Every page any reader may see on this site: used for ?child_of= and ?descendant_of= too."""
        return selectors.visible(Page.objects.all()).descendant_of(self.site_root(), inclusive=True)

    def public_pages(self):
        return selectors.visible(self.model.objects.all())

    def get_queryset(self):
        # Built once per answer: Wagtail asks for it again for its model, and .public() reads the
        # private pages each time it is built.
        if not hasattr(self, "_queryset"):
            self._queryset = self.public_pages().filter(path__startswith=self.site_root().path)
        return self._queryset

    @classmethod
    def get_detail_default_fields(cls, model):
        return BaseAPIViewSet.get_detail_default_fields.__func__(cls, model)  # no i18n: no "locale" to drop

    def get_object(self):
        return BaseAPIViewSet.get_object(self)  # already of the endpoint's type: no .specific query

    def find_object(self, queryset, request):
        if "html_path" in request.GET:
            parts = [part for part in request.GET["html_path"].split("/") if part]
            try:
                page, _, _ = self.site_root().specific.route(request, parts)
            except Http404:
                return None
            return queryset.filter(pk=page.pk).first()
        return super().find_object(queryset, request)

    def get_root_page(self):
        return self.site_root()

    def get_serializer_context(self):
        # Without Wagtail's "base_queryset": only its "parent" field reads it, and this API has none.
        return BaseAPIViewSet.get_serializer_context(self)


class ArticleFilter(BaseFilterBackend):
    """?section=<id> (and its subsections), ?tag=<slug>, ?author=<id>, ?article_type=<type>,
    ?published_after= / ?published_before=."""

    def filter_queryset(self, request, queryset, view):
        params = request.GET
        matching = []
        if "section" in params:
            section = public_page(SectionPage, positive_int(params["section"], "section"), "section")
            matching.append(selectors.section_articles(section=section))
        if "author" in params:
            author = public_page(AuthorPage, positive_int(params["author"], "author"), "author")
            matching.append(selectors.author_articles(author=author))
        if "tag" in params:
            tag = Tag.objects.filter(slug=params["tag"][:100]).first()
            if tag is None:
                raise BadRequestError(f"no tag has the slug {params['tag'][:40]!r} (see /api/v2/tags/)")
            matching.append(selectors.tag_articles(tag=tag))
        for articles in matching:
            queryset = queryset.filter(pk__in=articles.order_by().values("pk"))
        if "article_type" in params:
            if params["article_type"] not in ArticleType.values:
                kinds = ", ".join(ArticleType.values)
                raise BadRequestError(f"article_type must be one of {kinds}, not {params['article_type'][:40]!r}")
            queryset = queryset.filter(article_type=params["article_type"])
        if "published_after" in params:
            queryset = queryset.filter(first_published_at__gte=moment(params["published_after"], "published_after"))
        if "published_before" in params:
            queryset = queryset.filter(first_published_at__lt=moment(params["published_before"], "published_before"))
        return queryset


def public_page(model, pk: int, name: str):
    page = selectors.visible(model.objects.filter(pk=pk)).first()
    if page is None:
        raise BadRequestError(f"no published {name} has the id {pk}")
    return page


def moment(value: str, name: str):
    """2026-03-01 (midnight, the site's time zone) or 2026-03-01T12:00:00+00:00; a 400 for anything else."""
    try:
        found = parse_datetime(value) or parse_date(value)
    except ValueError:
        found = None
    if found is None:
        raise BadRequestError(f"{name} must be a date (2026-03-01) or a date and time (2026-03-01T12:00:00Z)")
    if not hasattr(found, "hour"):
        found = timezone.datetime.combine(found, timezone.datetime.min.time())
    return timezone.make_aware(found) if timezone.is_naive(found) else found


class ArticlesEndpoint(PublicPagesEndpoint):
    model = ArticlePage
    filter_backends = [ArticleFilter, *PublicPagesEndpoint.filter_backends]
    known_query_parameters = PublicPagesEndpoint.known_query_parameters | {
        "section",
        "tag",
        "author",
        "article_type",
        "published_after",
        "published_before",
    }
    body_fields = [
        "id",
        "title",
        "article_type",
        "type_label",
        "sponsor_name",
        "standfirst",
        APIField("section", serializer=fields.SectionField(read_only=True)),
        APIField("authors", serializer=fields.AuthorsField(read_only=True)),
        APIField("tags", serializer=fields.TagsField(read_only=True)),
        APIField("image", serializer=fields.ImageField(source="featured_image", read_only=True)),
        "reading_time",
        APIField("body_html", serializer=fields.BodyHtmlField(source="body", read_only=True)),
        APIField("body_text", serializer=fields.BodyTextField(source="body", read_only=True)),
        "source_name",
        "source_title",
        "source_url",
        APIField("corrections", serializer=fields.CorrectionsField(read_only=True)),
    ]
    listing_default_fields = [
        *PublicPagesEndpoint.listing_default_fields,
        "last_published_at",
        "article_type",
        "type_label",
        "sponsor_name",
        "corrections",
        "standfirst",
        "section",
        "authors",
        "tags",
        "image",
        "reading_time",
    ]
    # The body is for one article at a time: a listing's cost stays the same however long the stories are.
    detail_only_fields = ["body_html", "body_text"]

    def published(self):
        """The published articles this endpoint lists (news.selectors: the one publishing rule)."""
        return selectors.published_articles()

    def public_pages(self):
        articles = self.published().prefetch_related("tagged_items__tag", "corrections")
        if self.action == "listing_view":
            return selectors.for_listing(articles)
        return articles.select_related("featured_image").prefetch_related("featured_image__renditions")

    def paginate_queryset(self, queryset):
        return selectors.attach_sections(list(super().paginate_queryset(queryset)))


class SectionsEndpoint(PublicPagesEndpoint):
    model = SectionPage
    body_fields = ["id", "title", "introduction"]
    listing_default_fields = [*PublicPagesEndpoint.listing_default_fields, "introduction"]

    def public_pages(self):
        return super().public_pages().order_by("path")


class AuthorsEndpoint(PublicPagesEndpoint):
    model = AuthorPage
    body_fields = [
        "id",
        APIField("name", serializer=CharField(source="title", read_only=True)),
        "role",
        APIField("bio", serializer=fields.RichTextField(read_only=True)),
        APIField("photo", serializer=fields.ImageField(read_only=True)),
        "email",
        "x_url",
        "linkedin_url",
        "website_url",
    ]
    listing_default_fields = [*PublicPagesEndpoint.listing_default_fields, "name", "role", "photo"]

    def public_pages(self):
        authors = super().public_pages().select_related("photo").prefetch_related("photo__renditions")
        return authors.order_by("title", "pk")


class TagsEndpoint(PublicAnswers, BaseAPIViewSet):
    """Tags of at least one published article, by name; ?slug= finds one."""

    model = Tag
    name = "tags"
    filter_backends = [Ordering]
    ordering_fields = ("id", "name", "slug")
    known_query_parameters = frozenset(["limit", "offset", "fields", "order", "slug"])
    body_fields = ["id", "name", "slug", APIField("html_url", serializer=fields.TagHtmlUrlField(read_only=True))]
    meta_fields = ["type", APIField("detail_url", serializer=fields.DetailUrlField(read_only=True))]
    listing_default_fields = ["id", "type", "detail_url", "name", "slug", "html_url"]
    nested_default_fields = listing_default_fields

    def get_queryset(self):
        used = ArticleTag.objects.filter(content_object__in=selectors.published_articles().order_by().values("pk"))
        tags = Tag.objects.filter(pk__in=used.values("tag_id")).order_by(Lower("name"), "pk")
        if "slug" in self.request.GET:
            tags = tags.filter(slug=self.request.GET["slug"][:100])
        return tags
