"""The site's mark and logo, drawn from one geometry: the SVG favicon, the PNG/ICO icons, the demo logo.

The mark is a white "J" on a red rounded square, on a 64-unit grid. `mark_svg()`
writes it as SVG; `draw_mark()` draws the same outline with Pillow (sampled at 4×,
then reduced, for smooth edges). `manage.py draw_brand_icons` writes the icons to
static/ (they are committed; run it again after changing the geometry), and
`seed_demo` stores `draw_logo()` as the demo's logo in Site settings.
"""

import math
from io import BytesIO

from PIL import Image, ImageDraw, ImageFont

BRAND_RED = "#b00020"  # also the theme colour (base.html, the web app manifest)
WHITE = "#ffffff"
GRID = 64
CORNER = 12

# The "J", clockwise: top bar, stem, the hook's outer curve, its end, the inner curve.
J_PATH = "M22 12h28v8h-4v20a15 15 0 0 1-30 0v-4h10v4a5 5 0 0 0 10 0V20H22z"


def arc(cx: float, cy: float, r: float, start: float, end: float, steps: int = 24) -> list[tuple[float, float]]:
    """Points on a circle from angle `start` to `end` (degrees, y pointing down as in SVG)."""
    return [
        (cx + r * math.cos(math.radians(start + (end - start) * i / steps)),
         cy + r * math.sin(math.radians(start + (end - start) * i / steps)))
        for i in range(steps + 1)
    ]  # fmt: skip


def j_outline() -> list[tuple[float, float]]:
    """J_PATH as a polygon on the 64-unit grid."""
    return [
        (22, 12), (50, 12), (50, 20), (46, 20),
        *arc(31, 40, 15, 0, 180),  # (46, 40) round the bottom to (16, 40)
        (16, 36), (26, 36),
        *arc(31, 40, 5, 180, 0),  # (26, 40) back round the bottom to (36, 40)
        (36, 20), (22, 20),
    ]  # fmt: skip


def mark_svg() -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {GRID} {GRID}">'
        f'<rect width="{GRID}" height="{GRID}" rx="{CORNER}" fill="{BRAND_RED}"/>'
        f'<path fill="{WHITE}" d="{J_PATH}"/></svg>\n'
    )


def draw_mark(size: int, *, rounded: bool = True, scale: float = 1.0) -> Image.Image:
    """The mark as a `size`-pixel RGBA square. `rounded=False` fills the square (iOS and Android round it
    themselves); `scale` < 1 shrinks the J into the middle (the safe zone of a maskable icon)."""
    big = size * 4
    unit = big / GRID
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=CORNER * unit if rounded else 0, fill=BRAND_RED)
    middle = GRID / 2
    draw.polygon(
        [((middle + (x - middle) * scale) * unit, (middle + (y - middle) * scale) * unit) for x, y in j_outline()],
        fill=WHITE,
    )
    return image.resize((size, size), Image.Resampling.LANCZOS)


def draw_logo(name: str, *, height: int = 160) -> Image.Image:
    """The logo: the mark, then the site's name in white capitals, on one red plate (legible on light and dark
    pages). Pillow's built-in font, so it draws the same on every machine."""
    font = ImageFont.load_default(size=round(height * 0.46))
    text = name.upper()
    stroke = max(1, height // 60)
    left, top, right, bottom = font.getbbox(text, stroke_width=stroke)
    padding = height // 6
    mark_size = height - 2 * padding
    width = padding + mark_size + padding + (right - left) + padding
    logo = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    ImageDraw.Draw(logo).rounded_rectangle((0, 0, width - 1, height - 1), radius=height // 8, fill=BRAND_RED)
    logo.alpha_composite(draw_mark(mark_size, scale=1.25), (padding, padding))
    text_x = padding + mark_size + padding - left
    text_y = (height - (bottom - top)) // 2 - top
    ImageDraw.Draw(logo).text((text_x, text_y), text, font=font, fill=WHITE, stroke_width=stroke, stroke_fill=WHITE)
    return logo


def png_bytes(image: Image.Image) -> bytes:
    out = BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def ico_bytes() -> bytes:
    """favicon.ico with 16, 32 and 48 pixel images."""
    out = BytesIO()
    draw_mark(48).save(out, format="ICO", sizes=[(16, 16), (32, 32), (48, 48)])
    return out.getvalue()


# static/ file name -> how to make it. Root addresses (/favicon.ico, /apple-touch-icon.png) serve two of them.
ICONS = {
    "favicon.svg": lambda: mark_svg().encode(),
    "favicon.ico": ico_bytes,
    "icons/apple-touch-icon.png": lambda: png_bytes(draw_mark(180, rounded=False)),
    "icons/icon-192.png": lambda: png_bytes(draw_mark(192)),
    "icons/icon-512.png": lambda: png_bytes(draw_mark(512)),
    "icons/icon-maskable-512.png": lambda: png_bytes(draw_mark(512, rounded=False, scale=0.8)),
}


# The logo in e-mails: drawn at twice the size it is shown, for sharp screens.
EMAIL_LOGO_SPEC = "height-80|format-png"


def email_logo(site) -> dict | None:
    """The site's logo (Site settings) for an e-mail header: absolute address, shown size, text alternative."""
    from journos.core.models import SiteSettings
    from journos.core.urls import absolute_url

    logo = SiteSettings.for_site(site).logo if site else None
    if logo is None:
        return None
    rendition = logo.get_rendition(EMAIL_LOGO_SPEC)
    return {
        "url": absolute_url(rendition.url),
        "width": rendition.width // 2,
        "height": rendition.height // 2,
        "alt": site.site_name,
    }
