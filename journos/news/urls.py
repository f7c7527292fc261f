"""Feeds and sitemaps (see README, "Search engines and feeds")."""

from django.urls import path, register_converter

from journos.news import sitemaps
from journos.news.feeds import FeedFormatConverter, feed_view

register_converter(FeedFormatConverter, "feedformat")

urlpatterns = [
    path("feeds/<feedformat:fmt>/", feed_view, {"kind": "site"}, name="site-feed"),
    path("feeds/sections/<int:pk>/<feedformat:fmt>/", feed_view, {"kind": "section"}, name="section-feed"),
    path("feeds/authors/<int:pk>/<feedformat:fmt>/", feed_view, {"kind": "author"}, name="author-feed"),
    path("feeds/tags/<str:slug>/<feedformat:fmt>/", feed_view, {"kind": "tag"}, name="tag-feed"),
    path("feeds/corrections/<feedformat:fmt>/", feed_view, {"kind": "corrections"}, name="corrections-feed"),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.sitemap_part, name="sitemap-section"),
    path("news-sitemap.xml", sitemaps.news_sitemap, name="news-sitemap"),
]
