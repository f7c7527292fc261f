"""Admin avatars without an avatar service: the person's initials on a colour, drawn as an inline SVG.

Wagtail would ask Gravatar (settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None, so it does not) and show broken
images where that site is unreachable; a data: URL costs no request at all. An avatar a user uploaded
in their admin profile still wins.
"""

from urllib.parse import quote
from xml.sax.saxutils import escape

# Dark enough for white letters (contrast above 4.5:1).
COLOURS = ("#2e1f5e", "#005b5e", "#7a2e0e", "#1b5fc1", "#6b2c91", "#8a0019", "#2f5d1e", "#4a4a4a")


def initials(user) -> str:
    names = [part for part in (user.first_name, user.last_name) if part.strip()]
    if names:
        return "".join(name.strip()[0] for name in names).upper()
    return (user.get_username() or "?")[:2].upper()


def initials_url(user, size: int) -> str | None:
    if user is None or not hasattr(user, "get_username"):
        return None  # a deleted user (in history reports): Wagtail's default picture
    profile = getattr(user, "wagtail_userprofile", None)
    if profile is not None and profile.avatar:
        return None  # Wagtail shows the uploaded picture
    colour = COLOURS[(user.pk or 0) % len(COLOURS)]
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 100 100">'
        f'<rect width="100" height="100" fill="{colour}"/>'
        '<text x="50" y="50" dy=".35em" text-anchor="middle" fill="#fff" '
        f'font-family="sans-serif" font-size="42" font-weight="600">{escape(initials(user))}</text></svg>'
    )
    return "data:image/svg+xml," + quote(svg)
