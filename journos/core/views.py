import logging

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
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
