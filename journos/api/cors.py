"""Cross-origin reads of the API (/api/v2/) for the origins in settings.API_CORS_ORIGINS.

An app's page on another site may fetch the API when its origin is listed
(or when the list is "*": any site). The answer names that origin in
Access-Control-Allow-Origin and says `Vary: Origin`, so shared caches keep one
copy per origin; with "*" there is one copy for all. Preflights (OPTIONS with
Access-Control-Request-Method) are answered here with 204. No credentials are
ever allowed: the API answers the same to everyone.

This runs outside the page cache (journos.core.caching.page_cache), so a cached
answer gets the headers of the request it is served to.
"""

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

API_PREFIX = "/api/"
ALLOWED_METHODS = "GET, HEAD, OPTIONS"
ALLOWED_HEADERS = "Accept, Accept-Language, Content-Language, Content-Type, If-None-Match, If-Modified-Since"
EXPOSED_HEADERS = "Retry-After"
PREFLIGHT_MAX_AGE = 86400


def allowed_origin(origin: str) -> str | None:
    """What Access-Control-Allow-Origin says for a request from `origin`: '*', the origin, or None."""
    origins = settings.API_CORS_ORIGINS
    if "*" in origins:
        return "*"
    if origin and origin.rstrip("/").lower() in {allowed.rstrip("/").lower() for allowed in origins}:
        return origin
    return None


class ApiCorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        allowed = allowed_origin(request.headers.get("Origin", ""))
        if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
            response = HttpResponse(status=204)
            if allowed:
                response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
                response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
                response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
        else:
            response = self.get_response(request)
        if allowed:
            response["Access-Control-Allow-Origin"] = allowed
            response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        if "*" not in settings.API_CORS_ORIGINS:
            patch_vary_headers(response, ["Origin"])
        return response
