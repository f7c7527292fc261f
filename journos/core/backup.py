"""Back up and restore a whole site: its database and its media, in one tar archive.

The archive holds the database as its engine's own backup (PostgreSQL: `pg_dump` custom format; SQLite:
the online backup API, safe while the site runs), every file of the default storage (local disk or
object storage alike, read through Django's storage API), and a manifest: the row count of every model
and each file's size and SHA-256, which restore checks the restored site against.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

from journos.core.caching.dependencies import ALL
from journos.core.caching.purge import content_changed

MANIFEST, DATABASE, MEDIA = "manifest.json", "database", "media/"


class RestoreError(Exception):
    """The archive can't be restored, or the restored site does not match it."""


def row_counts() -> dict[str, int]:
    """Every model's row count, by label ("news.articlepage")."""
    models = (m for m in apps.get_models() if m._meta.managed and not m._meta.proxy)
    return {model._meta.label_lower: model._base_manager.count() for model in models}


def media_files(storage=default_storage, folder: str = ""):
    """Every file name in `storage`, folders walked depth first."""
    folders, files = storage.listdir(folder)
    for name in sorted(files):
        yield f"{folder}{name}"
    for name in sorted(folders):
        yield from media_files(storage, f"{folder}{name}/")


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def postgres_args(program: str) -> tuple[list[str], dict]:
    """The command line and environment that point a PostgreSQL client program at this site's database."""
    db = connection.settings_dict
    args = [program, "--no-password", "--dbname", db["NAME"], "--username", db["USER"] or "postgres"]
    if db["HOST"]:
        args += ["--host", db["HOST"]]
    if db["PORT"]:
        args += ["--port", str(db["PORT"])]
    env = {**os.environ, "PGPASSWORD": db["PASSWORD"] or ""}
    return args, env


def dump_database(target: Path) -> None:
    if is_postgresql():
        args, env = postgres_args("pg_dump")
        subprocess.run([*args, "--format=custom", "--file", str(target)], env=env, check=True, capture_output=True)
        return
    connection.ensure_connection()
    with sqlite3.connect(target) as copy:
        connection.connection.backup(copy)
    copy.close()


def load_database(source: Path) -> None:
    if is_postgresql():
        connection.close()  # pg_restore must be able to drop what this connection may hold
        args, env = postgres_args("pg_restore")
        restore = [*args, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction"]
        result = subprocess.run([*restore, str(source)], env=env, capture_output=True, text=True)
        if result.returncode:
            raise RestoreError(f"pg_restore failed, the database is as it was: {result.stderr.strip()[-2000:]}")
        return
    connection.ensure_connection()
    with sqlite3.connect(source) as backup:
        backup.backup(connection.connection)
    backup.close()


def sha256(file) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: file.read(1 << 20), b""):
        digest.update(chunk)
    return digest.hexdigest()


@dataclass
class Summary:
    path: Path
    rows: int
    files: int
    bytes: int


def backup(target: Path) -> Summary:
    """Write the site's database, media and manifest to the tar archive `target` (complete or not at all)."""
    target = Path(target)
    with tempfile.TemporaryDirectory() as workdir:
        database = Path(workdir) / DATABASE
        dump_database(database)
        partial = target.with_name(f".{target.name}.partial")
        files = {}
        with tarfile.open(partial, "w") as archive:
            archive.add(database, DATABASE)
            for name in media_files():
                with default_storage.open(name, "rb") as content:
                    files[name] = {"size": default_storage.size(name), "sha256": sha256(content)}
                    content.seek(0)
                    member = tarfile.TarInfo(MEDIA + name)
                    member.size = files[name]["size"]
                    archive.addfile(member, content)
            counts = row_counts()
            manifest = {
                "created": timezone.now().isoformat(),
                "engine": connection.vendor,
                "rows": counts,
                "media": files,
            }
            data = json.dumps(manifest, indent=1, sort_keys=True).encode()
            member = tarfile.TarInfo(MANIFEST)
            member.size = len(data)
            archive.addfile(member, io.BytesIO(data))
        partial.replace(target)
    return Summary(target, sum(counts.values()), len(files), sum(f["size"] for f in files.values()))


def read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        return json.load(archive.extractfile(MANIFEST))
    except (KeyError, ValueError) as error:
        raise RestoreError(f"Not a Journos backup: {error}") from error


def restore(source: Path) -> Summary:
    """Replace the site's database with the archive's, put back its media files, and check both against it."""
    try:
        archive = tarfile.open(source, "r")  # noqa: SIM115 (closed by the with below; opening is what may fail)
    except (OSError, tarfile.TarError) as error:
        raise RestoreError(f"Can't read {source}: {error}") from error
    with archive, tempfile.TemporaryDirectory() as workdir:
        manifest = read_manifest(archive)
        if manifest["engine"] != connection.vendor:
            raise RestoreError(f"The backup is of {manifest['engine']}, this site runs {connection.vendor}.")
        database = Path(workdir) / DATABASE
        with archive.extractfile(DATABASE) as packed, database.open("wb") as unpacked:
            shutil.copyfileobj(packed, unpacked)
        load_database(database)
        for name in manifest["media"]:
            put_back(name, archive.extractfile(MEDIA + name))
    check(manifest)
    content_changed.send(sender=restore, tags=[ALL])  # every cached page and fragment now shows the old site
    files = manifest["media"]
    return Summary(Path(source), sum(manifest["rows"].values()), len(files), sum(f["size"] for f in files.values()))


def put_back(name: str, content) -> None:
    """Store a backed-up file under its own name, replacing whatever is there now."""
    if default_storage.exists(name):
        default_storage.delete(name)
    stored = default_storage.save(name, File(content, name=name))
    if stored != name:
        raise RestoreError(f"Media file {name} was stored as {stored}.")


def check(manifest: dict) -> None:
    """The restored site has every row and file the manifest lists."""
    counts = row_counts()
    wrong = {label: (rows, counts.get(label)) for label, rows in manifest["rows"].items() if counts.get(label) != rows}
    if wrong:
        raise RestoreError(f"Row counts differ from the backup's (backup, restored): {wrong}")
    for name, expected in manifest["media"].items():
        if not default_storage.exists(name):
            raise RestoreError(f"Media file {name} is missing after the restore.")
        with default_storage.open(name, "rb") as content:
            if sha256(content) != expected["sha256"]:
                raise RestoreError(f"Media file {name} differs from the backup's.")
