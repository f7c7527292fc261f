"""Which published articles a search finds, and in what order (SQLite and PostgreSQL)."""

from datetime import timedelta

from django.core.management import call_command
from django.db import connection
from django.utils import timezone

import pytest

from journos.news.factories import AuthorPageFactory, SectionPageFactory, paragraphs
from journos.search.selectors import find_articles, search_terms
from tests.utils import make_authors_index


def postgres_only(reason):
    return pytest.mark.skipif(connection.vendor != "postgresql", reason=reason)


def titles(query, **kwargs):
    return [article.title for article in find_articles(terms=search_terms(query), **kwargs).results]


def days_ago(days):
    return timezone.now() - timedelta(days=days)


def test_a_title_match_beats_a_body_match(make_article):
    # The body match is newer and created later, so neither date nor id order puts the title first.
    make_article(title="Walrus colony returns to the bay", first_published_at=days_ago(5))
    make_article(title="Coastal survey results", body=paragraphs("A walrus was seen near the pier."))
    assert titles("walrus") == ["Walrus colony returns to the bay", "Coastal survey results"]


def test_a_title_match_beats_a_standfirst_match(make_article):
    make_article(title="Walrus colony returns", first_published_at=days_ago(5))
    make_article(title="Coastal survey results", standfirst="A walrus was seen near the pier.")
    assert titles("walrus") == ["Walrus colony returns", "Coastal survey results"]


def test_a_standfirst_match_beats_a_body_match(make_article):
    # Same words, same length: only where "walrus" stands tells them apart. The body match is created
    # later, so the id order (the tie-break) would put it first.
    make_article(title="Coastal survey results", standfirst="A walrus was seen near the pier.")
    make_article(
        title="Harbour works update",
        standfirst="Reporters checked the figures again.",
        body=paragraphs(
            *["Reporters checked the figures with officials on Monday."] * 6, "A walrus was seen near the pier."
        ),
    )
    assert titles("walrus") == ["Coastal survey results", "Harbour works update"]
    call_command("update_index", verbosity=0)  # a full rebuild indexes the standfirst the same way
    assert titles("walrus") == ["Coastal survey results", "Harbour works update"]


@postgres_only(
    "SQLite's search index keeps body, tags, authors and sections in one column, so only PostgreSQL can "
    "weigh the body over tags, authors and sections"
)
def test_standfirst_then_body_then_tags_authors_and_sections(make_article, home):
    walrus_desk = SectionPageFactory(parent=home, title="Walrus desk")
    author = AuthorPageFactory(parent=make_authors_index(home), title="Wally Walrus")
    make_article(title="By section", parent=walrus_desk)
    make_article(title="By author", authors=[author])
    make_article(title="By tag", tags=["walrus"])
    make_article(title="By body", body=paragraphs("A walrus was seen.", "Other news of the day."))
    make_article(title="By standfirst", standfirst="A walrus was seen.")
    make_article(title="Walrus in the title", first_published_at=days_ago(30))
    found = titles("walrus")
    assert found[:3] == ["Walrus in the title", "By standfirst", "By body"]
    assert set(found[3:]) == {"By tag", "By author", "By section"}


def test_tags_authors_and_section_names_are_searchable(make_article, home, author):
    harbour = SectionPageFactory(parent=home, title="Harbour")
    make_article(title="Tagged story", tags=["estuary"])
    make_article(title="Bylined story", authors=[author])
    make_article(title="Filed story", parent=harbour)
    make_article(title="Unrelated story")
    assert titles("estuary") == ["Tagged story"]
    assert titles("Quillon") == ["Bylined story"]
    assert titles("harbour") == ["Filed story"]


def test_every_word_must_match(make_article):
    make_article(title="Walrus colony returns")
    make_article(title="Walrus census delayed")
    assert titles("walrus census") == ["Walrus census delayed"]


def test_only_published_public_articles_are_found(make_article):
    make_article(title="Walrus draft", live=False)
    make_article(title="Walrus story")
    assert titles("walrus") == ["Walrus story"]


def test_newest_first_ignores_relevance(make_article):
    make_article(title="Walrus walrus walrus", first_published_at=days_ago(3))
    make_article(title="A walrus story", first_published_at=days_ago(1))
    make_article(title="Old walrus tale", first_published_at=days_ago(9))
    assert titles("walrus", order="newest") == ["A walrus story", "Walrus walrus walrus", "Old walrus tale"]


def test_section_filter_takes_subsections_and_extra_categories(make_article, science, politics):
    oceans = SectionPageFactory(parent=science, title="Oceans")
    make_article(title="Walrus in science", parent=science)
    make_article(title="Walrus in oceans", parent=oceans)
    make_article(title="Walrus in politics, also science", parent=politics, extra_categories=[science])
    make_article(title="Walrus in politics", parent=politics)
    assert set(titles("walrus", section=science)) == {
        "Walrus in science",
        "Walrus in oceans",
        "Walrus in politics, also science",
    }
    assert titles("walrus", section=oceans) == ["Walrus in oceans"]


def test_a_word_being_typed_matches_the_start_of_title_words_newest_first(make_article):
    make_article(title="Walruses colony counted", first_published_at=days_ago(1))
    make_article(title="Walrus colony returns", first_published_at=days_ago(2))
    make_article(title="Harbour colony news", standfirst="Walruses were seen off the harbour.")
    matches = find_articles(terms=search_terms("colony walr"))
    assert matches.prefix_only
    assert [article.title for article in matches.results] == ["Walruses colony counted", "Walrus colony returns"]


def test_whole_words_are_not_treated_as_prefixes_when_something_matches(make_article):
    make_article(title="Walrus colony returns")
    make_article(title="Wal-Mart opens")
    matches = find_articles(terms=search_terms("wal"))
    assert not matches.prefix_only
    assert [article.title for article in matches.results] == ["Wal-Mart opens"]


def test_stemming_or_exact_words_find_plural_titles(make_article):
    make_article(title="Walruses return")
    # PostgreSQL stems "walruses" to "walrus"; SQLite only matches whole words or prefixes.
    assert titles("walruses") == ["Walruses return"]
