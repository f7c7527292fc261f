"""The breaking-news bar through Varnish: set, it is on every cached page within 2 s; expired, it goes."""

import time

import pytest

from tests.production.test_stack import wait_for_text, warm_through_varnish

pytestmark = [pytest.mark.redis, pytest.mark.varnish]

SET_BAR = """
from datetime import timedelta
from django.utils import timezone
from wagtail.models import Site
from journos.core.models import SiteSettings
setting = SiteSettings.for_site(Site.objects.get(is_default_site=True))
setting.breaking_active = True
setting.breaking_headline = "Polls close early"
setting.breaking_page_id = {article}
setting.breaking_expires_at = timezone.now() + timedelta(seconds=5)
setting.save()
"""

CLEAR_EXPIRED = """
from journos.core.tasks import clear_expired_breaking_news
clear_expired_breaking_news.call()
"""


def test_the_bar_reaches_cached_pages_through_varnish_and_leaves_when_it_expires(newsroom, start_stack):
    stack = start_stack(worker=False)
    paths = ["/", newsroom["article"].url, newsroom["economy"].url, newsroom["author"].url]
    warm_through_varnish(stack, paths)

    stack.django(SET_BAR.format(article=newsroom["article"].pk))
    set_at = time.monotonic()
    for path in paths:
        took = wait_for_text(stack, path, "Polls close early", seconds=2)
        assert took is not None, f"the bar did not show on {path} through Varnish within 2 seconds"
    warm_through_varnish(stack, paths)  # cached again, with the bar

    time.sleep(max(0.0, set_at + 5.1 - time.monotonic()))
    stack.django(CLEAR_EXPIRED)  # what the periodic job runs every minute

    for path in paths:
        deadline = time.monotonic() + 2
        while "Polls close early" in stack.get(path).text:
            assert time.monotonic() < deadline, f"the expired bar still shows on {path} through Varnish"
            time.sleep(0.05)
