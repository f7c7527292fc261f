"""Plain-words notices for irreversible admin clicks on news pages (shown on Wagtail's confirm pages)."""

from journos.news.models import ArticlePage, SectionPage


def _holdings(section: SectionPage) -> tuple[str, int, int]:
    """'This section holds 42 articles (37 published)', counting its subsections' articles too, since
    deleting or unpublishing with descendants reaches them as well."""
    articles = ArticlePage.objects.descendant_of(section)
    total, live = articles.count(), articles.live().count()
    noun = "article" if total == 1 else "articles"
    text = f"This section holds {total} {noun} ({live} published)"
    subsections = SectionPage.objects.descendant_of(section).count()
    if subsections:
        text += f", counting its {subsections} subsection{'' if subsections == 1 else 's'}"
    return text, total, live


def section_delete_notice(page) -> str | None:
    if not isinstance(page, SectionPage):
        return None
    holdings, total, _live = _holdings(page)
    if not total:
        return None
    return f"{holdings}. Deleting it deletes them all, drafts included; this cannot be undone."


def section_unpublish_notice(page) -> str | None:
    if not isinstance(page, SectionPage):
        return None
    holdings, total, live = _holdings(page)
    if not live:
        return f"{holdings}. None of them is online, so only the section page goes offline." if total else None
    return (
        f"{holdings}. Tick “Unpublish these too” to take all {live} published articles offline with it; "
        "otherwise only the section page goes offline and the articles stay published at their addresses."
    )


def images_without_alt_text(article: ArticlePage) -> list:
    """The lead image and body images of an article that have no alt text and are not marked decorative,
    each once, in the order they appear."""
    images = [article.featured_image] + [block.value["image"] for block in article.body if block.block_type == "image"]
    missing = {}
    for image in images:
        if image is not None and not image.is_decorative and not image.description.strip():
            missing.setdefault(image.pk, image)
    return list(missing.values())
