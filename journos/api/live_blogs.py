"""Live blogs in the API (/api/v2/liveblogs/), once the live blog page type (journos.news.live_blogs) is installed.

A live blog is an article: /api/v2/articles/ lists it too (meta.type "news.LiveBlogPage"). This
endpoint adds its coverage times, and in the detail its updates, newest first, each with its own
address, key events flagged. Updates reach the API as they reach readers: when the live blog is
published (which purges its answers like any article's).
"""

from django.apps import apps

from wagtail.api import APIField

from rest_framework.fields import Field

from journos.api import fields
from journos.api.endpoints import ArticlesEndpoint
from journos.core import urls
from journos.news import selectors


def live_blog_model():
    try:
        return apps.get_model("news", "LiveBlogPage")
    except LookupError:
        return None


class UpdatesField(Field):
    """A live blog's updates, newest first."""

    def get_attribute(self, instance):
        return instance.entry_list

    def to_representation(self, entries):
        return [
            {
                "id": entry.pk,
                "posted_at": entry.posted_at.isoformat() if entry.posted_at else None,
                "headline": entry.headline,
                "is_key_event": entry.is_key_event,
                "key_event_summary": entry.key_event_text if entry.is_key_event else "",
                "html_url": urls.absolute_url(entry.permalink) if entry.permalink else None,
                "body_html": fields.stream_html(entry.body),
                "body_text": fields.stream_text(entry.body),
            }
            for entry in entries
        ]


def live_blogs_endpoint(model):
    class LiveBlogsEndpoint(ArticlesEndpoint):
        body_fields = [
            *ArticlesEndpoint.body_fields,
            "coverage_start",
            "coverage_ended_at",
            APIField("updates", serializer=UpdatesField(read_only=True)),
        ]
        listing_default_fields = [*ArticlesEndpoint.listing_default_fields, "coverage_start", "coverage_ended_at"]
        detail_only_fields = [*ArticlesEndpoint.detail_only_fields, "updates"]

        def published(self):
            published = selectors.published_articles().order_by().values("pk")
            return self.model.objects.filter(pk__in=published).order_by("-first_published_at", "-pk")

    LiveBlogsEndpoint.model = model
    return LiveBlogsEndpoint
