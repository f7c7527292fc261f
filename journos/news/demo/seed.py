"""Builds the demo site. Idempotent: pages are found again by their slug and
brought back to the demo text, images by their title, so a second run changes
nothing and adds nothing. Publication dates are set once, when a page is first
made, so relative dates ("7 months ago") stay put across runs.
"""

from datetime import datetime, timedelta
from email.utils import parseaddr

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from wagtail.models import Page, Revision, Site
from wagtail.rich_text import RichText

from journos.core import brand
from journos.core.caching.invalidation import changed, everything
from journos.core.models import CustomImage, FooterLink, HeaderLink, NavigationSettings, SiteSettings
from journos.news.demo import content, footer_pages, illustrations
from journos.news.demo import live_blog as demo_live_blog
from journos.news.demo.images import DemoImages
from journos.news.demo.readership import seed_readership
from journos.news.demo.stories import Story, load_stories, parse_body
from journos.news.models import (
    ArticleAuthor,
    ArticleCorrection,
    ArticlePage,
    AuthorIndexPage,
    AuthorPage,
    HomePage,
    HomePageTopStory,
    LiveBlogEntry,
    LiveBlogPage,
    SectionPage,
)
from journos.pages.models import ContactFormField, ContactPage, StandardPage

# The site "launched" this long before the first seed: the date of its fixed pages.
LAUNCH_DAYS_AGO = 320


def has_content() -> bool:
    """True once a site has been set up (by this command or by hand)."""
    return HomePage.objects.exists() or ArticlePage.objects.exists()


def seed_demo(*, now: datetime | None = None) -> dict[str, int]:
    """Create or refresh the whole demo site; returns what it holds."""
    now = now or timezone.now()
    with transaction.atomic():
        seeder = Seeder(now)
        seeder.run()
        keep_live_revisions(demo_pages())
    changed(everything())  # pages were saved, not published: every cached copy is stale
    return {
        "sections": SectionPage.objects.count(),
        "authors": AuthorPage.objects.count(),
        "articles": ArticlePage.objects.count(),
        "pages": StandardPage.objects.count() + ContactPage.objects.count(),
        "images drawn": seeder.images.drawn,
    }


def demo_pages():
    """The pages the demo makes (not the articles `--articles N` generates)."""
    stories = [story.slug for story in load_stories()]
    others = Page.objects.live().filter(depth__gt=1).not_type(ArticlePage)
    stories.append(demo_live_blog.SLUG)
    return list(others.specific()) + list(ArticlePage.objects.live().filter(slug__in=stories).specific())


def keep_live_revisions(pages) -> None:
    """Give each demo page, saved live without Wagtail's publishing, a revision that is its live one.

    Wagtail takes a live page without a live revision for one never published: an editor
    scheduling a change to it would take it offline until the change's go-live time.
    """
    for page in pages:
        revision = page.save_revision(clean=False, changed=False, log_action=False)
        Revision.objects.filter(pk=revision.pk).update(created_at=page.last_published_at or revision.created_at)
        Page.objects.filter(pk=page.pk).update(
            live_revision=revision,
            has_unpublished_changes=False,
            latest_revision_created_at=page.last_published_at or revision.created_at,
        )


def published_at(now: datetime, days_ago: int, hour: int = 9, minute: int = 0) -> datetime:
    """A moment `days_ago` days before now at the given local time, never in the future."""
    moment = (timezone.localtime(now) - timedelta(days=days_ago)).replace(
        hour=hour, minute=minute, second=0, microsecond=0
    )
    return moment - timedelta(days=1) if moment >= now else moment


def upsert_child(parent: Page, model, slug: str, *, published: datetime, **fields):
    """The live child page of `parent` with this slug, created or brought back to `fields`.

    `published` is its publication date if it is created; an existing page keeps its dates.
    """
    page = model.objects.child_of(parent).filter(slug=slug).first()
    fields["draft_title"] = fields["title"]
    if page is None:
        page = model(slug=slug, live=True, **fields)
        page.first_published_at = page.last_published_at = page.latest_revision_created_at = published
        parent.add_child(instance=page)
        return page
    for name, value in fields.items():
        setattr(page, name, value)
    page.save()
    return page


class Seeder:
    def __init__(self, now: datetime):
        self.now = now
        self.launched = published_at(now, LAUNCH_DAYS_AGO)
        self.images = DemoImages()
        self.sections: dict[str, SectionPage] = {}
        self.section_defs: dict[str, content.Section] = {}
        self.authors: dict[str, AuthorPage] = {}
        self.inline_images: dict[str, CustomImage] = {}

    def run(self):
        home = self.home()
        site = self.site(home)
        self.build_sections(home)
        self.build_authors(home)
        articles = self.build_articles()
        live_blog = self.build_live_blog()
        pages = self.build_footer_pages(home)
        self.choose_front_page(home, articles)
        self.configure(site, pages)
        self.readership([*articles.values(), live_blog])

    # The site and its root -------------------------------------------------

    def home(self) -> HomePage:
        home = HomePage.objects.first()
        if home is None:
            root = Page.get_first_root_node()
            self.remove_welcome_page(root)
            home = HomePage(title=content.SITE_NAME, draft_title=content.SITE_NAME, slug="home", live=True)
            home.first_published_at = home.last_published_at = self.launched
            root.add_child(instance=home)
        return home

    @staticmethod
    def remove_welcome_page(root: Page):
        """Wagtail's "Welcome to your new Wagtail site!" page, if untouched (a plain Page with no children)."""
        plain_page = ContentType.objects.get_for_model(Page)
        for page in root.get_children().filter(content_type=plain_page, numchild=0):
            page.delete()  # its Site goes with it; site() makes ours

    @staticmethod
    def site(home: HomePage) -> Site:
        site = Site.objects.filter(is_default_site=True).first() or Site(
            hostname="localhost", port=80, is_default_site=True
        )
        site.root_page = home
        site.site_name = content.SITE_NAME
        site.save()
        return site

    # Sections and authors --------------------------------------------------

    def build_sections(self, home: HomePage):
        def build(parent, definitions):
            for definition in definitions:
                page = upsert_child(
                    parent,
                    SectionPage,
                    definition.slug,
                    published=self.launched,
                    title=definition.title,
                    introduction=definition.introduction,
                    show_in_menus=True,
                )
                self.sections[definition.slug] = page
                self.section_defs[definition.slug] = definition
                build(page, definition.children)

        build(home, content.SECTIONS)

    def build_authors(self, home: HomePage):
        index = upsert_child(
            home,
            AuthorIndexPage,
            "authors",
            published=self.launched,
            title="Our journalists",
            introduction=content.AUTHORS_INTRODUCTION,
        )
        for author in content.AUTHORS:
            photo = self.images.get(
                title=f"Portrait of {author.name}",
                filename=f"demo-portrait-{author.slug}.jpg",
                draw=lambda author=author: illustrations.portrait(author.slug, author.palette, **author.look),
                caption=author.name,
                credit=content.PORTRAIT_CREDIT,
            )
            self.authors[author.slug] = upsert_child(
                index,
                AuthorPage,
                author.slug,
                published=self.launched,
                title=author.name,
                role=author.role,
                bio=author.bio,
                photo=photo,
                email=author.email,
                x_url=author.x_url,
                linkedin_url=author.linkedin_url,
                website_url=author.website_url,
            )

    # Articles --------------------------------------------------------------

    def section_illustration(self, section_slug: str, key: str, motif: str, caption: str | None = None):
        definition = self.section_defs[section_slug]
        draw = lambda: illustrations.illustration(key, definition.palette, motif)  # noqa: E731
        return self.images.get(
            title=f"Illustration: {key}",
            filename=f"demo-{key}.jpg",
            draw=draw,
            caption=caption or illustrations.describe(motif),
            credit=content.ILLUSTRATION_CREDIT,
        )

    def inline_image(self, section_slug: str):
        """One picture per section for the images inside article bodies."""
        if section_slug not in self.inline_images:
            motif = self.section_defs[section_slug].motifs[-1]
            self.inline_images[section_slug] = self.section_illustration(section_slug, f"{section_slug}-inline", motif)
        return self.inline_images[section_slug]

    def build_articles(self) -> dict[str, ArticlePage]:
        articles = {}
        for number, story in enumerate(load_stories()):
            articles[story.slug] = self.article(story, number)
        return articles

    def article(self, story: Story, number: int) -> ArticlePage:
        definition = self.section_defs[story.section]
        motif = story.motif or definition.motifs[number % len(definition.motifs)]
        featured = self.section_illustration(story.section, story.slug, motif, story.caption or None)
        source_name, source_title, source_url = story.source or ("", "", "")
        page = ArticlePage.objects.child_of(self.sections[story.section]).filter(slug=story.slug).first()
        fields = {
            "title": story.title,
            "draft_title": story.title,
            "standfirst": story.standfirst,
            "featured_image": featured,
            "body": self.story_body(story),
            "source_name": source_name,
            "source_title": source_title,
            "source_url": source_url,
            "article_type": story.article_type,
            "sponsor_name": story.sponsor,
        }
        if page is None:
            page = ArticlePage(slug=story.slug, live=True, **fields)
            self.date(page, story)
        else:
            for name, value in fields.items():
                setattr(page, name, value)
        page.article_authors = [
            ArticleAuthor(author=self.authors[slug], sort_order=position)
            for position, slug in enumerate(story.authors)
        ]
        page.extra_categories = [self.sections[slug] for slug in story.categories]
        page.corrections = [
            ArticleCorrection(date=min(page.first_published_at + after, self.now), kind=kind, text=text)
            for after, kind, text in story.corrections
        ]
        page.tags.set(story.tags)
        if page.pk is None:
            self.sections[story.section].add_child(instance=page)
        else:
            page.save()
        return page

    def date(self, page: ArticlePage, story: Story):
        hour, minute = story.time_of_day
        page.first_published_at = published_at(self.now, story.days_ago, hour, minute)
        updated = page.first_published_at + (story.updated_after or timedelta())
        page.last_published_at = page.latest_revision_created_at = min(updated, self.now)

    def story_body(self, story: Story) -> list[tuple]:
        blocks = []
        for kind, value in story.body:
            if kind == "paragraph":
                blocks.append(("paragraph", RichText(value)))
            elif kind == "image":
                blocks.append(("image", {"image": self.inline_image(story.section), "caption": value, "credit": ""}))
            else:
                blocks.append((kind, value))
        return blocks

    # Footer pages, front page and settings ---------------------------------

    def build_live_blog(self) -> LiveBlogPage:
        """The demo's live blog (journos/news/demo/live_blog.py), its updates rewritten on every run."""
        demo = demo_live_blog
        section = self.sections[demo.SECTION]
        started = self.now - timedelta(hours=demo.STARTED_HOURS_AGO)
        page = LiveBlogPage.objects.child_of(section).filter(slug=demo.SLUG).first()
        if page is None:
            page = LiveBlogPage(slug=demo.SLUG, live=True)
            page.first_published_at = page.coverage_started_at = started
            page.last_published_at = page.latest_revision_created_at = started + timedelta(minutes=demo.LASTED_MINUTES)
        page.title = page.draft_title = demo.TITLE
        page.standfirst = demo.STANDFIRST
        page.body = [("paragraph", RichText(demo.SUMMARY))]
        page.featured_image = self.section_illustration(demo.SECTION, demo.SLUG, "waves")
        start = page.coverage_started_at or started
        page.coverage_ended_at = start + timedelta(minutes=demo.LASTED_MINUTES)
        page.article_authors = [
            ArticleAuthor(author=self.authors[slug], sort_order=position) for position, slug in enumerate(demo.AUTHORS)
        ]
        # The same rows every run (oldest first), so each update keeps its address.
        existing = sorted(page.entries.all(), key=lambda entry: (entry.posted_at, entry.pk)) if page.pk else []
        entries = []
        for number, (minutes, headline, paragraphs, key_event) in enumerate(demo.UPDATES):
            entry = existing[number] if number < len(existing) else LiveBlogEntry()
            entry.posted_at = start + timedelta(minutes=minutes)
            entry.headline = headline
            entry.body = [("paragraph", RichText(f"<p>{text}</p>")) for text in paragraphs]
            entry.is_key_event = bool(key_event)
            entry.key_event_summary = key_event
            entries.append(entry)
        page.entries = entries
        if page.pk is None:
            section.add_child(instance=page)
        else:
            page.save()
        return page

    def build_footer_pages(self, home: HomePage) -> dict[str, Page]:
        pages = {}
        for definition in (*footer_pages.STANDARD_PAGES, *footer_pages.STANDARDS_PAGES):
            pages[definition.slug] = upsert_child(
                home,
                StandardPage,
                definition.slug,
                published=self.launched,
                title=definition.title,
                introduction=definition.introduction,
                body=page_body(definition.body),
            )
        contact = footer_pages.CONTACT_PAGE
        # DEFAULT_FROM_EMAIL may be "Name <address>"; the form wants the bare address.
        address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
        page = upsert_child(
            home,
            ContactPage,
            contact["slug"],
            published=self.launched,
            title=contact["title"],
            introduction=contact["introduction"],
            thank_you_text=contact["thank_you_text"],
            subject=contact["subject"],
            to_address=address,
            from_address=address,
            form_fields=[ContactFormField(sort_order=i, **field) for i, field in enumerate(contact["fields"])],
        )
        pages[contact["slug"]] = page
        return pages

    def choose_front_page(self, home: HomePage, articles: dict[str, ArticlePage]):
        home.lead_story = articles[content.LEAD_STORY]
        home.top_stories = [
            HomePageTopStory(article=articles[slug], sort_order=position)
            for position, slug in enumerate(content.TOP_STORIES)
        ]
        home.title = home.draft_title = content.SITE_NAME
        home.save()

    def readership(self, articles: list[ArticlePage]):
        """Views and shares, so Popular News, share counts and the dashboard have figures from the start."""
        by_slug = {article.slug: article for article in articles}
        featured = {by_slug[content.LEAD_STORY].pk: 3.0}
        featured |= {by_slug[slug].pk: 2.0 for slug in content.TOP_STORIES}
        self.readers = seed_readership(articles, featured=featured, now=self.now)

    def configure(self, site: Site, pages: dict[str, Page]):
        site_settings = SiteSettings.for_site(site)
        for name, value in content.SITE_SETTINGS.items():
            setattr(site_settings, name, value)
        site_settings.masthead_page = pages["masthead"]
        site_settings.ethics_policy_page = pages["ethics-policy"]
        site_settings.corrections_policy_page = pages["corrections-policy"]
        site_settings.ownership_page = pages["ownership-and-funding"]
        site_settings.logo = self.images.get(
            title=f"{content.SITE_NAME} logo",
            filename="journos-logo.png",
            draw=lambda: (brand.png_bytes(brand.draw_logo(content.SITE_NAME)), content.SITE_NAME),
            caption="",
            credit="",
        )
        site_settings.save()
        navigation = NavigationSettings.for_site(site)
        navigation.header_links = [
            HeaderLink(page=self.sections[section.slug], sort_order=position)
            for position, section in enumerate(content.SECTIONS)
        ]
        navigation.footer_links = [
            FooterLink(page=pages[slug], sort_order=position)
            for position, slug in enumerate(footer_pages.FOOTER_ORDER)
        ]
        navigation.save()


def page_body(text: str) -> list[tuple]:
    """'## Heading' and paragraphs (blank-line separated) as StreamField blocks."""
    blocks = []
    for kind, value in parse_body(text):
        if kind == "paragraph":
            blocks.append(("paragraph", RichText(value)))
        elif kind == "heading":
            blocks.append(("heading", value))
    return blocks
