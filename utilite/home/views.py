from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from utilite.accounts.http import AuthenticatedHttpRequest
from utilite.commons.models import CommonReferentiel
from utilite.fiches.models import Fiche
from utilite.measures.due import missing_now
from utilite.networks.models import Network
from utilite.organisations.enums import INSIDE_ROLES, MembershipRole
from utilite.organisations.models import Organisation, OrganisationQuerySet
from utilite.organisations.permissions import Access, access_for, can_view_synthesis
from utilite.referentiels.models import Referentiel
from utilite.wiki import reads as wiki_reads

from .method import Progress, progress_for

FOLLOWED_ON_HOME = 20  # structures a coordinator sees per network on the home page


def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A signed-in person's starting point: their structures, where each stands, the next step."""
    access = access_for(request.user)
    mine = _with_counts(Organisation.objects.filter(pk__in=access.organisation_roles))
    due = missing_now(mine, timezone.localdate())
    cards = [
        {
            "organisation": organisation,
            "role": MembershipRole(access.organisation_roles[organisation.pk]).label,
            "progress": _progress(organisation),
            "missing": due.get(organisation.pk),
        }
        for organisation in mine
    ]
    networks = list(
        Network.objects.filter(pk__in=access.coordinated_network_ids)
        .annotate(structure_count=Count("organisations", distinct=True))
        .order_by("name")
    )
    for network in networks:  # a first page each (the network's page lists them all)
        network.followed = [  # type: ignore[attr-defined]
            {"organisation": organisation, "progress": _progress(organisation)}
            for organisation in _with_counts(Organisation.objects.filter(network=network), limit=FOLLOWED_ON_HOME)
        ]
    context = {
        "cards": cards,
        "coordinated_networks": networks,
        "partner_networks": _partnered(request, access),
        "wiki_actions": wiki_reads.open_actions(assignee=request.user)[:20],
    }
    return render(request, "home/home.html", context)


def _partnered(request: AuthenticatedHttpRequest, access: Access) -> list[dict[str, Any]]:
    """For partners and funders: per network, what they may read (three queries in all)."""
    ids = [nid for nid in access.network_ids if access.partners(nid) and not access.coordinates(nid)]
    if not ids:
        return []
    networks = list(Network.objects.filter(pk__in=ids).order_by("name"))
    fiches = dict(
        Fiche.objects.shared_with_network()
        .filter(organisation__network__in=networks)
        .values("organisation__network")
        .annotate(n=Count("pk", distinct=True))
        .values_list("organisation__network", "n")
    )
    published = set(
        CommonReferentiel.objects.published().filter(network__in=networks).values_list("network", flat=True)
    )
    return [
        {
            "network": network,
            "synthesis": can_view_synthesis(request.user, network),
            "fiches": fiches.get(network.pk, 0),
            "common": network.pk in published,
        }
        for network in networks
    ]


def _with_counts(organisations: OrganisationQuerySet, *, limit: int | None = None) -> list[Organisation]:
    if limit is not None:  # the first ones by name (an index), counted alone: not every structure
        organisations = Organisation.objects.filter(pk__in=organisations.order_by("name", "pk").values("pk")[:limit])
    return list(
        organisations.select_related("network")
        .annotate(
            action_count=Count("actions", distinct=True),
            member_count=Count("memberships", filter=Q(memberships__role__in=INSIDE_ROLES), distinct=True),
            has_referentiel=Exists(Referentiel.objects.filter(organisation=OuterRef("pk"))),
            has_validated_referentiel=Exists(Referentiel.objects.validated().filter(organisation=OuterRef("pk"))),
        )
        .order_by("name", "pk")
    )


def _progress(organisation: Organisation) -> Progress:
    return progress_for(
        organisation,
        action_count=organisation.action_count,  # type: ignore[attr-defined]
        member_count=organisation.member_count,  # type: ignore[attr-defined]
        has_referentiel=organisation.has_referentiel,  # type: ignore[attr-defined]
        has_validated_referentiel=organisation.has_validated_referentiel,  # type: ignore[attr-defined]
    )
