from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from utilite.home import retention


class Command(BaseCommand):
    help = "Anonymise or delete personal data past its retention period (--dry-run lists it only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="list what would go, change nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = options["dry_run"]
        rules = retention.expired() if dry_run else retention.apply()
        verb = "would go" if dry_run else "done"
        self.stdout.write(f"Retention period: {retention.months()} months (before {retention.cutoff():%Y-%m-%d}).")
        for rule in rules:
            self.stdout.write(f"{rule.label}: {rule.count} {verb}")
            if dry_run:
                for item in rule.items:
                    self.stdout.write(f"  - {item}")
