"""Demonstration référentiels, described in data/demo.toml and built from the library."""

import tomllib
from pathlib import Path
from typing import Any, cast

from django.db import transaction

from utilite.accounts.models import User
from utilite.networks.models import Network

from . import services
from .models import Criterion, Indicator, Referentiel, Registre

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
        services.add_from_library(referentiel, spec.get("library", []), author)
        _add_own_items(referentiel, spec.get("own", []), author)
        if spec["status"] == "validated":
            services.validate_referentiel(referentiel, author)
        created += 1
    return created


def _add_own_items(referentiel: Referentiel, items: list[dict[str, Any]], author: User) -> None:
    """A structure's own wording: `{registre, criterion, indicators: [{title, level, kind, unit}]}`."""
    for item in items:
        registre = referentiel.registres.filter(title=item["registre"]).first() or cast(
            Registre, services.add_item(Registre, parent=referentiel, user=author, title=item["registre"])
        )
        criterion = cast(
            Criterion, services.add_item(Criterion, parent=registre, user=author, title=item["criterion"])
        )
        for indicator in item.get("indicators", []):
            services.add_item(Indicator, parent=criterion, user=author, **indicator)
