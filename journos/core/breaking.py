"""The breaking-news bar: "Mark as breaking" from an article, and clearing it when it expires.

The bar is part of Site settings; a save that changes only the bar stamps the
"breaking" tag (SiteSettings.changed_tags, journos.core.caching.invalidation),
which purges every page but leaves their other fragments warm (measured
against a cached endpoint in docs/caching.md). Expiry is honoured by the periodic job, which unticks an
expired bar and saves it: the same purge, at most a minute late. Page
lifetimes are left alone, so cached pages stay as long-lived as before.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from wagtail.admin import widgets
from wagtail.models import Page

from journos.core.models import SiteSettings


@require_POST
def mark_as_breaking(request, page_id):
    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    site = page.get_site()
    if not page.live or site is None:
        messages.error(request, f"'{page.title}' is not published on a site: publish it first.")
        return redirect("wagtailadmin_pages:edit", page.pk)
    setting = SiteSettings.for_site(site)
    setting.breaking_active = True
    setting.breaking_headline = page.title[:200]
    setting.breaking_page = page
    setting.breaking_url = ""
    setting.breaking_expires_at = None
    setting.save()  # purges every page (journos.core.caching.invalidation)
    messages.success(request, f"'{page.title}' is the breaking news. Change or clear the bar in Site settings.")
    return redirect("wagtailadmin_pages:edit", page.pk)


def clear_expired() -> int:
    """Untick the bars past their expiry; each save purges every page. How many were cleared."""
    expired = SiteSettings.objects.filter(breaking_active=True, breaking_expires_at__lte=timezone.now())
    count = 0
    for setting in expired:
        setting.breaking_active = False
        setting.save(update_fields=["breaking_active"])
        count += 1
    return count


urlpatterns = [path("breaking/<int:page_id>/", mark_as_breaking, name="core_mark_as_breaking")]


def buttons(page, user, priority):
    if page.live and page.permissions_for_user(user).can_publish():
        url = reverse("core_mark_as_breaking", args=[page.pk])
        # Wagtail's action controller submits a POST with the CSRF token.
        attrs = {"data-controller": "w-action", "data-action": "w-action#post", "data-w-action-url-value": url}
        yield widgets.Button("Mark as breaking", url, icon_name="warning", attrs=attrs, priority=priority)
