"""Load a network (structures, actions, people, roles) from a plain description.

A description is a `NetworkSpec`: read from a version-controlled TOML file for the demo
(`data/demo/brest.toml`), or built in code by a generator (see `benchmarks/`) to make a
synthetic network of any size. Loading is idempotent: running it again updates what exists.
"""

from __future__ import annotations

import datetime
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from utilite.accounts.models import User
from utilite.networks.models import Network, NetworkMembership

from .models import Action, Membership, Organisation, PublicGroup, Sector

DEMO_FILE = Path(__file__).resolve().parent / "data" / "demo" / "brest.toml"


@dataclass
class UserSpec:
    email: str
    full_name: str
    network_role: str = ""
    label: str = ""


@dataclass
class ActionSpec:
    title: str
    description: str = ""
    publics: list[str] = field(default_factory=list)
    rhythm: str = ""
    place: str = ""
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    visibility: str = "private"


@dataclass
class OrganisationSpec:
    slug: str
    name: str
    kind: str
    description: str = ""
    sectors: list[str] = field(default_factory=list)
    publics: list[str] = field(default_factory=list)
    district: str = ""
    street_address: str = ""
    postal_code: str = ""
    city: str = ""
    contact_email: str = ""
    website: str = ""
    members: list[dict[str, str]] = field(default_factory=list)
    actions: list[ActionSpec] = field(default_factory=list)


@dataclass
class NetworkSpec:
    slug: str
    name: str
    territory: str = ""
    description: str = ""
    is_demo: bool = False
    password: str = ""
    users: list[UserSpec] = field(default_factory=list)
    organisations: list[OrganisationSpec] = field(default_factory=list)


def read_spec(path: Path = DEMO_FILE) -> NetworkSpec:
    data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    organisations = [
        OrganisationSpec(**{**org, "actions": [ActionSpec(**action) for action in org.get("actions", [])]})
        for org in data.get("organisations", [])
    ]
    return NetworkSpec(
        **data["network"],
        password=data.get("password", ""),
        users=[UserSpec(**user) for user in data.get("users", [])],
        organisations=organisations,
    )


@transaction.atomic
def load_network(spec: NetworkSpec) -> Network:
    network, _ = Network.objects.update_or_create(
        slug=spec.slug,
        defaults={
            "name": spec.name,
            "territory": spec.territory,
            "description": spec.description,
            "is_demo": spec.is_demo,
        },
    )
    users = {user_spec.email: _load_user(user_spec, spec.password) for user_spec in spec.users}
    for user_spec in spec.users:
        if user_spec.network_role:
            NetworkMembership.objects.update_or_create(
                network=network, user=users[user_spec.email], defaults={"role": user_spec.network_role}
            )
    sectors = {sector.slug: sector for sector in Sector.objects.all()}
    publics = {public.slug: public for public in PublicGroup.objects.all()}
    for org_spec in spec.organisations:
        _load_organisation(network, org_spec, users, sectors, publics)
    return network


def _load_user(spec: UserSpec, password: str) -> User:
    user, created = User.objects.get_or_create(email=spec.email, defaults={"full_name": spec.full_name})
    if created:
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _load_organisation(
    network: Network,
    spec: OrganisationSpec,
    users: dict[str, User],
    sectors: dict[str, Sector],
    publics: dict[str, PublicGroup],
) -> Organisation:
    fields = {
        name: getattr(spec, name)
        for name in ("name", "kind", "description", "district", "street_address", "postal_code", "city")
    } | {"contact_email": spec.contact_email, "website": spec.website}
    organisation, _ = Organisation.objects.update_or_create(slug=spec.slug, network=network, defaults=fields)
    organisation.sectors.set([sectors[slug] for slug in spec.sectors])
    organisation.publics.set([publics[slug] for slug in spec.publics])
    for member in spec.members:
        Membership.objects.update_or_create(
            organisation=organisation, user=users[member["email"]], defaults={"role": member["role"]}
        )
    for action_spec in spec.actions:
        action, _ = Action.objects.update_or_create(
            organisation=organisation,
            title=action_spec.title,
            defaults={
                "description": action_spec.description,
                "rhythm": action_spec.rhythm,
                "place": action_spec.place,
                "start_date": action_spec.start_date,
                "end_date": action_spec.end_date,
                "visibility": action_spec.visibility,
            },
        )
        action.publics.set([publics[slug] for slug in action_spec.publics])
    return organisation
