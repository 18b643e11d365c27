"""Who may do what with a network's structures.

Every rule is a small predicate taking the user and the object. They all read one `Access`
record, loaded once per request with two queries, so checking many objects costs no query.
Views fetch objects with the `get_*_or_404` helpers: a user who may not see something gets a
404, never a hint that it exists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.shortcuts import get_object_or_404

from utilite.core.permissions import require
from utilite.networks.enums import NetworkRole
from utilite.networks.models import Network, NetworkMembership

from .enums import TEAM_ROLES, MembershipRole, Visibility
from .models import Action, Membership, Organisation

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from utilite.accounts.models import User

    AnyUser = User | AnonymousUser


@dataclass(frozen=True)
class Access:
    """What one user holds: a role per structure, a role per network."""

    organisation_roles: dict[int, str] = field(default_factory=dict)
    network_roles: dict[int, str] = field(default_factory=dict)
    # Networks reached through a structure membership.
    member_network_ids: frozenset[int] = frozenset()
    # The structure roles held in each network.
    roles_by_network: dict[int, frozenset[str]] = field(default_factory=dict)
    # Networks that require a second factor from their coordinators and facilitators.
    strict_network_ids: frozenset[int] = frozenset()

    @property
    def second_factor_required(self) -> bool:
        return any(self.coordinates(nid) or self.facilitates_in(nid) for nid in self.strict_network_ids)

    @property
    def network_ids(self) -> frozenset[int]:
        return self.member_network_ids | frozenset(self.network_roles)

    @property
    def coordinated_network_ids(self) -> frozenset[int]:
        return frozenset(nid for nid, role in self.network_roles.items() if role == NetworkRole.COORDINATOR)

    @property
    def team_organisation_ids(self) -> frozenset[int]:
        return frozenset(oid for oid, role in self.organisation_roles.items() if role in TEAM_ROLES)

    def role_in(self, organisation: Organisation) -> str | None:
        return self.organisation_roles.get(organisation.pk)

    def coordinates(self, network_id: int) -> bool:
        return network_id in self.coordinated_network_ids

    def facilitates_in(self, network_id: int) -> bool:
        return MembershipRole.FACILITATOR in self.roles_by_network.get(network_id, frozenset())

    def works_in(self, network_id: int) -> bool:
        """A member of a structure's team in this network (facilitators included)."""
        return bool(self.roles_by_network.get(network_id, frozenset()) & TEAM_ROLES)

    def partners(self, network_id: int) -> bool:
        return self.network_roles.get(
            network_id
        ) == NetworkRole.PARTNER or MembershipRole.PARTNER in self.roles_by_network.get(network_id, frozenset())


_NO_ACCESS = Access()
_CACHE_ATTRIBUTE = "_utilite_access"


def access_for(user: AnyUser) -> Access:
    """The user's roles, loaded once and kept on the user object for the rest of the request."""
    if not user.is_authenticated or not user.is_active:
        return _NO_ACCESS
    cached: Access | None = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        memberships = list(
            Membership.objects.filter(user=user).values_list(
                "organisation_id", "organisation__network_id", "role", "organisation__network__second_factor_required"
            )
        )
        roles_by_network: dict[int, set[str]] = {}
        for _org_id, network_id, role, _strict in memberships:
            roles_by_network.setdefault(network_id, set()).add(role)
        network_rows = list(
            NetworkMembership.objects.filter(user=user).values_list(
                "network_id", "role", "network__second_factor_required"
            )
        )
        strict = {network_id for _org, network_id, _role, flag in memberships if flag}
        strict |= {network_id for network_id, _role, flag in network_rows if flag}
        cached = Access(
            organisation_roles={org_id: role for org_id, _network_id, role, _strict in memberships},
            network_roles={network_id: role for network_id, role, _flag in network_rows},
            member_network_ids=frozenset(network_id for _org_id, network_id, _role, _strict in memberships),
            roles_by_network={network_id: frozenset(roles) for network_id, roles in roles_by_network.items()},
            strict_network_ids=frozenset(strict),
        )
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def forget_access(user: AnyUser) -> None:
    """Call after changing someone's roles within the same request."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


# --- Networks ---------------------------------------------------------------------------


def can_view_network(user: AnyUser, network: Network) -> bool:
    return network.pk in access_for(user).network_ids


def can_add_organisation(user: AnyUser, network: Network) -> bool:
    return access_for(user).coordinates(network.pk)


def can_shape_common_work(user: AnyUser, network: Network) -> bool:
    """Draft the network's common référentiel: its coordinators and facilitators."""
    access = access_for(user)
    return access.coordinates(network.pk) or access.facilitates_in(network.pk)


def can_comment_common_work(user: AnyUser, network: Network) -> bool:
    """Comment and propose on it: also every structure team of the network."""
    return can_shape_common_work(user, network) or access_for(user).works_in(network.pk)


def network_abilities(user: AnyUser, network: Network) -> dict[str, bool]:
    """What the network's pages may offer this user (its directory and its shared work)."""
    return {
        "view": can_view_network(user, network),
        "coordinate": access_for(user).coordinates(network.pk),
        "add_organisation": can_add_organisation(user, network),
        "shape_common_work": can_shape_common_work(user, network),
        "comment_common_work": can_comment_common_work(user, network),
        "view_synthesis": can_view_synthesis(user, network),
    }


def can_view_synthesis(user: AnyUser, network: Network) -> bool:
    """The territory synthesis: those who shape the common work, and the network's partners
    when the network allows it."""
    if can_shape_common_work(user, network):
        return True
    return network.synthesis_for_partners and access_for(user).partners(network.pk)


# --- Structures -------------------------------------------------------------------------


def can_view_organisation(user: AnyUser, organisation: Organisation) -> bool:
    """A structure's identity card is visible to everyone taking part in its network."""
    return organisation.network_id in access_for(user).network_ids


def can_view_private(user: AnyUser, organisation: Organisation) -> bool:
    """Private data (team, private actions, work in progress): the team, facilitators, coordinators."""
    access = access_for(user)
    return organisation.pk in access.team_organisation_ids or access.coordinates(organisation.network_id)


def can_change_organisation(user: AnyUser, organisation: Organisation) -> bool:
    access = access_for(user)
    return access.role_in(organisation) == MembershipRole.ADMIN or access.coordinates(organisation.network_id)


def can_manage_members(user: AnyUser, organisation: Organisation) -> bool:
    return can_change_organisation(user, organisation)


def can_contribute(user: AnyUser, organisation: Organisation) -> bool:
    """Describe actions and, later, fill in the structure's evaluation work."""
    return access_for(user).role_in(organisation) in TEAM_ROLES


def invitable_roles(user: AnyUser, organisation: Organisation) -> list[MembershipRole]:
    """Structure admins invite their team and partners; coordinators may also add facilitators."""
    access = access_for(user)
    if access.coordinates(organisation.network_id):
        return list(MembershipRole)
    if access.role_in(organisation) == MembershipRole.ADMIN:
        return [role for role in MembershipRole if role != MembershipRole.FACILITATOR]
    return []


def organisation_abilities(user: AnyUser, organisation: Organisation) -> dict[str, Any]:
    """What the pages may offer this user for this structure (drives views and templates)."""
    return {
        "view": can_view_organisation(user, organisation),
        "view_private": can_view_private(user, organisation),
        "change": can_change_organisation(user, organisation),
        "manage_members": can_manage_members(user, organisation),
        "contribute": can_contribute(user, organisation),
    }


# --- Fetching ---------------------------------------------------------------------------


def get_network_or_404(user: AnyUser, slug: str) -> Network:
    network = get_object_or_404(Network, slug=slug)
    require(can_view_network(user, network))
    return network


def get_team_organisation_or_404(user: AnyUser, slug: str) -> Organisation:
    """The structure if the user works on it (its team or a facilitator), else 404."""
    organisation = get_organisation_or_404(user, slug, private=True)
    require(can_contribute(user, organisation))
    return organisation


def get_organisation_or_404(user: AnyUser, slug: str, *, private: bool = False) -> Organisation:
    """The structure if the user may see it (its private side when `private`), else 404."""
    organisation = get_object_or_404(Organisation.objects.select_related("network"), slug=slug)
    require(can_view_private(user, organisation) if private else can_view_organisation(user, organisation))
    return organisation


# --- Actions ----------------------------------------------------------------------------


def can_view_action(user: AnyUser, action: Action) -> bool:
    if action.visibility == Visibility.NETWORK:
        return can_view_organisation(user, action.organisation)
    return can_view_private(user, action.organisation)


def can_change_action(user: AnyUser, action: Action) -> bool:
    return can_contribute(user, action.organisation)


def action_abilities(user: AnyUser, action: Action) -> dict[str, Any]:
    return {"view": can_view_action(user, action), "change": can_change_action(user, action)}


def get_action_or_404(user: AnyUser, organisation: Organisation, pk: int) -> Action:
    action = get_object_or_404(Action.objects.filter(organisation=organisation), pk=pk)
    action.organisation = organisation
    require(can_view_action(user, action))
    return action
