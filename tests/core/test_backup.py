"""Backup and restore: the demo instance (database and media) comes back identical in an empty
instance, on SQLite and on PostgreSQL (whichever the suite runs on)."""

import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from utilite.core import backup

pytestmark = pytest.mark.django_db(transaction=True)

PROBE = "import json, django; django.setup(); from utilite.core import backup; print(json.dumps(backup.inventory()))"


@pytest.fixture
def empty_instance(tmp_path):
    """The environment of another, empty instance: its own database and media folder."""
    media = tmp_path / "other-media"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "UTILITE_MEDIA_ROOT": str(media),
        "DJANGO_SECRET_KEY": "restore-test-key-0123456789abcdefghijklmnopqrstuvwxyz-0123456789",
    }
    if connection.vendor == "sqlite":
        environment["DATABASE_URL"] = f"sqlite:///{tmp_path / 'other.sqlite3'}"
        yield environment
        return
    settings = connection.settings_dict
    name = f"utilite_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    user, host, port = settings["USER"], settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    environment["DATABASE_URL"] = f"postgres://{user}@{host}:{port}/{name}"
    yield environment
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


ROOT = Path(__file__).resolve().parents[2]


def run(environment, *args):
    return subprocess.run(  # noqa: S603
        [sys.executable, *args], env=environment, capture_output=True, text=True, cwd=ROOT, check=False
    )


def here():
    return backup.inventory()


def test_the_demo_instance_is_backed_up_and_restored_identical(tmp_path, settings, empty_instance):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", stdout=io.StringIO())
    default_storage.save("testimonies/2026/photo.jpg", ContentFile(b"\xff\xd8 a photo"))
    default_storage.save("fiches/rendu été.pdf", ContentFile(b"%PDF-1.7 fiche"))
    before = here()
    assert before["counts"]["accounts_user"] >= 6
    assert len(before["files"]) >= 2

    output = io.StringIO()
    call_command("backup", str(tmp_path / "backups"), stdout=output)
    archive = next((tmp_path / "backups").glob("utilite-*.tar.gz"))
    with tarfile.open(archive) as opened:
        manifest = json.loads(opened.extractfile("manifest.json").read())
    assert manifest["tables"] == before["counts"]
    assert {name: entry["sha256"] for name, entry in manifest["files"].items()} == before["files"]

    restored = run(empty_instance, "manage.py", "restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    assert "Restored and checked" in restored.stdout
    probe = run(empty_instance, "-c", PROBE)
    assert probe.returncode == 0, probe.stderr
    assert json.loads(probe.stdout) == before

    again = run(empty_instance, "manage.py", "restore", str(archive))  # not into an instance with data
    assert again.returncode != 0
    assert "already holds data" in again.stderr


def test_a_broken_archive_is_refused_with_a_clear_message(tmp_path):
    broken = tmp_path / "utilite-broken.tar.gz"
    broken.write_bytes(b"not a backup")
    with pytest.raises(CommandError, match="is not a backup archive"):
        call_command("restore", str(broken))


def test_old_archives_are_pruned(tmp_path):
    for stamp in ("20260101-000000", "20260201-000000", "20260301-000000"):
        (tmp_path / f"utilite-{stamp}.tar.gz").write_bytes(b"")
    removed = backup.prune(tmp_path, keep=2)
    assert [path.name for path in removed] == ["utilite-20260101-000000.tar.gz"]
