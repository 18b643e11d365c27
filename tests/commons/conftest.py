"""Three structures of the network with validated référentiels shared with it, a fourth kept
private, and a published common référentiel with an indicator counting people."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from tests.factories import CriterionFactory, IndicatorFactory, OrganisationFactory, ReferentielFactory
from utilite.commons import services
from utilite.commons.models import CommonCriterion, CommonIndicator, CommonReferentiel
from utilite.measures.models import IndicatorValue


@dataclass
class Network:
    world: object
    shared: list  # organisations whose référentiel is shared
    private: object
    common: CommonReferentiel
    lien: CommonCriterion
    people: CommonIndicator


def shared_structure(world, name, criterion, indicator="Personnes venues", unit="personnes", sharing="network"):
    organisation = OrganisationFactory(network=world.network, name=name)
    referentiel = ReferentielFactory(organisation=organisation, validated=True, sharing=sharing)
    own = CriterionFactory(registre__referentiel=referentiel, registre__title="Vivre ensemble", title=criterion)
    IndicatorFactory(criterion=own, title=indicator, kind="count", unit=unit)
    return organisation


def add_values(organisation, indicator_uid, values, year=2026):
    for month, value in enumerate(values, start=1):
        IndicatorValue.objects.create(
            organisation=organisation,
            indicator_uid=indicator_uid,
            granularity="month",
            period_start=datetime.date(year, month, 1),
            value=Decimal(value),
        )


def publish_common(world):
    draft = services.start_common(world.network, world.coordinator)
    lien = services.add_item(
        "criterion", parent=draft.dimensions.get(position=1), user=world.coordinator, title="Lien social"
    )
    people = services.add_item(
        "indicator",
        parent=lien,
        user=world.coordinator,
        title="Personnes accompagnées",
        indicator_kind="count",
        unit="personnes",
        aggregation="sum",
        counts_people=True,
    )
    return services.publish(draft, world.coordinator), lien, people


@pytest.fixture
def territory(world):
    shared = [
        shared_structure(world, "Les Lucioles", "Lien social et isolement"),
        shared_structure(world, "La Passerelle", "Liens entre habitants"),
        shared_structure(world, "Le Phare", "Ouverture vers l'extérieur", indicator="Sorties", unit="sorties"),
    ]
    private = shared_structure(world, "La Cachée", "Lien social secret", sharing="private")
    common, lien, people = publish_common(world)
    return Network(world, shared, private, common, lien, people)
