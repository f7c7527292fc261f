"""The demo site's fixed content: sections, authors, footer pages and settings.

All of it is written for Journos. People, places and institutions are
fictional (the republic of Estrava, its capital Lindhaven, the port of Port
Averly...); every web address is on example.org.
"""

from dataclasses import dataclass, field

SITE_NAME = "Journos"


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    introduction: str
    palette: str
    motifs: tuple[str, ...]
    children: tuple["Section", ...] = field(default_factory=tuple)


# Top-level sections in the order the header menu shows them.
SECTIONS = (
    Section(
        "world",
        "World",
        "Reporting from every continent: conflicts and elections, trade and migration, "
        "and the people living through them.",
        "world",
        ("hills", "waves"),
        children=(
            Section(
                "europe",
                "Europe",
                "Our neighbours across the Northern Compact and beyond: "
                "their politics, their economies, their streets.",
                "world",
                ("hills", "columns"),
            ),
            Section(
                "americas",
                "Americas",
                "From Calvera's highlands to the islands of the Caribbean: news and analysis from the Americas.",
                "world",
                ("hills", "waves"),
            ),
        ),
    ),
    Section(
        "politics",
        "Politics",
        "The National Assembly, the government and the parties: "
        "what is decided in Lindhaven, and what it means for you.",
        "politics",
        ("columns",),
        children=(
            Section(
                "diplomacy",
                "Diplomacy",
                "Treaties, summits and quiet negotiations: Estrava's place in the world.",
                "politics",
                ("columns", "waves"),
            ),
        ),
    ),
    Section(
        "business",
        "Business",
        "Companies, jobs, housing and the cost of living, explained without jargon.",
        "business",
        ("chart", "waves"),
        children=(
            Section(
                "markets",
                "Markets",
                "Shares, bonds, currencies and interest rates, with the numbers that matter and what moves them.",
                "business",
                ("chart",),
            ),
        ),
    ),
    Section(
        "technology",
        "Technology",
        "How technology is changing work, government and everyday life, and who is accountable when it fails.",
        "technology",
        ("grid",),
    ),
    Section(
        "science",
        "Science",
        "Discoveries from laboratories, observatories and field stations, told by the people who made them.",
        "science",
        ("orbits", "waves"),
    ),
    Section(
        "climate",
        "Climate",
        "The changing climate and how we adapt to it: floods and heat, energy and nature.",
        "climate",
        ("waves", "hills"),
    ),
    Section(
        "health",
        "Health",
        "Hospitals and clinics, public health and medicine: reporting that helps you look after yourself and others.",
        "health",
        ("shapes", "hills"),
    ),
    Section(
        "sports",
        "Sports",
        "Results, reports and the stories behind them, from the National Stadium to the village pitch.",
        "sports",
        ("track",),
    ),
    Section(
        "culture",
        "Culture",
        "Film, music, books, theatre and museums: reviews, interviews and the arts news worth knowing.",
        "culture",
        ("stage",),
    ),
    Section(
        "lifestyle",
        "Lifestyle",
        "Food, travel, homes and gardens, work and wellbeing: ideas for living well.",
        "lifestyle",
        ("shapes", "hills"),
    ),
)


def all_sections(sections=SECTIONS):
    """Every section, parents before their children."""
    for section in sections:
        yield section
        yield from all_sections(section.children)


@dataclass(frozen=True)
class Author:
    slug: str
    name: str
    role: str
    bio: str
    palette: str
    look: dict
    desks: tuple[str, ...]  # the section palettes this author writes for, for generated articles
    email: str = ""
    x_url: str = ""
    linkedin_url: str = ""
    website_url: str = ""


AUTHORS_INTRODUCTION = "The reporters and editors who write Journos. Follow a byline to read all of their work."

AUTHORS = (
    Author(
        "ines-halloran",
        "Ines Halloran",
        "Political editor",
        "<p>Ines Halloran has covered the National Assembly for twelve years and has interviewed every prime minister "
        "of that time. Before joining Journos she reported on local government in Port Averly, where she learned that "
        "the best stories are usually hidden in council budgets.</p>",
        "politics",
        {"skin": 1, "hair": "auburn", "long_hair": True, "glasses": False},
        ("politics",),
        email="ines.halloran@example.org",
        x_url="https://example.org/social/ineshalloran",
    ),
    Author(
        "tomas-reyne",
        "Tomas Reyne",
        "Foreign correspondent",
        "<p>Tomas Reyne has reported from more than forty countries, including the elections in Taluma and the "
        "reconstruction of Isla Verdana. He speaks five languages, badly in two of them, and is based in Lindhaven "
        "between assignments.</p>",
        "world",
        {"skin": 2, "hair": "black", "long_hair": False, "glasses": True},
        ("world",),
        linkedin_url="https://example.org/profiles/tomas-reyne",
        website_url="https://example.org/tomasreyne",
    ),
    Author(
        "priya-castellan",
        "Priya Castellan",
        "Science and climate correspondent",
        "<p>Priya Castellan trained as a marine biologist before moving into journalism. She writes about climate, "
        "nature and research, and has joined expeditions to the northern ice sheet and the Saldane Islands.</p>",
        "science",
        {"skin": 3, "hair": "black", "long_hair": True, "glasses": False},
        ("science", "climate"),
        email="priya.castellan@example.org",
        x_url="https://example.org/social/priyacastellan",
    ),
    Author(
        "dayo-hart",
        "Dayo Hart",
        "Business editor",
        "<p>Dayo Hart explains money, markets and work for readers who do not read the financial pages. He spent "
        "eight years as an economist at the National Statistics Office and still checks every chart twice.</p>",
        "business",
        {"skin": 4, "hair": "black", "long_hair": False, "glasses": False},
        ("business",),
        linkedin_url="https://example.org/profiles/dayo-hart",
    ),
    Author(
        "sofia-renner",
        "Sofia Renner",
        "Technology and health reporter",
        "<p>Sofia Renner covers digital government, cybersecurity and the health service. She started her career as a "
        "software developer and now spends her time asking software developers difficult questions.</p>",
        "technology",
        {"skin": 0, "hair": "fair", "long_hair": True, "glasses": True},
        ("technology", "health"),
        email="sofia.renner@example.org",
        website_url="https://example.org/sofiarenner",
    ),
    Author(
        "marcus-oyelaran",
        "Marcus Oyelaran",
        "Sports and culture writer",
        "<p>Marcus Oyelaran writes about sport, music and the arts. A former youth footballer for Averly Athletic, he "
        "has reported on three Northern Championships and reviews around a hundred concerts a year.</p>",
        "culture",
        {"skin": 3, "hair": "grey", "long_hair": False, "glasses": True},
        ("sports", "culture", "lifestyle"),
        x_url="https://example.org/social/marcusoyelaran",
    ),
)


# The lead story and the top stories on the home page, by slug, in order.
LEAD_STORY = "orlen-flood-defences-hold"
TOP_STORIES = ("budget-vote-delayed", "hospital-ransomware-recovery", "cup-final-rovers-athletic", "lx40-record-high")

SITE_SETTINGS = {
    "tagline": "Independent news from Estrava and the world, told clearly.",
    "copyright_holder": "Journos Media",
    "newsletter_blurb": (
        "The morning briefing: the five stories you need, in your inbox before 7am. Free, every weekday."
    ),
    "facebook_url": "https://example.org/social/facebook/journos",
    "x_url": "https://example.org/social/x/journos",
    "instagram_url": "https://example.org/social/instagram/journos",
    "youtube_url": "https://example.org/social/youtube/journos",
    "linkedin_url": "https://example.org/social/linkedin/journos",
    "ticker_active": True,
}

ILLUSTRATION_CREDIT = "Illustration: Journos Studio"
PORTRAIT_CREDIT = "Portrait: Journos Studio"
