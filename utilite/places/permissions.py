"""Who may do what with the directory. Reading it is public; a structure's team keeps its own
places up to date, the network's coordinators keep all of them (and import, export, remind)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.shortcuts import get_object_or_404

from utilite.core.permissions import require
from utilite.networks.models import Network
from utilite.organisations.models import Organisation
from utilite.organisations.permissions import access_for, can_view_network, get_network_or_404

from .models import Place

if TYPE_CHECKING:
    from utilite.organisations.permissions import AnyUser


def can_edit_place(user: AnyUser, place: Place) -> bool:
    access = access_for(user)
    return access.coordinates(place.network_id) or (
        place.organisation_id is not None and place.organisation_id in access.team_organisation_ids
    )


def can_add_place(user: AnyUser, network: Network) -> bool:
    access = access_for(user)
    return access.coordinates(network.pk) or access.works_in(network.pk)


def can_manage_directory(user: AnyUser, network: Network) -> bool:
    """Import, start the yearly campaign, see every report: the coordinators."""
    return access_for(user).coordinates(network.pk)


def editable_organisations(user: AnyUser, network: Network) -> list[Organisation]:
    """The structures a place may be attached to by this user."""
    access = access_for(user)
    structures = Organisation.objects.filter(network=network).order_by("name", "pk")
    if not access.coordinates(network.pk):
        structures = structures.filter(pk__in=access.team_organisation_ids)
    return list(structures)


def directory_abilities(user: AnyUser, network: Network) -> dict[str, bool]:
    return {
        "professional": can_view_network(user, network),
        "add": can_add_place(user, network),
        "manage": can_manage_directory(user, network),
    }


def place_abilities(user: AnyUser, place: Place) -> dict[str, bool]:
    return {"professional": can_view_network(user, place.network), "edit": can_edit_place(user, place)}


def get_public_place_or_404(slug: str, pk: int) -> Place:
    places = Place.objects.select_related("network", "organisation", "public_fiche__fiche")
    return get_object_or_404(places, network__slug=slug, pk=pk)


def get_editable_place_or_404(user: AnyUser, slug: str, pk: int) -> Place:
    place = get_public_place_or_404(slug, pk)
    require(can_edit_place(user, place))
    return place


def get_directory_network_or_404(user: AnyUser, slug: str) -> Network:
    """The network, for the people of the network (its professional pages)."""
    return get_network_or_404(user, slug)
