"""Every local link in README.md and docs/*.md points at a file that exists, and at a heading that exists.

Renaming or splitting a doc, or retitling a section, fails here instead of leaving readers a dead link.
"""

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^\s*(```|~~~)")
CODE_SPAN = re.compile(r"`[^`]*`")


def outside_code_blocks(path):
    inside = False
    for line in path.read_text().splitlines():
        if FENCE.match(line):
            inside = not inside
        elif not inside:
            yield line


def prose(path):
    """Lines outside fenced code, inline code removed (`[a](b)` there is not a link)."""
    for line in outside_code_blocks(path):
        yield CODE_SPAN.sub("", line)


def anchors(path):
    """GitHub's heading ids: lower case, punctuation dropped, spaces to hyphens, repeats numbered."""
    seen, result = {}, set()
    for line in outside_code_blocks(path):  # a title's inline code is part of its id
        heading = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not heading:
            continue
        slug = re.sub(r"[^\w\- ]", "", heading.group(1).lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        result.add(slug if count == 0 else f"{slug}-{count}")
    return result


def broken_links(path):
    problems = []
    for line in prose(path):
        for target in LINK.findall(line):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # https:, mailto: ...
                continue
            file_part, _, anchor = target.partition("#")
            linked = (path.parent / file_part).resolve() if file_part else path
            if not linked.exists():
                problems.append(f"{path.name}: {target} (no such file)")
            elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
                problems.append(f"{path.name}: {target} (no such heading)")
    return problems


DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_local_link_resolves(doc):
    assert broken_links(doc) == []


def test_a_renamed_doc_or_heading_is_caught(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "caching.md").write_text("# Caching\n\n## Layers, tags and `BAN`s\n")
    readme = tmp_path / "README.md"
    readme.write_text(
        "See [caching](docs/caching.md#layers-tags-and-bans), [gone](docs/production.md),\n"
        "[old heading](docs/caching.md#layers), [here](#nowhere), [site](https://example.org/x.md).\n"
        "```\n[not a link](missing.md)\n```\n"
    )
    assert broken_links(readme) == [
        "README.md: docs/production.md (no such file)",
        "README.md: docs/caching.md#layers (no such heading)",
        "README.md: #nowhere (no such heading)",
    ]
