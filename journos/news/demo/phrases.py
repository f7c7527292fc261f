"""Phrase banks for generated articles (`seed_demo --articles N`), written for Journos.

The text is composed from these parts: it reads like news but says nothing
real. Every desk (section palette) has its own actors, topics and quotes;
the rest is shared.
"""

import random
from dataclasses import dataclass

PLACES = (
    "Lindhaven",
    "Port Averly",
    "Kessmark",
    "the Selde valley",
    "Tornby",
    "Marby",
    "Ormsjo",
    "the Saldane Islands",
    "Vik",
    "Aske",
    "Kvarn Point",
    "the eastern suburbs",
)
FIRST_NAMES = (
    "Agnes", "Björn", "Camilla", "Dawit", "Elin", "Farid", "Greta", "Hugo", "Ida", "Jonas", "Kaja", "Leif",
    "Mira", "Noah", "Oda", "Paulo", "Runa", "Sami", "Thea", "Ulrik", "Vera", "Wilma", "Yusuf", "Zofia",
)  # fmt: skip
LAST_NAMES = (
    "Aberg", "Borg", "Dahlin", "Eng", "Fors", "Grahn", "Hedin", "Isaksen", "Juhl", "Kron", "Lyng", "Moen",
    "Nord", "Okoro", "Pihl", "Quist", "Rudd", "Sand", "Tovar", "Ulfsdal", "Vinter", "Wester", "Yilmaz", "Zeller",
)  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WHEN = (
    "next month",
    "before the summer",
    "in the autumn",
    "early next year",
    "within weeks",
    "by the end of the year",
)
PROCESSES = ("talks", "consultation", "debate")
HEADINGS = ("What happens next", "Why it matters", "The numbers", "Reaction", "A long road", "What critics say")
CRITICISM = (
    "the plan does too little, too late",
    "the cost has not been properly explained",
    "smaller communities were not consulted",
    "the timetable is unrealistic",
    "the people most affected have had no say",
)
SUPPORT = (
    "the change is long overdue",
    "the benefits will be felt for decades",
    "doing nothing would cost far more",
    "the details can be improved as the work goes on",
    "other countries have shown that it works",
)


@dataclass(frozen=True)
class Desk:
    actors: tuple[str, ...]
    verbs: tuple[tuple[str, str], ...]  # (headline form, past tense)
    topics: tuple[str, ...]
    institutions: tuple[str, ...]
    quotes: tuple[str, ...]
    tags: tuple[str, ...]
    places: tuple[str, ...] = PLACES


COMMON_VERBS = (
    ("backs", "backed"),
    ("delays", "delayed"),
    ("unveils", "unveiled"),
    ("rejects", "rejected"),
    ("reviews", "began a review of"),
    ("approves", "approved"),
)

DESKS = {
    "world": Desk(
        actors=("The Assembly of Nations", "Taluma's government", "A regional court", "Calvera's senate"),
        verbs=COMMON_VERBS,
        topics=("a new border agreement", "emergency food aid", "plans to rebuild the port", "a disputed vote count"),
        institutions=("the Assembly of Nations", "the World Food Council", "the Kasuri Joint Maritime Authority"),
        quotes=(
            "People here want to be heard, not just counted.",
            "The next few weeks will show whether this agreement means anything.",
            "We have seen promises like this before.",
        ),
        tags=("Trade", "Elections", "Taluma", "Calvera", "Northern Compact", "Shipping"),
        places=("San Lucerno", "Harrow", "Castelmar", "Isla Verdana", "the Andara highlands", "the Kasuri Strait"),
    ),
    "politics": Desk(
        actors=(
            "The National Assembly",
            "The finance ministry",
            "The Country Party",
            "The Civic Alliance",
            "City hall",
        ),
        verbs=COMMON_VERBS,
        topics=("changes to the housing fund", "a cap on energy prices", "new rules for lobbyists", "a rail budget"),
        institutions=("the National Assembly", "the finance ministry", "the audit office"),
        quotes=(
            "This is about trust, and trust is earned slowly.",
            "Nobody wants a crisis, but nobody wants to back down first.",
            "Voters will judge us on results, not on press releases.",
        ),
        tags=("Estrava", "Parliament", "Budget", "Elections", "Local government", "Diplomacy"),
    ),
    "business": Desk(
        actors=("The central bank", "Averly Shipyards", "Orlen Dairy", "Kessmark Energi", "The competition authority"),
        verbs=COMMON_VERBS,
        topics=("a takeover bid", "plans for 400 new jobs", "higher dividends", "a new factory in the north"),
        institutions=("the National Statistics Office", "Nordkap Securities", "the Estravan Bankers' Association"),
        quotes=(
            "The numbers look better than they feel for most households.",
            "Investors like certainty, and this gives them some.",
            "We could never win on price alone.",
        ),
        tags=("Jobs", "Interest rates", "Housing", "Shares", "Trade", "Inflation"),
    ),
    "technology": Desk(
        actors=("The Digital Services Authority", "Quillstone", "Nordlight Systems", "Brightwire", "The e-ID agency"),
        verbs=COMMON_VERBS,
        topics=("new rules for app stores", "a faster fibre network", "an AI pilot in schools", "a data breach"),
        institutions=("the national cybersecurity centre", "Lindhaven University", "the Digital Services Authority"),
        quotes=(
            "When one system opens every door, it had better never jam.",
            "Technology should serve people, not the other way round.",
            "We want evidence, not enthusiasm.",
        ),
        tags=("Artificial intelligence", "Cybersecurity", "Startups", "Broadband", "Digital government"),
    ),
    "science": Desk(
        actors=("Halden Observatory", "Lindhaven University", "The Polar Institute", "The Maritime Museum"),
        verbs=COMMON_VERBS,
        topics=("a new telescope", "a survey of the seabed", "a study of wild bees", "a long-term soil experiment"),
        institutions=("Lindhaven University", "Halden Observatory", "the Estravan Polar Institute"),
        quotes=(
            "Each answer gives us three new questions, which is how it should be.",
            "We have been looking for this for fifteen years.",
            "The data will be open to everyone.",
        ),
        tags=("Research", "Space", "Wildlife", "Climate science", "Archaeology"),
    ),
    "climate": Desk(
        actors=("The Meteorological Office", "The climate ministry", "A regional council", "The environment agency"),
        verbs=COMMON_VERBS,
        topics=("new flood barriers", "a wind farm in Kessmark", "a peatland restoration scheme", "a heat plan"),
        institutions=("the Estravan Meteorological Office", "the environment agency", "the climate ministry"),
        quotes=(
            "The barriers did exactly what they were designed to do.",
            "We are spending the glacier's savings.",
            "Adapting is not giving up. It is being realistic.",
        ),
        tags=("Flooding", "Heatwaves", "Energy", "Climate adaptation", "Wind power", "Wildlife"),
    ),
    "health": Desk(
        actors=(
            "The health ministry",
            "Kessmark Regional Hospital",
            "The medical association",
            "City health services",
        ),
        verbs=COMMON_VERBS,
        topics=("longer clinic hours", "a vaccination drive", "a new children's ward", "shorter waiting lists"),
        institutions=("the health ministry", "Lindhaven University Hospital", "the Estravan Medical Association"),
        quotes=(
            "The vaccine is safe, it is free, and it works.",
            "Our staff are doing remarkable work under real pressure.",
            "Patients should never have to choose between care and cost.",
        ),
        tags=("Public health", "Hospitals", "Mental health", "Vaccines", "Older people"),
    ),
    "sports": Desk(
        actors=("Lindhaven Rovers", "Averly Athletic", "The national handball team", "Team Nordwind"),
        verbs=(("beat", "beat"), ("draw with", "drew with"), ("sign", "signed"), ("sack", "parted ways with")),
        topics=("their closest rivals", "a new head coach", "the defending champions", "a teenage striker"),
        institutions=("the football association", "the cycling federation", "the Estravan Swimming Federation"),
        quotes=(
            "I just closed my eyes and jumped.",
            "This is for everyone who kept coming in the bad years.",
            "We were brave, and we were unlucky.",
        ),
        tags=("Football", "Cycling", "Athletics", "Handball", "Swimming"),
    ),
    "culture": Desk(
        actors=("The Orlen Opera", "The National Museum", "The Lindhaven Film Festival", "The city library"),
        verbs=COMMON_VERBS,
        topics=(
            "a new season of free concerts",
            "a rediscovered painting",
            "a festival of debut films",
            "late opening",
        ),
        institutions=("the National Museum", "the arts council", "the Orlen Opera"),
        quotes=(
            "Art paid for by everyone should be open to everyone.",
            "I wanted to make something about a place, by the people who live there.",
            "The audience told us what they wanted, and we listened.",
        ),
        tags=("Film", "Music", "Books", "Museums", "Festivals"),
    ),
    "lifestyle": Desk(
        actors=("The allotment association", "The tourist office", "The rail company", "The harbour market"),
        verbs=COMMON_VERBS,
        topics=("a new night train", "a soup trail", "rooftop gardens", "longer opening hours"),
        institutions=("the tourist office", "the allotment association", "the consumer council"),
        quotes=(
            "You fall asleep in one country and wake up in another.",
            "People want to get their hands dirty and meet their neighbours.",
            "My prices have not changed in years.",
        ),
        tags=("Food", "Travel", "Gardening", "Wellbeing", "Housing"),
    ),
}


CONTEXT = (
    "{place} has changed a great deal in recent years, and local people say they want a say in what comes next.",
    "It is the third decision of its kind this year, and observers expect more to follow.",
    "Officials declined to say how much the work would cost, but promised to publish the figures {when}.",
    "A public meeting is planned in {place}, where residents will be able to ask questions.",
    "Similar plans elsewhere have taken longer and cost more than first promised.",
)


@dataclass
class GeneratedStory:
    title: str
    standfirst: str
    blocks: list[
        tuple[str, object]
    ]  # ("paragraph", text) ("heading", text) ("pull_quote", dict) ("related_posts", None)
    tags: list[str]
    words: int


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def as_said(quote: str) -> str:
    """A quote as it opens a sentence: 'It works.' becomes 'It works,'."""
    return quote[:-1] + "," if quote.endswith(".") else quote


def compose(desk_name: str, rng: random.Random) -> GeneratedStory:
    """One plausible, entirely invented news story for a desk."""
    desk = DESKS.get(desk_name, DESKS["world"])
    actor, (verb_now, verb_past) = rng.choice(desk.actors), rng.choice(desk.verbs)
    topic, place, when = rng.choice(desk.topics), rng.choice(desk.places), rng.choice(WHEN)
    institution, speaker = rng.choice(desk.institutions), person(rng)
    quote, pulled = rng.sample(desk.quotes, 2)
    title = f"{actor} {verb_now} {topic}" + (f" in {place}" if rng.random() < 0.5 else "")
    opening = [
        f"{actor} {verb_past} {topic} on {rng.choice(WEEKDAYS)}, in a decision that will be felt most in {place}.",
        f"About {rng.randrange(2, 90) * 1000:,} people are affected, according to figures from {institution}, "
        f"and the decision follows {rng.randrange(2, 19)} months of {rng.choice(PROCESSES)}.",
        f"\u201c{as_said(quote)}\u201d said {speaker}, who speaks for {institution}.",
    ]
    closing = [f"Critics say {rng.choice(CRITICISM)}. Supporters argue that {rng.choice(SUPPORT)}."]
    closing += [text.format(place=place, when=when) for text in rng.sample(CONTEXT, rng.randrange(0, 3))]
    closing.append(f"Further details are expected {when}, and {place} will be watching closely.")
    blocks: list[tuple[str, object]] = [("paragraph", text) for text in opening]
    if rng.random() < 0.4:
        blocks.append(("pull_quote", {"quote": pulled, "attribution": speaker}))
    blocks += [("related_posts", None), ("heading", rng.choice(HEADINGS))]
    blocks += [("paragraph", text) for text in closing]
    standfirst = f"{actor} {verb_past} {topic}. Here is what it means for {place}."
    words = sum(len(text.split()) for text in opening + closing)
    return GeneratedStory(title, standfirst, blocks, rng.sample(desk.tags, 2), words)
