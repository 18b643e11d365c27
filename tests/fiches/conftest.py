"""A fiche of structure A with a validated référentiel, a value, and testimonies of two scopes."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import CriterionFactory, IndicatorFactory, ReferentielFactory
from utilite.fiches import services
from utilite.measures.models import IndicatorValue
from utilite.testimonies.services import record_testimony


@pytest.fixture
def fiche(world):
    """Structure A with a validated référentiel, values, and testimonies of each consent scope."""
    referentiel = ReferentielFactory(organisation=world.org_a, validated=True)
    criterion = CriterionFactory(registre__referentiel=referentiel, registre__title="Lien social", title="Isolement")
    first = IndicatorFactory(criterion=criterion, title="Personnes venues seules", kind="count", target="40")
    IndicatorFactory(criterion=criterion, title="Ce qui a changé pour le quartier", kind="qualitative")
    IndicatorValue.objects.create(
        organisation=world.org_a,
        indicator_uid=first.uid,
        granularity="month",
        period_start=datetime.date(2026, 3, 1),
        value=Decimal(32),
    )
    common = {"organisation": world.org_a, "user": world.member_a, "collected_on": datetime.date(2026, 4, 2)}
    record_testimony(
        text="Je me sens moins seule le mardi.",
        consent_scope="funders",
        consent_on=datetime.date(2026, 4, 2),
        **common,
    )
    record_testimony(
        text="Secret de l'équipe.", consent_scope="internal", consent_on=datetime.date(2026, 4, 2), **common
    )
    fiche = services.create_fiche(
        organisation=world.org_a,
        user=world.member_a,
        title="Bilan 2026",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        stakes="Montrer que les **ateliers** créent du lien.",
    )
    return world, fiche, first


def url(name, fiche, **kwargs):
    return reverse(f"fiches:{name}", kwargs={"slug": fiche.organisation.slug, "pk": fiche.pk, **kwargs})
