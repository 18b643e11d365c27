from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation

from utilite.activities.demo import load_demo_sessions
from utilite.commons.demo import load_demo_commons
from utilite.contributions.demo import load_demo_contributions
from utilite.fiches.demo import load_demo_fiches
from utilite.measures.demo import load_demo_plans
from utilite.organisations.demo import DEMO_FILE, load_network, read_spec
from utilite.places.demo import load_demo_places
from utilite.questionnaires.demo import load_demo_questionnaires
from utilite.referentiels.demo import load_demo_referentiels
from utilite.wiki.demo import load_demo_wiki


class Command(BaseCommand):
    help = "Load (or refresh) the demonstration network, its référentiels, and print the demo logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, default=DEMO_FILE, help="A network description in TOML.")

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):  # demo content is written in French
            self._load(file)

    def _load(self, file: Path) -> None:
        spec = read_spec(file)
        network = load_network(spec)
        if spec.slug == "brest-demo":
            load_demo_referentiels(network)
            load_demo_sessions(network)
            load_demo_plans(network)
            load_demo_questionnaires(network)
            load_demo_fiches(network)
            load_demo_commons(network)
            load_demo_places(network)
            load_demo_contributions(network)
            load_demo_wiki(network)
        self.stdout.write(
            self.style.SUCCESS(f"Network “{network.name}” loaded: {network.organisations.count()} structures.")
        )
        if spec.password:
            self.stdout.write(f"\nDemo logins (password for all: {spec.password}):")
            for user in spec.users:
                self.stdout.write(f"  {user.email:<32} {user.label}")
