"""Who sees and changes fiches. The team works on them; a fiche published to the network is
read by the network's members, coordinators and partners (funders); a share link opens one
published version to anyone holding it, until revoked or expired."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.shortcuts import get_object_or_404

from utilite.core.permissions import require
from utilite.organisations.models import Organisation
from utilite.organisations.permissions import (
    can_contribute,
    can_view_organisation,
    can_view_private,
    get_organisation_or_404,
)

from .models import Fiche

if TYPE_CHECKING:
    from utilite.organisations.permissions import AnyUser


def can_view_fiche(user: AnyUser, fiche: Fiche) -> bool:
    if can_view_private(user, fiche.organisation):
        return True
    return fiche.shared and fiche.versions.exists() and can_view_organisation(user, fiche.organisation)


def fiche_abilities(user: AnyUser, fiche: Fiche) -> dict[str, bool]:
    """What a fiche's page may offer: its team writes, publishes and shares it."""
    return {"view": can_view_fiche(user, fiche), "edit": can_contribute(user, fiche.organisation)}


def get_fiche_or_404(user: AnyUser, slug: str, pk: int, *, edit: bool = False) -> tuple[Organisation, Fiche]:
    organisation = get_organisation_or_404(user, slug)
    fiche = get_object_or_404(Fiche.objects.filter(organisation=organisation).select_related("action"), pk=pk)
    fiche.organisation = organisation
    require(can_contribute(user, organisation) if edit else can_view_fiche(user, fiche))
    return organisation, fiche
