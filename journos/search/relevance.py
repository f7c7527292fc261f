"""An editor's relevance check: searches of the demo archive, each with what an editor expects on top.

Used by tests/search/test_relevance.py (the demo plus generated articles) and
by `manage.py bench_search` (at whatever size is loaded, a million articles
included), so ranking only the newest matches is judged by the same cases.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from journos.news import selectors as news_selectors
from journos.news.demo import content
from journos.news.demo.stories import load_stories
from journos.search.selectors import find_articles, search_terms

STORIES = 4  # demo stories searched for by headline and by three of its words
STOP_WORDS = {"with", "from", "that", "this", "what", "their", "while", "after", "about", "into", "over", "reaches"}


@dataclass
class Case:
    query: str
    expects: str  # in words, for reports
    accepts: Callable  # true of an acceptable article
    within: int = 1  # how near the top it must be


@dataclass
class Outcome:
    case: Case
    passed: bool
    top: list[str]  # headlines of the first results


def cases() -> list[Case]:
    stories = sorted(load_stories(), key=lambda story: story.slug)[:STORIES]
    found = [
        *[Case(story.title.lower(), f"“{story.title}” first", slug_is(story.slug)) for story in stories],
        *[Case(key_words(story.title), f"“{story.title}” in the top 3", slug_is(story.slug), 3) for story in stories],
        *[Case(surname(author.name), f"a story by {author.name}", by(author.name)) for author in content.AUTHORS[:2]],
        *[Case(tag.lower(), f"a story tagged {tag}", tagged(tag)) for tag in (stories[0].tags[0], stories[1].tags[0])],
    ]
    if word := commonest_title_word():
        found.append(Case(word, f"a headline with “{word}”", lambda article: word in article.title.lower()))
    return found


def evaluate() -> list[Outcome]:
    outcomes = []
    for case in cases():
        results = list(find_articles(terms=search_terms(case.query)).results[: case.within])
        passed = any(case.accepts(article) for article in results)
        outcomes.append(Outcome(case, passed, [article.title for article in results]))
    return outcomes


def key_words(title: str) -> str:
    """Three of the headline's longest words, in order: what a reader remembers of it."""
    words = [word.lower() for word in search_terms(title) if len(word) > 3 and word.lower() not in STOP_WORDS]
    longest = sorted(words, key=len, reverse=True)[:3]
    return " ".join(word for word in words if word in longest)


def commonest_title_word(sample: int = 300) -> str:
    titles = news_selectors.published_articles().values_list("title", flat=True)[:sample]
    words = Counter(word.lower() for title in titles for word in search_terms(title) if len(word) > 4)
    return words.most_common(1)[0][0] if words else ""


def surname(name: str) -> str:
    return name.split()[-1].lower()


def slug_is(slug: str) -> Callable:
    return lambda article: article.slug == slug


def by(name: str) -> Callable:
    return lambda article: any(author.title == name for author in article.authors)


def tagged(tag: str) -> Callable:
    return lambda article: tag in article.tags.names()
