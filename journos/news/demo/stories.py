"""Reads the demo articles from the plain-text files in stories/.

The files are written for people: a header of `key: value` lines, a line of
`---`, then the body. In the body, blank lines separate blocks:

    ## A heading
    > The words of a pull quote
    -- Who said it
    [image]                 an inline picture (the section's illustration)
    [image: A caption]      the same with its own caption
    [related]               where "More related posts" goes (default: mid-body)
    Any other text is a paragraph.

Optional header lines: `type: opinion` (analysis, explainer, review, sponsored), `sponsor: Name` (sponsored
content), and `correction: 20h | What was wrong` or `update: 3h | What was added`, dated after publication.

Every story starts with `=== slug`. The text is original to Journos: fictional
places (Estrava, Lindhaven, Port Averly, Calvera...), people and institutions.
"""

import re
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cache
from html import escape
from pathlib import Path

STORIES_DIR = Path(__file__).parent / "stories"
REQUIRED = ("section", "authors", "tags", "published", "title", "standfirst")


@dataclass
class Story:
    slug: str
    section: str
    authors: list[str]
    tags: list[str]
    title: str
    standfirst: str
    days_ago: int
    time_of_day: tuple[int, int]
    body: list[tuple[str, object]]
    updated_after: timedelta | None = None
    categories: list[str] = field(default_factory=list)
    source: tuple[str, str, str] | None = None
    motif: str = ""
    caption: str = ""
    article_type: str = "news"
    sponsor: str = ""
    # (time after publication, "correction" or "update", what changed)
    corrections: list[tuple[timedelta, str, str]] = field(default_factory=list)


class StoryFormatError(ValueError):
    pass


def parse_duration(text: str) -> timedelta:
    """'3d' or '5h' or '40m'."""
    match = re.fullmatch(r"(\d+)([dhm])", text.strip())
    if not match:
        raise StoryFormatError(f"Not a duration like 3d, 5h or 40m: {text!r}")
    unit = {"d": "days", "h": "hours", "m": "minutes"}[match[2]]
    return timedelta(**{unit: int(match[1])})


def smarten(text: str) -> str:
    """Typographic quotes and apostrophes: "news" -> “news”, it's -> it’s."""
    text = re.sub(r'(^|[\s(\[—-])"', "\\1“", text).replace('"', "”")
    return re.sub(r"(^|[\s(\[—-])'", "\\1‘", text).replace("'", "’")


def parse_body(text: str) -> list[tuple[str, object]]:
    blocks = []
    for chunk in re.split(r"\n\s*\n", smarten(text.strip())):
        chunk = " ".join(line.strip() for line in chunk.strip().splitlines()) if chunk[:2] != "> " else chunk.strip()
        if chunk.startswith("## "):
            blocks.append(("heading", chunk[3:].strip()))
        elif chunk.startswith("> "):
            quote, _, attribution = chunk[2:].partition("\n-- ")
            blocks.append(("pull_quote", {"quote": " ".join(quote.split()), "attribution": attribution.strip()}))
        elif chunk == "[related]":
            blocks.append(("related_posts", None))
        elif chunk.startswith("[image"):
            caption = chunk[len("[image") :].strip(" :]")
            blocks.append(("image", caption))
        else:
            blocks.append(("paragraph", f"<p>{escape(chunk, quote=False)}</p>"))
    if not any(kind == "related_posts" for kind, _ in blocks):
        paragraphs = [i for i, (kind, _) in enumerate(blocks) if kind == "paragraph"]
        blocks.insert(
            paragraphs[len(paragraphs) // 2] + 1 if len(paragraphs) > 2 else len(blocks), ("related_posts", None)
        )
    return blocks


def parse_story(slug: str, text: str) -> Story:
    header, separator, body = text.partition("\n---\n")
    if not separator:
        raise StoryFormatError(f"{slug}: no '---' line between the header and the body")
    values = {}
    corrections = []
    for line in header.strip().splitlines():
        key, _, value = line.partition(":")
        if key.strip() in ("correction", "update"):
            after, _, note = value.partition("|")
            corrections.append((parse_duration(after.strip()), key.strip(), smarten(note.strip())))
        else:
            values[key.strip()] = value.strip()
    missing = [key for key in REQUIRED if not values.get(key)]
    if missing:
        raise StoryFormatError(f"{slug}: missing {', '.join(missing)}")
    days, _, clock = values["published"].partition(" ")
    hour, minute = (int(part) for part in (clock or "09:00").split(":"))
    source = None
    if values.get("source"):
        name, title, url = (part.strip() for part in values["source"].split("|"))
        source = (name, title, url)
    return Story(
        slug=slug,
        section=values["section"],
        authors=split_list(values["authors"]),
        tags=split_list(values["tags"]),
        title=smarten(values["title"]),
        standfirst=smarten(values["standfirst"]),
        days_ago=int(days),
        time_of_day=(hour, minute),
        body=parse_body(body),
        updated_after=parse_duration(values["updated"]) if values.get("updated") else None,
        categories=split_list(values.get("categories", "")),
        source=source,
        motif=values.get("motif", ""),
        caption=smarten(values.get("caption", "")),
        article_type=values.get("type", "news"),
        sponsor=values.get("sponsor", ""),
        corrections=corrections,
    )


def split_list(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


@cache
def load_stories() -> tuple[Story, ...]:
    stories = []
    for path in sorted(STORIES_DIR.glob("*.txt")):
        for chunk in re.split(r"^=== ", path.read_text(encoding="utf-8"), flags=re.MULTILINE)[1:]:
            slug, _, rest = chunk.partition("\n")
            stories.append(parse_story(slug.strip(), rest))
    return tuple(stories)
