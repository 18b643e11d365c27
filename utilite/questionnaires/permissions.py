"""Who may see and change questionnaires and campaigns: the structure's private side, through
the organisations permission layer. Answering needs no account (see views/answering.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.shortcuts import get_object_or_404

from utilite.core.permissions import require
from utilite.organisations.models import Organisation
from utilite.organisations.permissions import can_contribute, get_organisation_or_404

from .models import Campaign, Questionnaire

if TYPE_CHECKING:
    from utilite.organisations.permissions import AnyUser


def get_questionnaire_or_404(
    user: AnyUser, slug: str, pk: int, *, edit: bool = False
) -> tuple[Organisation, Questionnaire]:
    organisation = get_organisation_or_404(user, slug, private=True)
    if edit:
        require(can_contribute(user, organisation))
    questionnaire = get_object_or_404(Questionnaire.objects.filter(organisation=organisation), pk=pk)
    questionnaire.organisation = organisation
    return organisation, questionnaire


def get_campaign_or_404(user: AnyUser, slug: str, pk: int, *, edit: bool = False) -> tuple[Organisation, Campaign]:
    organisation = get_organisation_or_404(user, slug, private=True)
    if edit:
        require(can_contribute(user, organisation))
    campaign = get_object_or_404(
        Campaign.objects.for_organisation(organisation).select_related("questionnaire", "action", "compared_with"),
        pk=pk,
    )
    campaign.questionnaire.organisation = organisation
    return organisation, campaign
