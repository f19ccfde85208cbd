"""One archive holds the database and every stored file, so a deployment can be rebuilt from it
alone (``manage.py backup`` and ``manage.py restore``; docs/production.md).

The archive is a gzipped tar:

* ``database.sqlite3`` (SQLite's backup API) or ``database.pgdump`` (``pg_dump``, custom format);
* ``files/<name>``: every file in the default storage, under its stored name;
* ``manifest.json``, last: the format, when it was taken, the kind of database, the migrations
  applied, the rows in every table and each file's size and SHA-256.

The database copy and the manifest's row counts come from one snapshot: on SQLite the counts are
read from the copy itself; on PostgreSQL they are read in a repeatable-read transaction whose
snapshot ``pg_dump`` is given. So the manifest says exactly what the copy holds, and a restore
can prove it put back every row (it counts them again).

A restore checks the whole archive first (every file's digest, the kind of database, the
migrations), and changes nothing if anything is wrong. It refuses a database that already holds
a partnership's work unless forced. It is written to a temporary name and renamed, so a backup that
fails half-way leaves no archive that looks whole.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection, connections, transaction
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_FILE = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
FILES = "files/"
# Rows here mean a database holds a partnership's work: a restore over it needs --force.
WORK = {"accounts.User": "users", "reviews.Review": "reviews", "audit.AuditEvent": "audit events"}


class BackupError(Exception):
    """What is wrong and how to put it right, in words for the person running the command."""


@dataclasses.dataclass
class Outcome:
    path: Path
    manifest: dict[str, Any]
    # After a restore: tables whose rows differ from the manifest's (label: (expected, found)).
    differences: dict[str, tuple[int, int]] = dataclasses.field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(self.manifest["rows"].values())

    @property
    def files(self) -> int:
        return len(self.manifest["files"])


def tables() -> dict[str, str]:
    """Every table Django manages, by model label (many-to-many tables included)."""
    return {m._meta.label: m._meta.db_table for m in apps.get_models(include_auto_created=True)
            if m._meta.managed and not m._meta.proxy}


def _count(cursor: Any, table: str) -> int:
    cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
    return int(cursor.fetchone()[0])


def row_counts(cursor: Any = None) -> dict[str, int]:
    """Every table's rows, read through ``cursor`` (a snapshot's, a copy's) or a new one."""
    if cursor is None:
        with connection.cursor() as own:
            return row_counts(own)
    return {label: _count(cursor, table) for label, table in sorted(tables().items())}


def stored_files(folder: str = "") -> Iterator[str]:
    """Every file in the default storage, by its stored name."""
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:  # nothing was ever stored
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from stored_files(f"{folder}/{sub}" if folder else sub)


class _Hashing:
    """A file read once: into the archive, and through SHA-256 on the way."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw, self.sha, self.size = raw, hashlib.sha256(), 0

    def read(self, size: int = -1) -> bytes:
        chunk = self.raw.read(size)
        self.sha.update(chunk)
        self.size += len(chunk)
        return chunk


# --- Backup ---------------------------------------------------------------------------------------

def take_backup(target: Path) -> Outcome:
    """Write the archive to ``target`` (which must not exist yet)."""
    target = Path(target)
    if target.exists():
        raise BackupError(f"{target} already exists: give a new name (a backup never replaces "
                          "another).")
    if not target.parent.is_dir():
        raise BackupError(f"The folder {target.parent} does not exist: create it, or give a path "
                          "in a folder that does.")
    if connection.vendor not in DATABASE_FILE:
        raise BackupError(f"Backups are made of SQLite and PostgreSQL databases, not "
                          f"{connection.vendor}.")
    taken_at = timezone.now()
    with tempfile.TemporaryDirectory(prefix=".backup-", dir=target.parent) as tmp:
        folder = Path(tmp)
        database = folder / DATABASE_FILE[connection.vendor]
        copy = _sqlite_copy if connection.vendor == "sqlite" else _postgres_dump
        rows, migrations = copy(database)
        partial = folder / "archive.partial"
        files: dict[str, dict[str, Any]] = {}
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(database, arcname=database.name)
            for name in stored_files():
                with default_storage.open(name, "rb") as raw:
                    info = tarfile.TarInfo(FILES + name)
                    info.size, info.mtime = default_storage.size(name), int(taken_at.timestamp())
                    reader = _Hashing(raw)
                    tar.addfile(info, reader)
                files[name] = {"size": reader.size, "sha256": reader.sha.hexdigest()}
            manifest = {"format": FORMAT, "taken_at": taken_at.isoformat(),
                        "database": {"vendor": connection.vendor, "file": database.name},
                        "migrations": migrations, "rows": rows, "files": files}
            body = json.dumps(manifest, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(body), int(taken_at.timestamp())
            tar.addfile(info, io.BytesIO(body))
        os.replace(partial, target)
    return Outcome(target, manifest)


def _sqlite_copy(database: Path) -> tuple[dict[str, int], list[str]]:
    """SQLite's backup API copies a consistent database; its rows are counted in the copy."""
    connection.ensure_connection()
    copy = sqlite3.connect(database)
    try:
        connection.connection.backup(copy)
        cursor = copy.cursor()
        rows = row_counts(cursor)
        migrations = sorted(f"{app}.{name}" for app, name in
                            cursor.execute("SELECT app, name FROM django_migrations"))
    finally:
        copy.close()
    return rows, migrations


def _postgres(program: str) -> tuple[str, dict[str, str]]:
    """The PostgreSQL client program's path, and the environment naming this database."""
    path = shutil.which(program)
    if path is None:
        raise BackupError(f"{program} was not found: install the PostgreSQL client of the "
                          "server's version (Debian: postgresql-client).")
    db = connection.settings_dict
    env = {**os.environ, "PGDATABASE": db["NAME"], "PGHOST": db.get("HOST") or "",
           "PGPORT": str(db.get("PORT") or ""), "PGUSER": db.get("USER") or "",
           "PGPASSWORD": db.get("PASSWORD") or ""}
    return path, {k: v for k, v in env.items() if v}


def _postgres_dump(database: Path) -> tuple[dict[str, int], list[str]]:
    """pg_dump of the snapshot in which the rows are counted."""
    program, env = _postgres("pg_dump")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        rows = row_counts(cursor)
        cursor.execute("SELECT app, name FROM django_migrations")
        migrations = sorted(f"{app}.{name}" for app, name in cursor.fetchall())
        done = subprocess.run([program, "--format=custom", "--no-owner", "--no-privileges",
                               f"--snapshot={snapshot}", f"--file={database}"],
                              env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise BackupError(f"pg_dump failed: {_last_line(done.stderr)}")
    return rows, migrations


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "no message"


# --- Restore --------------------------------------------------------------------------------------

def read_archive(source: Path, folder: Path) -> dict[str, Any]:
    """Unpack and check the archive into ``folder``: its manifest, once every file's size and
    digest match it. Raises BackupError saying what is wrong; nothing outside ``folder`` changes."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"{source} is not a file: give the path of an archive made by "
                          "`manage.py backup`.")
    try:
        with tarfile.open(source, "r:gz") as tar:
            names = tar.getnames()
            if MANIFEST not in names:
                raise BackupError(f"{source} is not a Review Desk backup (it has no {MANIFEST}).")
            strays = [n for n in names if n != MANIFEST and n not in DATABASE_FILE.values()
                      and not n.startswith(FILES)]
            if strays:
                raise BackupError(f"{source} holds files a backup never has ({strays[0]}): it "
                                  "is not an archive made by `manage.py backup`.")
            tar.extractall(folder, filter="data")
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise BackupError(f"{source} cannot be read as a backup ({exc}): it may be cut short or "
                          "damaged. Use another copy.") from exc
    try:
        manifest: dict[str, Any] = json.loads((folder / MANIFEST).read_text())
    except ValueError as exc:
        raise BackupError(f"The manifest in {source} cannot be read: the archive is damaged.") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{source} is in backup format {manifest.get('format')}; this version "
                          f"of Review Desk reads format {FORMAT}.")
    database = folder / manifest["database"]["file"]
    if not database.is_file():
        raise BackupError(f"{source} has no database copy ({database.name}): it is damaged.")
    for name, expected in manifest["files"].items():
        path = folder / (FILES + name)
        if not path.is_file():
            raise BackupError(f"The stored file {name} is missing from {source}: it is damaged.")
        if path.stat().st_size != expected["size"] or _sha256(path) != expected["sha256"]:
            raise BackupError(f"The stored file {name} in {source} is not the one backed up (its "
                              "digest differs): the archive is damaged. Use another copy.")
    return manifest


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def work_held() -> dict[str, int]:
    """The partnership's work this database holds (users, reviews, audit events), if any."""
    existing = set(connection.introspection.table_names())
    names = tables()
    found = {}
    with connection.cursor() as cursor:
        for label, words in WORK.items():
            table = names[label]
            if table in existing and (count := _count(cursor, table)):
                found[words] = count
    return found


def restore_backup(source: Path, *, force: bool = False) -> Outcome:
    """Put the archive's database and files back. Checks everything first; then the database
    (in one step), then the files; then counts every table against the manifest."""
    with tempfile.TemporaryDirectory(prefix="restore-") as tmp:
        folder = Path(tmp)
        manifest = read_archive(source, folder)
        vendor = manifest["database"]["vendor"]
        if vendor != connection.vendor:
            raise BackupError(f"The archive holds a {_kind(vendor)} database and this deployment "
                              f"uses {_kind(connection.vendor)}: restore it into a deployment of "
                              "the same kind (DATABASE_URL).")
        from django.db.migrations.loader import MigrationLoader

        known = {f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations}
        unknown = sorted(set(manifest["migrations"]) - known)
        if unknown:
            raise BackupError(f"The archive was taken by a newer Review Desk (it has migration "
                              f"{unknown[0]}, which this version lacks): restore it with that "
                              "version or a later one.")
        held = work_held()
        if held and not force:
            said = ", ".join(f"{count:,} {words}" for words, count in held.items())
            raise BackupError(f"This database already holds work ({said}): a restore would "
                              "replace all of it. Restore into an empty database, or add --force "
                              "to replace it.")
        database = folder / manifest["database"]["file"]
        if vendor == "sqlite":
            _sqlite_restore(database)
        else:
            _postgres_restore(database)
        for name in manifest["files"]:
            _put_file(name, folder / (FILES + name))
    found = row_counts()
    differences = {label: (expected, found.get(label, 0))
                   for label, expected in manifest["rows"].items() if found.get(label, 0) != expected}
    return Outcome(Path(source), manifest, differences)


def _kind(vendor: str) -> str:
    return {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(vendor, vendor)


def _sqlite_restore(database: Path) -> None:
    # Through the open connection, so an in-memory database (tests) is restored too; the backup
    # API replaces the whole database in one step.
    connection.ensure_connection()
    copy = sqlite3.connect(database)
    try:
        copy.backup(connection.connection)
    finally:
        copy.close()


def _postgres_restore(database: Path) -> None:
    program, env = _postgres("pg_restore")
    connections.close_all()  # pg_restore drops the tables: no session of ours may hold them
    done = subprocess.run([program, "--clean", "--if-exists", "--no-owner", "--no-privileges",
                           "--single-transaction", "--exit-on-error", f"--dbname={env['PGDATABASE']}",
                           str(database)], env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise BackupError(f"pg_restore failed, and the database was left as it was: "
                          f"{_last_line(done.stderr)}")


def _put_file(name: str, path: Path) -> None:
    if default_storage.exists(name):
        default_storage.delete(name)
    with path.open("rb") as handle:
        saved = default_storage.save(name, File(handle))
    if saved != name:
        raise BackupError(f"The stored file {name} was saved as {saved}: check the storage's "
                          "settings (MEDIA_ROOT) and restore again.")
