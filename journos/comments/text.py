"""A comment's text: cleaned once when it is written, shown as escaped paragraphs with automatic links.

Readers write plain text. Nothing they type is ever HTML: it is escaped when shown, and the only markup added
is paragraphs, line breaks and links to the web addresses in it (`rel="nofollow ugc"`: they are readers' links,
not the newsroom's).
"""

import re
import unicodedata

from django.utils.html import urlize
from django.utils.safestring import SafeString, mark_safe

# Kept: line breaks and tabs. Removed: every other control character, and the invisible format characters that
# reorder or hide text (bidirectional overrides, zero-width joiners at the edges are harmless but stripped too).
KEPT_CONTROLS = {"\n", "\t"}
PARAGRAPH_BREAK = re.compile(r"\n\s*\n+")
SPACES_AT_LINE_END = re.compile(r"[ \t]+\n")
MANY_BLANK_LINES = re.compile(r"\n{3,}")


def clean_body(text: str) -> str:
    """What is stored: NFC text without control or bidi-override characters, Windows line ends made plain,
    trailing spaces and runs of blank lines trimmed."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = "".join(
        char for char in text if char in KEPT_CONTROLS or unicodedata.category(char) not in ("Cc", "Cf", "Cs", "Co")
    )
    text = SPACES_AT_LINE_END.sub("\n", text)
    return MANY_BLANK_LINES.sub("\n\n", text).strip()


def render_body(text: str) -> SafeString:
    """Paragraphs of escaped text; web addresses become links that search engines do not follow."""
    paragraphs = []
    for paragraph in PARAGRAPH_BREAK.split(text.strip()):
        if not paragraph:
            continue
        linked = urlize(paragraph, nofollow=True, autoescape=True).replace('rel="nofollow"', 'rel="nofollow ugc"')
        paragraphs.append(f"<p>{linked.replace(chr(10), '<br>')}</p>")
    return mark_safe("\n".join(paragraphs))


def digest(text: str) -> str:
    """A fingerprint of the text as readers see it (case and spacing aside), to spot the same text again."""
    import hashlib

    normalised = " ".join(text.casefold().split())
    return hashlib.sha256(normalised.encode()).hexdigest()
