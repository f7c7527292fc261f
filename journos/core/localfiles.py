"""Where development keeps files that belong to one database (its cache, the demo admin's password).

Each database has its own, so seeding or serving another database (a benchmark's,
a test's) never overwrites the files of the everyday development database. No
Django imports: the settings use this too.
"""

from pathlib import Path


def beside_database(database: dict, base_dir: Path, name: str) -> Path:
    """`name` for this database: next to a SQLite file, else in base_dir.

    The default db.sqlite3 in base_dir gets `name` itself; any other database
    `name-<its name>` (e.g. `.demo-admin-password-journos_bench`).
    """
    if database["ENGINE"].endswith("sqlite3"):
        path = Path(database["NAME"])
        folder, label = path.parent, path.stem
        default = folder == Path(base_dir) and path.name == "db.sqlite3"
    else:
        folder, label, default = Path(base_dir), database["NAME"], False
    return folder / (name if default else f"{name}-{label}")
