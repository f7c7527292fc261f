"""What readers type is cut down to plain words before it reaches the search engine."""

import pytest

from journos.search.selectors import MAX_QUERY_LENGTH, MAX_TERMS, clean_query, search_terms


def test_control_characters_and_null_bytes_become_spaces():
    assert clean_query("tide\x00gauges\r\n\twinter\u200f") == "tide gauges winter"


def test_spaces_are_collapsed_and_trimmed():
    assert clean_query("   quiet    winter  ") == "quiet winter"


def test_a_huge_query_is_truncated():
    assert len(clean_query("walrus " * 2000)) <= MAX_QUERY_LENGTH


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ('") OR 1=1 --', ["OR", "1", "1"]),
        ("a* NEAR/3 b", ["a", "NEAR", "3", "b"]),
        ('"unclosed', ["unclosed"]),
        ("title:budget AND -body", ["title", "budget", "AND", "body"]),
        ("'; DROP TABLE wagtailcore_page; --", ["DROP", "TABLE", "wagtailcore", "page"]),
        ("100% {x} [y] ^z~2 \\", ["100", "x", "y", "z", "2"]),
    ],
)
def test_operators_and_quotes_are_only_separators(query, terms):
    assert search_terms(clean_query(query)) == terms


def test_emoji_alone_leave_no_words():
    assert search_terms(clean_query("🌊🦭 👍🏽")) == []


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("الانتخابات البرلمانية", ["الانتخابات", "البرلمانية"]),  # Arabic, right to left
        ("\u202bשלום עולם\u202c", ["שלום", "עולם"]),  # Hebrew inside embedding marks
        ("नमस्ते दुनिया", ["नमस्ते", "दुनिया"]),  # combining vowel signs stay inside the word
        ("Zürich café", ["Zürich", "café"]),
    ],
)
def test_words_in_any_script_are_kept_whole(query, terms):
    assert search_terms(clean_query(query)) == terms


def test_only_the_first_words_are_searched():
    assert len(search_terms("word " * 50)) == MAX_TERMS
