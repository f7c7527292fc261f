from django.conf import settings
from django.db import transaction
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.utils.urlpatterns import decorate_urlpatterns

from journos.accounts.views.session import StaffLogoutView
from journos.api.urls import router as api_router
from journos.core import desk_privacy, icons, robots
from journos.core import views as core_views
from journos.news import views as news_views

admin_urlpatterns = decorate_urlpatterns(
    desk_privacy.urlpatterns + wagtailadmin_urls.urlpatterns, desk_privacy.hide_unknown_pages
)

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    # Signing out is a POST only (Wagtail's own view signs out on any method): before the admin's URLs.
    path("admin/logout/", StaffLogoutView.as_view(), name="wagtailadmin_logout"),
    # Every admin request is one transaction: a process killed mid-publish leaves no half-published page.
    # No admin address tells a user about pages outside their desk (desk_privacy replaces a few of Wagtail's views).
    path("admin/", include(decorate_urlpatterns(admin_urlpatterns, transaction.atomic))),
    path("documents/", include(wagtaildocs_urls)),
    path("account/", include("journos.accounts.urls")),
    path("newsletter/", include("journos.newsletter.urls")),
    path("comments/", include("journos.comments.urls")),
    path("search/", include("journos.search.urls")),
    path("engagement/", include("journos.engagement.urls")),
    # The read API for apps and partners (docs/api.md).
    path("api/v2/", api_router.urls),
    path("tags/<str:slug>/", news_views.tag_archive, name="tag_archive"),
    path("corrections/", news_views.corrections, name="corrections"),
    # Search engines and feeds: robots.txt, sitemaps, RSS/Atom (journos/news/urls.py).
    path("robots.txt", robots.robots_txt, name="robots_txt"),
    # The icons browsers ask for at the root, and the web app manifest (journos/core/icons.py).
    path("favicon.ico", icons.favicon, name="favicon"),
    path("apple-touch-icon.png", icons.apple_touch_icon, name="apple_touch_icon"),
    path("manifest.webmanifest", icons.manifest, name="manifest"),
    path("", include("journos.news.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

# A database that does not answer gives a "temporarily unavailable" page (503, Retry-After), not a 500.
handler500 = "journos.core.views.server_error"
