"""Back up an instance (database and media) into one dated archive, and restore it.

The archive is a `.tar.gz` holding:
- `database.sqlite3` (SQLite's online backup API: consistent while the site runs) or
  `database.pgdump` (`pg_dump --format=custom` on a snapshot exported by the transaction that
  also counts the rows, so counts and dump describe the same instant);
- `media/…`: every file of the default storage (local folder or S3-compatible bucket);
- `manifest.json`: when, which engine, the number of rows of every table and the size and
  SHA-256 of every file.

Restoring needs an empty instance (no table, or freshly migrated tables with no rows), loads the
database, puts the files back in the storage and checks every count and checksum against the
manifest: a restore that does not match is reported as failed."""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import sqlite3
import subprocess  # nosec B404
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.db import connection, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

FORMAT = 1


class BackupError(Exception):
    """Why a backup or a restore could not be done, in words for the person running it."""


@dataclass
class Manifest:
    created_at: str
    engine: str
    tables: dict[str, int]
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    format: int = FORMAT

    def as_json(self) -> bytes:
        return json.dumps(self.__dict__, indent=2, sort_keys=True, ensure_ascii=False).encode()

    @classmethod
    def from_json(cls, data: bytes) -> Manifest:
        return cls(**json.loads(data))


def tables() -> list[str]:
    """The tables of every installed model (Django's own included)."""
    names = {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
    return sorted(name for name in names if name in set(connection.introspection.table_names()))


def _count(cursor: Any, names: list[str], quote: Any) -> dict[str, int]:
    counts = {}
    for name in names:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(name)}")  # noqa: S608 (our table names)  # nosec B608
        counts[name] = cursor.fetchone()[0]
    return counts


def walk(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file name under `folder` of a storage (works for local files and S3 alike)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from walk(storage, f"{folder}/{sub}" if folder else sub)


def _add(archive: tarfile.TarFile, name: str, handle: Any, size: int) -> None:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, handle)


def _database_copy(folder: Path) -> tuple[Path, dict[str, int]]:
    """A consistent copy of the database and its row counts, taken at the same instant."""
    names = tables()
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        target = folder / "database.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
            counts = _count(copy.cursor(), names, connection.ops.quote_name)
        copy.close()
        return target, counts
    if connection.vendor == "postgresql":
        target = folder / "database.pgdump"
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = _count(cursor, names, connection.ops.quote_name)
            _run(["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={target}", *_pg_args(settings)])
        return target, counts
    raise BackupError(f"Unsupported database engine: {connection.vendor}")


def _pg_args(settings: dict[str, Any]) -> list[str]:
    args = []
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings.get(key):
            args.append(f"{option}={settings[key]}")
    return [*args, "--no-password", f"--dbname={settings['NAME']}"]


def _run(command: list[str]) -> None:
    environment = {**os.environ}
    if connection.settings_dict.get("PASSWORD"):
        environment["PGPASSWORD"] = connection.settings_dict["PASSWORD"]
    try:
        subprocess.run(command, check=True, capture_output=True, env=environment)  # noqa: S603  # nosec B603
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} is not installed (Debian package postgresql-client).") from error
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{command[0]} failed: {error.stderr.decode(errors='replace').strip()}") from error


def backup(destination: Path, *, storage: Storage | None = None) -> tuple[Path, Manifest]:
    """Write `utilite-<date>.tar.gz` in the folder `destination` (or to that file name)."""
    storage = storage or default_storage
    now = timezone.now()
    if destination.suffix != ".gz":
        destination.mkdir(parents=True, exist_ok=True)
        destination = destination / f"utilite-{now:%Y%m%d-%H%M%S}.tar.gz"
    with tempfile.TemporaryDirectory() as work:
        database, counts = _database_copy(Path(work))
        manifest = Manifest(created_at=now.isoformat(), engine=connection.vendor, tables=counts)
        partial = destination.with_name(destination.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(database, arcname=database.name)
            for name in walk(storage):
                digest = hashlib.sha256()
                with storage.open(name, "rb") as handle:
                    content = handle.read()
                digest.update(content)
                manifest.files[name] = {"size": len(content), "sha256": digest.hexdigest()}
                _add(archive, f"media/{name}", io.BytesIO(content), len(content))
            manifest_bytes = manifest.as_json()
            _add(archive, "manifest.json", io.BytesIO(manifest_bytes), len(manifest_bytes))
        partial.replace(destination)
    logger.info(
        "backup written to %s: %s tables, %s rows, %s files",
        destination,
        len(counts),
        sum(counts.values()),
        len(manifest.files),
    )
    return destination, manifest


def _is_empty() -> bool:
    present = tables()
    if not present:
        return True
    with connection.cursor() as cursor:
        counts = _count(cursor, present, connection.ops.quote_name)
    # A freshly migrated instance holds only the reference lists and migration records.
    keep = {"django_migrations", "django_content_type", "auth_permission", "organisations_sector"}
    keep |= {"organisations_publicgroup", "django_tasks_db_dbtaskresult"}
    return all(count == 0 for name, count in counts.items() if name not in keep)


def restore(source: Path, *, storage: Storage | None = None) -> Manifest:
    """Load an archive into an empty instance, then check counts and checksums."""
    storage = storage or default_storage
    if not _is_empty():
        raise BackupError("This instance already holds data: restore only into an empty instance.")
    try:
        archive = tarfile.open(source, "r:gz")  # noqa: SIM115 (closed by the with below)
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"{source} is not a backup archive of Utilité ({error}).") from error
    with archive, tempfile.TemporaryDirectory() as work:
        try:
            manifest = Manifest.from_json(archive.extractfile("manifest.json").read())  # type: ignore[union-attr]
        except (KeyError, ValueError, TypeError) as error:
            raise BackupError(f"{source} has no readable manifest.") from error
        if manifest.engine != connection.vendor:
            raise BackupError(f"This archive comes from {manifest.engine}; this instance runs {connection.vendor}.")
        _restore_database(archive, Path(work), manifest)
        for name in manifest.files:
            member = archive.extractfile(f"media/{name}")
            if member is None:
                raise BackupError(f"The file {name} is missing from the archive.")
            if storage.exists(name):
                storage.delete(name)
            saved = storage.save(name, ContentFile(member.read()))
            if saved != name:
                raise BackupError(f"The storage renamed {name} to {saved}.")
    problems = verify(manifest, storage=storage)
    if problems:
        raise BackupError("The restored instance differs from the archive: " + "; ".join(problems[:10]))
    logger.info("restored %s: %s rows, %s files", source, sum(manifest.tables.values()), len(manifest.files))
    return manifest


def _restore_database(archive: tarfile.TarFile, work: Path, manifest: Manifest) -> None:
    name = "database.sqlite3" if manifest.engine == "sqlite" else "database.pgdump"
    try:
        archive.extract(name, work, filter="data")
    except KeyError as error:
        raise BackupError(f"The archive has no {name}.") from error
    if connection.vendor == "sqlite":
        target = Path(connection.settings_dict["NAME"])
        connection.close()
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        with sqlite3.connect(work / name) as copy, sqlite3.connect(target) as destination:
            copy.backup(destination)
        return
    connection.close()
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            *_pg_args(connection.settings_dict),
            str(work / name),
        ]
    )


def verify(manifest: Manifest, *, storage: Storage | None = None) -> list[str]:
    """What differs between this instance and a manifest (empty: identical)."""
    storage = storage or default_storage
    problems = []
    with connection.cursor() as cursor:
        counts = _count(cursor, sorted(manifest.tables), connection.ops.quote_name)
    for table, expected in manifest.tables.items():
        if counts.get(table) != expected:
            problems.append(f"{table}: {counts.get(table)} rows instead of {expected}")
    for name, expected_file in manifest.files.items():
        if not storage.exists(name):
            problems.append(f"{name}: missing")
            continue
        with storage.open(name, "rb") as handle:
            digest = hashlib.sha256(handle.read()).hexdigest()
        if digest != expected_file["sha256"]:
            problems.append(f"{name}: checksum differs")
    return problems


def inventory(*, storage: Storage | None = None) -> dict[str, dict[str, Any]]:
    """Rows of every table and SHA-256 of every file of this instance (to compare two of them)."""
    storage = storage or default_storage
    with connection.cursor() as cursor:
        counts = _count(cursor, tables(), connection.ops.quote_name)
    files = {}
    for name in walk(storage):
        with storage.open(name, "rb") as handle:
            files[name] = hashlib.sha256(handle.read()).hexdigest()
    return {"counts": counts, "files": files}


def prune(folder: Path, *, keep: int) -> list[Path]:
    """Delete all but the `keep` newest archives of a folder (for scheduled backups)."""
    archives = sorted(folder.glob("utilite-*.tar.gz"))
    removed = archives[:-keep] if keep > 0 else []
    for path in removed:
        path.unlink()
    return removed


def default_folder() -> Path:
    from django.conf import settings

    return Path(getattr(settings, "BACKUP_DIR", settings.VAR_DIR / "backups"))
