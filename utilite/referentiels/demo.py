"""Demonstration référentiels, described in data/demo.toml and built from the library."""

import tomllib
from pathlib import Path

from django.db import transaction

from utilite.accounts.models import User
from utilite.networks.models import Network

from . import services
from .models import Referentiel

DEMO_FILE = Path(__file__).resolve().parent / "data" / "demo.toml"


@transaction.atomic
def load_demo_referentiels(network: Network, path: Path = DEMO_FILE) -> int:
    """Create the demo référentiels that do not exist yet (existing ones are left as people changed them)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    if data["network"] != network.slug:
        return 0
    created = 0
    for spec in data["referentiels"]:
        organisation = network.organisations.get(slug=spec["organisation"])
        if organisation.referentiels.exists():
            continue
        author = User.objects.get(email=spec["author"])
        referentiel = Referentiel.objects.create(organisation=organisation, created_by=author, sharing=spec["sharing"])
        services.add_from_library(referentiel, spec["library"], author)
        if spec["status"] == "validated":
            services.validate_referentiel(referentiel, author)
        created += 1
    return created
