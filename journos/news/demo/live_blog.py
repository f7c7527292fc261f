"""The demo's live blog: a storm reaching Port Averly, told in timestamped updates.

Written for Journos; the places and people are fictional (see content.py).
Each update is (minutes after coverage began, headline, paragraphs, key event summary or "").
"""

SLUG = "storm-port-averly-live"
SECTION = "climate"
AUTHORS = ("priya-castellan", "ines-halloran")
TITLE = "Storm Maren reaches Port Averly: live updates"
STANDFIRST = (
    "The strongest storm of the winter is crossing the coast tonight. Ferries are suspended, the harbour "
    "wall is closed and the city has opened three shelters."
)
SUMMARY = (
    "<p>Storm Maren made landfall south of Port Averly in the early evening, with gusts above 110 km/h on the "
    "harbour wall. The coastguard has asked people to stay away from the seafront until the morning tide has "
    "passed.</p>"
    "<ul><li>Ferries to the Saldane Islands are suspended until tomorrow noon.</li>"
    "<li>Shelters are open at the Marine Hall, the Eastgate school and the Averly library.</li>"
    "<li>About 4,000 homes are without power in the harbour district.</li></ul>"
)
# How long ago coverage began, and how long it lasted (the demo's coverage has ended).
STARTED_HOURS_AGO = 30
LASTED_MINUTES = 300

UPDATES = (
    (
        0,
        "Warnings raised along the coast",
        [
            "The national weather service has raised its warning for the southern coast to the highest level. "
            "It expects the storm's centre to cross the shore within three hours."
        ],
        "Highest weather warning for the southern coast",
    ),
    (
        25,
        "Last ferries turn back",
        [
            "The evening crossing to the Saldane Islands left on time but turned back halfway, its captain said, "
            "after waves broke over the car deck. All 212 passengers are back on shore.",
            "The ferry company says no sailings will leave before noon tomorrow.",
        ],
        "",
    ),
    (
        70,
        "Harbour wall closed",
        [
            "Police have closed the harbour wall and the promenade between the lighthouse and the fish market. "
            "Officers are asking a small crowd of onlookers to move back from the railings."
        ],
        "Harbour wall and promenade closed",
    ),
    (
        110,
        "",
        [
            "“We have sandbagged every door on the quay. Now we wait,” said Aurelio Venn, who runs a chandlery "
            "on the harbour front, as the first heavy rain arrived."
        ],
        "",
    ),
    (
        150,
        "Storm makes landfall south of the city",
        [
            "The storm's centre crossed the coast near Calder Point, about 15 kilometres south of Port Averly, at "
            "19:40. The weather service measured a gust of 114 km/h on the harbour wall a few minutes later."
        ],
        "Landfall near Calder Point, gusts of 114 km/h",
    ),
    (
        185,
        "Power cut in the harbour district",
        [
            "The grid operator says about 4,000 homes in the harbour district have lost power after a line came "
            "down on Tanner Street. Crews will start repairs when the wind drops below 70 km/h."
        ],
        "",
    ),
    (
        240,
        "Shelters open",
        [
            "The city has opened shelters at the Marine Hall, the Eastgate school and the Averly library. "
            "Each has beds, hot food and power for phones; pets are welcome at the Marine Hall."
        ],
        "Three shelters open",
    ),
    (
        300,
        "Wind easing; our live coverage ends here",
        [
            "The strongest gusts have passed and the weather service has lowered its warning by one level. "
            "Thank you for following along: our report on the night and the clean-up will follow in the morning."
        ],
        "",
    ),
)
