from django import template

from journos.news import feeds

register = template.Library()


@register.simple_tag
def site_feed():
    """The whole site's feeds, offered on every page."""
    return feeds.feed_link("", "site-feed")
