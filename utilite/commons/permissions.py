"""Who drafts the common référentiel, who comments, who publishes, who reads the synthesis.

Drafting belongs to the network's coordinators and facilitators; every team of the network may
comment and propose; only a coordinator publishes. The synthesis is for coordinators and
facilitators, and for the network's partners when the network allows it. A published version
is public."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from utilite.core.permissions import require
from utilite.networks.models import Network
from utilite.organisations.permissions import (
    access_for,
    can_comment_common_work,
    can_shape_common_work,
    can_view_synthesis,
    get_network_or_404,
)

if TYPE_CHECKING:
    from utilite.organisations.permissions import AnyUser

    Rule = Callable[[AnyUser, Network], bool]


can_draft = can_shape_common_work
can_comment = can_comment_common_work


def can_publish(user: AnyUser, network: Network) -> bool:
    return access_for(user).coordinates(network.pk)


def common_work_abilities(user: AnyUser, network: Network) -> dict[str, bool]:
    """What the pages of the common référentiel and the synthesis may offer this user."""
    return {
        "draft": can_draft(user, network),
        "comment": can_comment(user, network),
        "publish": can_publish(user, network),
        "synthesis": can_view_synthesis(user, network),
    }


def get_network_for(user: AnyUser, slug: str, rule: Rule) -> Network:
    """The network if `rule` (one of the `can_…` above) lets the user in, else 404."""
    network = get_network_or_404(user, slug)
    require(rule(user, network))
    return network
