import logging
import sys

from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger("journos.healthz")


@never_cache
@require_safe
def healthz(request):
    """Whether the database and the cache answer: 200 while the database does, else 503.

    A dead cache only slows the site down (it fails open), so it is reported
    but does not make the check fail. Kept to the minimum: it is also the
    framework's floor in `make bench`.
    """
    checks = {"database": database_answers(), "cache": cache_answers()}
    status = 200 if checks["database"] else 503
    body = {"status": "ok" if all(checks.values()) else "degraded" if status == 200 else "down"}
    body.update({name: "ok" if ok else "down" for name, ok in checks.items()})
    return JsonResponse(body, status=status)


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:  # any failure means "down"; the reason goes to the log
        logger.exception("Health check: the database does not answer.")
        return False


def cache_answers() -> bool:
    ping = getattr(cache, "ping", None)
    if ping is not None:
        return ping()
    cache.set("healthz", 1, 10)
    return cache.get("healthz") == 1


# How long readers (and crawlers) are asked to wait while the database is down.
RETRY_AFTER_SECONDS = 60


def server_error(request):
    """handler500: "temporarily unavailable" (503, Retry-After) when the database is down, else the 500 page.

    Neither page needs the database: both render without a request or context processors.
    Django has already logged the error (the django.request logger).
    """
    error = sys.exc_info()[1]
    context = {"site_name": settings.WAGTAIL_SITE_NAME}
    if isinstance(error, (OperationalError, InterfaceError)):
        response = HttpResponse(loader.render_to_string("503.html", context), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    else:
        response = HttpResponseServerError(loader.render_to_string("500.html", context))
    add_never_cache_headers(response)
    return response
