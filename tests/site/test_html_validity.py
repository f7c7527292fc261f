"""Every public page type is valid HTML: the Nu Html Checker (vnu.jar, the W3C validator's engine) finds no error.

The pages are rendered with the Django test client over a small demo-like newsroom and
checked in one run of the checker (one JVM start for all of them). The checker comes from
npm's vnu-jar, pinned in tests/tools/package-lock.json: `make html-checker` installs it into
.test-tools/, and Java 17 runs it. Without either the test is skipped with a plain message,
unless REQUIRE_HTML_CHECKER=1 (as in .ci/run): then it fails. Warnings are not failures.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

from django.utils import timezone

from wagtail.rich_text import RichText

import pytest

from journos.comments.factories import CommentFactory
from journos.core.factories import ImageFactory
from journos.news.factories import (
    ArticleCorrectionFactory,
    ArticlePageFactory,
    AuthorPageFactory,
    LiveBlogPageFactory,
    SectionPageFactory,
    paragraphs,
)
from journos.pages.factories import ContactPageFactory, StandardPageFactory
from tests.utils import make_authors_index, make_site

# The demo's sizes (journos/news/demo/illustrations.py): every rendition the templates ask for has its own width.
PHOTO = {"file__width": 1600, "file__height": 900}
# Narrower than every size asked for: its renditions all have one width, named once (journos/core/pictures.py).
SMALL_PHOTO = {"file__width": 100, "file__height": 60}
AVATAR = {"file__width": 600, "file__height": 600}
REPO = Path(__file__).resolve().parents[2]
VNU_JAR = Path(os.environ.get("VNU_JAR", REPO / ".test-tools/node_modules/vnu-jar/build/dist/vnu.jar"))
JAVA = os.environ.get("JAVA", "java")


@pytest.fixture
def vnu() -> list[str]:
    """The command that runs the checker, or a skip (a failure under REQUIRE_HTML_CHECKER=1) saying what is missing."""
    missing = []
    if not shutil.which(JAVA):
        missing.append("Java 17 (apt-get install -y default-jre-headless)")
    if not VNU_JAR.exists():
        missing.append(f"the Nu Html Checker at {VNU_JAR} (make html-checker)")
    if missing:
        message = "HTML validity not checked, missing: " + "; ".join(missing)
        if os.environ.get("REQUIRE_HTML_CHECKER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return [JAVA, "-Xss2m", "-jar", str(VNU_JAR), "--format", "json", "--stdout"]


@pytest.fixture
def pages(db) -> dict[str, tuple[str, int]]:
    """Each public page type's address and expected status, over content with every part that carries markup."""
    home = make_site()
    politics = SectionPageFactory(parent=home, title="Politics", slug="politics")
    diplomacy = SectionPageFactory(parent=politics, title="Diplomacy", slug="diplomacy")
    authors = make_authors_index(home)
    author = AuthorPageFactory(
        parent=authors, title="Ines Halloran", slug="ines-halloran", photo=ImageFactory(**AVATAR)
    )
    body = [
        *paragraphs("Ministers met for a third day of talks on Tuesday.", "The summit ends on Friday."),
        ("heading", "What happens next"),
        ("pull_quote", {"quote": "We are closer than we were.", "attribution": "A negotiator"}),
        ("image", {"image": ImageFactory(**PHOTO), "caption": "The conference hall.", "credit": "Journos"}),
        ("related_posts", None),
        ("paragraph", RichText('<p>Read the <a href="https://example.org/communique">communiqué</a>.</p>')),
    ]
    article = ArticlePageFactory(
        parent=diplomacy,
        title="Summit ends without a deal",
        slug="summit",
        body=body,
        tags=["summit", "trade"],
        authors=[author],
        extra_categories=[politics],
        featured_image=ImageFactory(**PHOTO),
        source_name="AP News",
        source_title="Talks stall",
        source_url="https://example.org/talks",
    )
    ArticleCorrectionFactory(page=article)
    CommentFactory(page=article)
    now = timezone.now()
    for number in range(6):
        ArticlePageFactory(
            parent=diplomacy if number % 2 else politics,
            title=f"Summit briefing {number}",
            tags=["summit"],
            authors=[author],
            featured_image=ImageFactory(**PHOTO),
            first_published_at=now - timezone.timedelta(days=number + 1),
        )
    ArticlePageFactory(
        parent=politics, title="Summit in pictures", tags=["summit"], featured_image=ImageFactory(**SMALL_PHOTO)
    )
    live_blog = LiveBlogPageFactory(
        parent=politics, title="Live: the summit", tags=["summit"], featured_image=ImageFactory(**PHOTO), entries=3
    )
    about = StandardPageFactory(parent=home, title="About us", slug="about-us")
    contact = ContactPageFactory(parent=home)
    addresses = {
        "home": home.url,
        "section": politics.url,
        "subsection": diplomacy.url,
        "article": article.url,
        "live blog": live_blog.url,
        "authors": authors.url,
        "author": author.url,
        "tag": "/tags/summit/",
        "search results": "/search/?q=summit",
        "search without results": "/search/?q=walrus",
        "standard page": about.url,
        "contact": contact.url,
        "newsletter": "/newsletter/",
        "login": "/account/login/",
        "register": "/account/register/",
        "password reset": "/account/password/reset/",
        "corrections": "/corrections/",
    }
    return {name: (address, 200) for name, address in addresses.items()} | {"not found": ("/no-such-page/", 404)}


def render(client, pages: dict[str, tuple[str, int]], folder: Path) -> dict[str, str]:
    """Save each page's HTML as <name>.html in the folder; returns the page name and address for each file name."""
    names = {}
    for name, (address, status) in pages.items():
        response = client.get(address)
        assert response.status_code == status, f"{name} ({address}): {response.status_code}"
        path = folder / (name.replace(" ", "-") + ".html")
        path.write_bytes(response.content)
        names[path.name] = f"{name} ({address})"
    return names


def errors(messages: list[dict], names: dict[str, str]) -> list[str]:
    """The checker's errors (not its warnings) as lines: page, line, message and the markup around it."""
    found = []
    for message in messages:
        if message["type"] == "info":
            continue
        page = names.get(message.get("url", "?").rpartition("/")[2], message.get("url", "?"))
        extract = " ".join(message.get("extract", "").split())
        found.append(f"{page} line {message.get('lastLine', '?')}: {message['message']}\n    {extract}")
    return found


def test_every_public_page_type_is_valid_html(client, vnu, pages, tmp_path):
    names = render(client, pages, tmp_path)
    run = subprocess.run([*vnu, *sorted(str(tmp_path / name) for name in names)], capture_output=True)
    assert run.stdout, f"the checker said nothing: {run.stderr.decode()}"
    found = errors(json.loads(run.stdout)["messages"], names)
    assert not found, f"{len(found)} HTML errors:\n" + "\n".join(found)
