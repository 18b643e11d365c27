"""Who may see, edit and validate a référentiel (built on the structures' rules)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.shortcuts import get_object_or_404

from utilite.core.permissions import require
from utilite.organisations.enums import MembershipRole
from utilite.organisations.models import Organisation
from utilite.organisations.permissions import access_for, can_change_organisation, can_contribute, can_view_private

from .enums import Sharing
from .models import Referentiel

if TYPE_CHECKING:
    from utilite.organisations.permissions import AnyUser


def can_view_referentiel(user: AnyUser, referentiel: Referentiel) -> bool:
    organisation = referentiel.organisation
    if can_view_private(user, organisation):
        return True
    return referentiel.sharing == Sharing.NETWORK and organisation.network_id in access_for(user).network_ids


def can_edit_referentiel(user: AnyUser, referentiel: Referentiel) -> bool:
    """The team and its facilitators edit drafts; a validated version is frozen."""
    return referentiel.is_draft and can_contribute(user, referentiel.organisation)


def can_validate_referentiel(user: AnyUser, referentiel: Referentiel) -> bool:
    return referentiel.is_draft and access_for(user).role_in(referentiel.organisation) == MembershipRole.ADMIN


def can_start_version(user: AnyUser, organisation: Organisation) -> bool:
    return can_contribute(user, organisation)


def referentiel_abilities(user: AnyUser, referentiel: Referentiel) -> dict[str, Any]:
    return {
        "view": can_view_referentiel(user, referentiel),
        "edit": can_edit_referentiel(user, referentiel),
        "validate": can_validate_referentiel(user, referentiel),
        "comment": can_contribute(user, referentiel.organisation),
        "new_version": not referentiel.is_draft and can_start_version(user, referentiel.organisation),
        "share": can_change_organisation(user, referentiel.organisation),
    }


def get_referentiel_or_404(user: AnyUser, organisation: Organisation, version: int) -> Referentiel:
    referentiel = get_object_or_404(Referentiel.objects.filter(organisation=organisation), version=version)
    referentiel.organisation = organisation
    require(can_view_referentiel(user, referentiel))
    return referentiel
