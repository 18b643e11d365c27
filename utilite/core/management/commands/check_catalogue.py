"""Fail when the French catalogue is incomplete, stale or not compiled.

Extracts the messages afresh into a temporary copy of `locale/` (the working tree is not
touched), then compares: every message of the code must be in the committed catalogue,
translated and not fuzzy, with no obsolete leftovers, and the compiled `.mo` must match.
"""

import shutil
import tempfile
from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

Key = tuple[str | None, str]


def _keys(catalogue: polib._BaseFile) -> set[Key]:
    return {(entry.msgctxt, entry.msgid) for entry in catalogue if not entry.obsolete}


class Command(BaseCommand):
    help = "Check that the French catalogue is complete, up to date and compiled."

    def handle(self, *args: Any, **options: Any) -> None:
        locale_dir = Path(settings.LOCALE_PATHS[0])
        po_path = locale_dir / "fr" / "LC_MESSAGES" / "django.po"
        mo_path = po_path.with_suffix(".mo")
        if not po_path.exists() or not mo_path.exists():
            raise CommandError(f"Missing {po_path} or {mo_path}: run `make messages`.")
        committed = polib.pofile(str(po_path))
        with tempfile.TemporaryDirectory() as tmp:
            fresh_dir = Path(tmp) / "locale"
            shutil.copytree(locale_dir, fresh_dir)
            with override_settings(LOCALE_PATHS=[fresh_dir]):
                call_command(
                    "makemessages",
                    locale=["fr"],
                    no_obsolete=True,
                    ignore_patterns=[".venv/*", "var/*", "node_modules/*"],
                    verbosity=0,
                )
            fresh = polib.pofile(str(fresh_dir / "fr" / "LC_MESSAGES" / "django.po"))
        problems = []
        missing = _keys(fresh) - _keys(committed)
        obsolete = _keys(committed) - _keys(fresh)
        problems += [f"not extracted yet: {msgid!r}" for _ctx, msgid in sorted(missing, key=str)]
        problems += [f"no longer used: {msgid!r}" for _ctx, msgid in sorted(obsolete, key=str)]
        problems += [f"untranslated: {entry.msgid!r}" for entry in committed.untranslated_entries()]
        problems += [f"fuzzy: {entry.msgid!r}" for entry in committed.fuzzy_entries()]
        compiled = polib.mofile(str(mo_path))
        translated = {
            (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
            for e in committed.translated_entries()
        }
        in_mo = {(e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in compiled if e.msgid}
        if translated != in_mo:
            problems.append("django.mo is not compiled from django.po: run `make messages`.")
        if problems:
            raise CommandError("French catalogue:\n  " + "\n  ".join(problems))
        self.stdout.write(self.style.SUCCESS(f"French catalogue complete: {len(translated)} messages."))
