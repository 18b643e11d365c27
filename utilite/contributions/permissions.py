"""Who may do what with co-publication. The structure's team (and its facilitators) runs the
sessions and reviews what is proposed; the network's coordinators may also unpublish. Drafts
and proposals are never seen outside the team; the public sees what is published for it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.shortcuts import get_object_or_404

from utilite.core.permissions import require
from utilite.organisations.permissions import access_for, can_contribute, get_organisation_or_404

from .models import Contribution, Session

if TYPE_CHECKING:
    from utilite.organisations.models import Organisation
    from utilite.organisations.permissions import AnyUser


def can_moderate(user: AnyUser, organisation: Organisation) -> bool:
    return can_contribute(user, organisation) or access_for(user).coordinates(organisation.network_id)


def get_moderated_organisation_or_404(user: AnyUser, slug: str) -> Organisation:
    organisation = get_organisation_or_404(user, slug, private=True)
    require(can_moderate(user, organisation))
    return organisation


def get_session_or_404(user: AnyUser, slug: str, pk: int) -> tuple[Organisation, Session]:
    organisation = get_moderated_organisation_or_404(user, slug)
    return organisation, get_object_or_404(Session, organisation=organisation, pk=pk)


def get_contribution_or_404(user: AnyUser, slug: str, pk: int) -> tuple[Organisation, Contribution]:
    organisation = get_moderated_organisation_or_404(user, slug)
    contribution = get_object_or_404(Contribution.objects.select_related("place"), organisation=organisation, pk=pk)
    return organisation, contribution
