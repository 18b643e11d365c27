from typing import Any

from django.core.management.base import BaseCommand

from utilite.wiki.digest import send_digests


class Command(BaseCommand):
    help = "Send the daily e-mail of the wiki pages and spaces people follow (run once a day)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{send_digests()} e-mails sent")
