"""Demonstration common référentiel: the coordinator drafts it from the seven structures that
shared their référentiel, publishes it; Parlons-en ! and Vivre la Rue adopt its indicator of
people reached regularly and enter a year of values; the Foyer Laïque maps its own criteria;
Ar Vag + Infini maps nothing, and its criteria show as specific."""

from __future__ import annotations

import datetime
from typing import cast

from django.db import transaction
from django.utils import timezone

from utilite.accounts.models import User
from utilite.measures.models import IndicatorValue
from utilite.networks.models import Network
from utilite.referentiels import services as referentiels
from utilite.referentiels.models import Criterion, Indicator

from . import services, similarity
from .models import CommonCriterion, CommonIndicator, CommonReferentiel

COORDINATOR = "coordination@demo.example"

# dimension position → common criteria: (title, words found in the structures' criteria, indicators)
PLAN: dict[int, list[tuple[str, list[str], list[dict[str, object]]]]] = {
    0: [
        (
            "Confiance en soi et autonomie",
            ["confiance", "autonomie", "estime"],
            [
                {
                    "title": "Score moyen d'estime de soi (Rosenberg)",
                    "level": "result",
                    "indicator_kind": "scale",
                    "unit": "points (10 à 40)",
                    "aggregation": "mean",
                },
            ],
        )
    ],
    1: [
        (
            "Lien social et rupture de l'isolement",
            ["lien", "isolement", "rencontre", "liens"],
            [
                {
                    "title": "Personnes accompagnées régulièrement",
                    "level": "realisation",
                    "indicator_kind": "count",
                    "unit": "personnes",
                    "aggregation": "sum",
                    "counts_people": True,
                    "definition": "Personnes venues au moins trois fois sur la période, comptées sans leur nom.",
                },
                {
                    "title": "Score moyen de solitude (UCLA, 3 questions)",
                    "level": "result",
                    "indicator_kind": "scale",
                    "unit": "points (3 à 9)",
                    "aggregation": "mean",
                },
            ],
        )
    ],
    2: [
        (
            "Accès aux droits",
            ["droits", "demarches"],
            [
                {
                    "title": "Démarches administratives menées à bien",
                    "level": "result",
                    "indicator_kind": "count",
                    "unit": "démarches",
                    "aggregation": "sum",
                }
            ],
        )
    ],
    3: [
        (
            "Expression et esprit critique",
            ["expression", "parole", "critique"],
            [
                {
                    "title": "Habitants qui publient leurs propres contenus",
                    "level": "result",
                    "indicator_kind": "count",
                    "unit": "personnes",
                    "aggregation": "distribution",
                    "counts_people": True,
                }
            ],
        )
    ],
}
ADOPTERS = ["parlons-en", "vivre-la-rue"]
MAPPED = "foyer-laique-saint-marc"


@transaction.atomic
def load_demo_commons(network: Network) -> int:
    coordinator = User.objects.filter(email=COORDINATOR).first()
    if coordinator is None or network.common_referentiels.exists():
        return 0
    draft = services.start_common(network, coordinator)
    shared = similarity.shared_criteria(network)
    dimensions = list(draft.dimensions.order_by("position"))
    for position, criteria in PLAN.items():
        for title, keywords, indicators in criteria:
            common = cast(
                CommonCriterion,
                services.add_item("criterion", parent=dimensions[position], user=coordinator, title=title),
            )
            sources = [c for c in shared if similarity.words(c.title) & {word[:6] for word in keywords}]
            services.set_sources(common, sources)
            for fields in indicators:
                services.add_item("indicator", parent=common, user=coordinator, **fields)
    services.add_comment(
        network,
        author=coordinator,
        body="Proposition : garder les quatre dimensions du référentiel de 2015 et partir des critères partagés.",
        kind="proposal",
    )
    published = services.publish(
        draft, coordinator, change_note="Première version, tirée des référentiels de sept structures."
    )
    regular = CommonIndicator.objects.get(
        criterion__dimension__referentiel=published, title="Personnes accompagnées régulièrement"
    )
    _adopt_and_fill(network, regular, coordinator)
    _map_own(network, published, coordinator)
    network.synthesis_for_partners = True  # the funder's login reads the synthesis
    network.save(update_fields=["synthesis_for_partners", "updated_at"])
    return 1


def _adopt_and_fill(network: Network, common: CommonIndicator, user: User) -> None:
    today = timezone.localdate()
    for index, slug in enumerate(ADOPTERS):
        organisation = network.organisations.get(slug=slug)
        draft = services.adopt(organisation, common, user=user)
        referentiels.validate_referentiel(draft, user)
        own = Indicator.objects.get(criterion__registre__referentiel=draft, title=common.title)
        for months_ago in range(12):
            month = (today.replace(day=1) - datetime.timedelta(days=31 * months_ago)).replace(day=1)
            IndicatorValue.objects.get_or_create(
                organisation=organisation,
                indicator_uid=own.uid,
                granularity="month",
                period_start=month,
                defaults={"value": 8 + index * 5 + months_ago % 4, "updated_by": user},
            )


def _map_own(network: Network, published: CommonReferentiel, user: User) -> None:
    organisation = network.organisations.get(slug=MAPPED)
    latest = organisation.referentiels.latest_validated()
    if latest is None:
        return
    commons = {c.title: c for c in CommonCriterion.objects.filter(dimension__referentiel=published)}
    for criterion in Criterion.objects.filter(registre__referentiel=latest):
        if "isolement" in criterion.title.lower():
            services.map_item(organisation, criterion, commons["Lien social et rupture de l'isolement"], user=user)
        elif "autonomie" in criterion.title.lower() or "estime" in criterion.title.lower():
            services.map_item(organisation, criterion, commons["Confiance en soi et autonomie"], user=user)
    loneliness = CommonIndicator.objects.get(
        criterion__dimension__referentiel=published, indicator_kind="scale", unit="points (3 à 9)"
    )
    for indicator in Indicator.objects.filter(criterion__registre__referentiel=latest, title__icontains="UCLA"):
        services.map_item(organisation, indicator, loneliness, user=user)
