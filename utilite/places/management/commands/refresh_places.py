"""Daily (cron): move the precomputed openings of every place forward, for « open now »."""

from typing import Any

from django.core.management.base import BaseCommand

from utilite.places import services


class Command(BaseCommand):
    help = "Recompute the coming openings of every place of the directory (run it once a day)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = services.refresh_openings()
        self.stdout.write(f"{count} places refreshed")
