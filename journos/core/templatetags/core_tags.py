from functools import partial

from django import template
from django.conf import settings

from wagtail.images.templatetags.wagtailimages_tags import image as wagtail_image_tag
from wagtail.models import Page, Site

from journos.core import menu, seo, urls
from journos.core.caching.store import cached
from journos.core.models import NavigationSettings
from journos.core.pictures import UniqueWidthPictureNode

register = template.Library()


@register.simple_tag(takes_context=True)
def current_site(context):
    """The Wagtail site of this request (Wagtail remembers it on the request)."""
    request = context.get("request")
    return Site.find_for_request(request) if request else None


@register.inclusion_tag("includes/navigation.html", takes_context=True)
def header_navigation(context):
    """The section menu, with the current section marked (aria-current) for the page being shown."""
    site = current_site(context)
    request = context.get("request")
    page = context.get("page")
    path = getattr(page, "path", "") if isinstance(page, Page) else ""
    home = bool(site and page is not None and getattr(page, "pk", None) == site.root_page_id)
    items = [mark_current(item, path) for item in menu.header_menu(request, site)] if request else []
    return {"site": site, "request": request, "menu": items, "home_is_current": home}


def mark_current(item: dict, path: str) -> dict:
    """A copy of a (cached) menu item saying whether it is the page shown ("page") or one of its sections ("true")."""
    current = "page" if path == item["path"] else "true" if path.startswith(item["path"]) else ""
    return {**item, "current": current, "children": [mark_current(child, path) for child in item.get("children", ())]}


@register.inclusion_tag("includes/footer_content.html", takes_context=True)
def footer(context):
    return {"site": current_site(context), "request": context.get("request")}


@register.simple_tag(takes_context=True)
def navigation_links(context, group: str):
    """The header or footer links editors set for this site, with their pages."""
    navigation = NavigationSettings.for_request(context["request"])  # remembered for the request
    return list(getattr(navigation, f"{group}_links").select_related("page").filter(page__live=True))


@register.simple_tag(takes_context=True)
def admin_site_name(context) -> str:
    """The site's name for the admin's title, sign-in page and sidebar (Wagtail's say "Wagtail")."""
    site = current_site(context)
    return (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME


@register.simple_tag(takes_context=True)
def site_settings(context):
    return seo.site_settings(context["request"])


@register.tag
def picture(parser, token):
    """Wagtail's `{% picture %}`, same arguments, each width once in a srcset (journos/core/pictures.py).
    Load core_tags after wagtailimages_tags so this one is used."""
    return UniqueWidthPictureNode.from_wagtail(wagtail_image_tag(parser, token))


@register.tag
def fragment(parser, token):
    """`{% fragment "name" obj ... [tags=list or "a,b"] [timeout=seconds] %}…{% endfragment %}`: HTML kept until what
    it shows changes.

    The fragment differs by the objects given and depends on them (a page also
    on the lists it shows), on `tags`, and on everything its render loads
    (journos.core.caching). `timeout=0` does not cache; nor do previews of unsaved edits.
    """
    bits = token.split_contents()[1:]
    options = {}
    while bits and bits[-1].partition("=")[0] in ("tags", "timeout"):
        name, _, value = bits.pop().partition("=")
        options[name] = parser.compile_filter(value)
    if not bits:
        raise template.TemplateSyntaxError("{% fragment %} needs a name.")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, [parser.compile_filter(bit) for bit in bits], options)


class FragmentNode(template.Node):
    def __init__(self, nodelist, parts, options):
        self.nodelist, self.parts, self.options = nodelist, parts, options

    def render(self, context):
        request = context.get("request")
        options = {name: value.resolve(context) for name, value in self.options.items()}
        if options.get("timeout") == 0 or getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        name, *vary = (part.resolve(context) for part in self.parts)
        render = partial(self.nodelist.render, context)
        tags = options.get("tags") or ()
        tags = tags.split(",") if isinstance(tags, str) else tags  # tags="breaking" or a list from the context
        return cached(f"fragment:{name}", vary, render, timeout=options.get("timeout"), tags=tags)


@register.simple_tag(takes_context=True)
def page_full_url(context, page) -> str:
    """A page's public address (share and copy links): from SITE_URL, like its canonical."""
    return urls.page_url(page, context.get("request"))


@register.simple_tag
def absolute_url(path: str) -> str:
    """A site path as a link that works anywhere (from SITE_URL)."""
    return urls.absolute_url(path)


# Player shapes the stylesheet knows (static/css/site.css), by height / width; 16:9 is the default class.
EMBED_RATIOS = {"responsive-object--4-3": 0.75, "responsive-object--1-1": 1.0, "responsive-object--9-16": 16 / 9}


@register.filter
def embed_ratio_class(embed) -> str:
    """The ratio class nearest to an embed's own shape, so no inline style is needed."""
    shapes = {"": 9 / 16, **EMBED_RATIOS}
    return min(shapes, key=lambda name: abs(shapes[name] - embed.ratio))


@register.filter(expects_localtime=True)
def iso_datetime(value) -> str:
    """A moment for a <time datetime> attribute: ISO 8601 to the second, in the site's time zone.
    (date:'c' adds microseconds, which HTML's datetime syntax refuses beyond three digits.)"""
    return value.isoformat(timespec="seconds") if value else ""
