"""Who reads and writes a wiki space. The network's space: the teams of its structures and its
coordinators. A structure's space: its team. A working group: its members, and the network's
coordinators who run the network. Anyone else gets a 404 — on pages, attachments, history and
exports alike; a page made public is read by everyone at its public address."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from utilite.core.permissions import require
from utilite.networks.models import Network
from utilite.organisations.permissions import access_for

from .enums import GroupRole, SpaceKind
from .models import GroupMember, Page, Space

if TYPE_CHECKING:
    from utilite.organisations.permissions import AnyUser


def readable_spaces(user: AnyUser, network: Network) -> QuerySet[Space]:
    """The spaces of `network` the user works in (two queries at most, whatever their number)."""
    access = access_for(user)
    if network.pk not in access.network_ids:
        return Space.objects.none()
    rule = Q(kind=SpaceKind.GROUP, members__user=user)
    if access.coordinates(network.pk):
        rule |= Q(kind__in=[SpaceKind.NETWORK, SpaceKind.GROUP])
    elif access.works_in(network.pk):
        rule |= Q(kind=SpaceKind.NETWORK)
    rule |= Q(kind=SpaceKind.STRUCTURE, organisation__in=access.team_organisation_ids)
    return Space.objects.filter(rule, network=network).distinct()


def can_use(user: AnyUser, space: Space) -> bool:
    access = access_for(user)
    if space.kind == SpaceKind.NETWORK:
        return access.coordinates(space.network_id) or access.works_in(space.network_id)
    if space.kind == SpaceKind.STRUCTURE:
        return space.organisation_id in access.team_organisation_ids
    return access.coordinates(space.network_id) or (  # a member who left the network leaves its groups
        space.network_id in access.network_ids and GroupMember.objects.filter(space=space, user=user.pk).exists()
    )


def can_run_group(user: AnyUser, space: Space) -> bool:
    """Add and remove members of a working group: its coordinators and the network's."""
    return space.kind == SpaceKind.GROUP and (
        access_for(user).coordinates(space.network_id)
        or GroupMember.objects.filter(space=space, user=user.pk, role=GroupRole.COORDINATOR).exists()
    )


def get_space_or_404(user: AnyUser, network_slug: str, space_slug: str) -> Space:
    space = get_object_or_404(
        Space.objects.select_related("network", "organisation"), network__slug=network_slug, slug=space_slug
    )
    require(can_use(user, space))
    return space


def get_page_or_404(user: AnyUser, network_slug: str, space_slug: str, page_slug: str) -> tuple[Space, Page]:
    space = get_space_or_404(user, network_slug, space_slug)
    return space, get_object_or_404(Page, space=space, slug=page_slug)
