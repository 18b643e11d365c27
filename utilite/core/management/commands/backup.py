from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from utilite.core import backup


class Command(BaseCommand):
    help = "Back up the database and the media files into one dated archive with a manifest."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("destination", nargs="?", help="folder or .tar.gz file (default: var/backups/)")
        parser.add_argument("--keep", type=int, default=0, help="then keep only the N newest archives of the folder")

    def handle(self, *args: Any, **options: Any) -> None:
        destination = Path(options["destination"]) if options["destination"] else backup.default_folder()
        try:
            path, manifest = backup.backup(destination)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest.tables.values())
        self.stdout.write(f"{path}: {rows} rows in {len(manifest.tables)} tables, {len(manifest.files)} files.")
        if options["keep"]:
            for removed in backup.prune(path.parent, keep=options["keep"]):
                self.stdout.write(f"Removed the older archive {removed}.")
