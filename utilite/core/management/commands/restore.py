from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from utilite.core import backup


class Command(BaseCommand):
    help = "Restore an archive made by `backup` into an empty instance, then check it against its manifest."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup.restore(Path(options["archive"]))
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest.tables.values())
        self.stdout.write(
            f"Restored and checked: {rows} rows in {len(manifest.tables)} tables, {len(manifest.files)} files "
            f"(backup of {manifest.created_at})."
        )
