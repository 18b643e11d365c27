"""Who runs workshops: the structure's administrators and facilitators (and the network's
coordinators); the rest of the team follows the board. Participants need no account: the code
of an open workshop is their only key."""

from __future__ import annotations

from typing import TYPE_CHECKING

from utilite.organisations.enums import MembershipRole
from utilite.organisations.models import Organisation
from utilite.organisations.permissions import access_for, can_contribute

if TYPE_CHECKING:
    from utilite.organisations.permissions import AnyUser


def workshop_abilities(user: AnyUser, organisation: Organisation) -> dict[str, bool]:
    """What the workshop pages of a structure may offer: its team follows, some run them."""
    return {"follow": can_contribute(user, organisation), "run": can_run_workshops(user, organisation)}


def can_run_workshops(user: AnyUser, organisation: Organisation) -> bool:
    access = access_for(user)
    role = access.role_in(organisation)
    return role in {MembershipRole.ADMIN, MembershipRole.FACILITATOR} or access.coordinates(organisation.network_id)
