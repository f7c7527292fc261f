from django.conf import settings

SIGNED_IN_COOKIE = "journos_signed_in"


class SignedInMarkerMiddleware:
    """Keep a plain "1" cookie while someone is signed in, for the header script.

    The server never reads it: public pages stay the same for everyone. The
    deferred script (static/js/account.js) only asks the uncached status
    endpoint who is signed in when the cookie is there, so readers who are
    not signed in cost the server nothing extra.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        action = getattr(request, "journos_signed_in_marker", None)
        if action == "set":
            session = request.session
            max_age = None if session.get_expire_at_browser_close() else session.get_expiry_age()
            response.set_cookie(
                SIGNED_IN_COOKIE,
                "1",
                max_age=max_age,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=False,  # read by the header script; holds nothing secret
                samesite="Lax",
            )
        elif action == "delete":
            response.delete_cookie(SIGNED_IN_COOKIE, samesite="Lax")
        return response
