from wagtail.models import Collection, Locale, Page, Site

from journos.news.factories import AuthorIndexPageFactory, HomePageFactory


def ensure_wagtail_roots():
    """The rows Wagtail's migrations create, which transactional (browser) tests flush away."""
    locale, _ = Locale.objects.get_or_create(language_code="en")
    if not Collection.objects.filter(depth=1).exists():
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale, live=True))
    return root


def make_site(**home_kwargs):
    """A home page serving as the root of the default site, like the real site."""
    root = ensure_wagtail_roots()
    Page.objects.filter(depth=2).delete()  # Wagtail's welcome page, and its site with it
    home = HomePageFactory(parent=root, **home_kwargs)
    Site.objects.create(hostname="localhost", port=80, root_page=home, site_name="Journos", is_default_site=True)
    return home


def make_authors_index(home):
    return AuthorIndexPageFactory(parent=home)
