import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.conftest import client_for
from tests.factories import IndicatorFactory, ReferentielFactory
from utilite.activities.services import log_activity
from utilite.measures.models import CollectionPlan, IndicatorValue, StructureScenario
from utilite.referentiels.models import Indicator

pytestmark = pytest.mark.django_db
NOVEMBER = {"periode": "month", "p": "2026-11"}


def url(name, organisation):
    return reverse(f"measures:{name}", kwargs={"slug": organisation.slug})


def validated_indicator(world):
    return Indicator.objects.get(
        criterion__registre__referentiel__organisation=world.org_b, criterion__registre__referentiel__version=1
    )


def test_without_a_validated_referentiel_collection_is_explained(world):
    page = client_for(world.member_a).get(url("grid", world.org_a)).content.decode()
    assert "La collecte commence une fois une version du référentiel validée." in page


def test_plan_each_indicator_and_the_uses(world):
    indicator = validated_indicator(world)
    client = client_for(world.admin_b)
    prefix = f"i{indicator.pk}"
    response = client.post(
        url("plan", world.org_b),
        {
            f"{prefix}-period_type": "quarterly",
            f"{prefix}-instrument": "Feuille d'émargement",
            f"{prefix}-responsible": "Animatrice",
            f"{prefix}-computed_from": "",
            "scenarios": ["reporting", "steering"],
        },
    )
    assert response.status_code == 302
    plan = CollectionPlan.objects.get(organisation=world.org_b, indicator_uid=indicator.uid)
    assert (plan.period_type, plan.instrument) == ("quarterly", "Feuille d'émargement")
    assert set(StructureScenario.objects.filter(organisation=world.org_b).values_list("code", flat=True)) == {
        "reporting",
        "steering",
    }
    quarterly = client.get(url("grid", world.org_b), {"periode": "quarter", "p": "2026-Q4"}).content.decode()
    assert "Nombre de participants" in quarterly
    assert "Nombre de participants" not in client.get(url("grid", world.org_b), NOVEMBER).content.decode()


def test_realisation_indicator_fills_itself_from_sessions(world):
    indicator = validated_indicator(world)
    CollectionPlan.objects.create(
        organisation=world.org_b, indicator_uid=indicator.uid, period_type="monthly", computed_from="participants"
    )
    log_activity(organisation=world.org_b, user=world.admin_b, participants=6, date=datetime.date(2026, 11, 3))
    log_activity(organisation=world.org_b, user=world.admin_b, participants=4, date=datetime.date(2026, 11, 24))
    log_activity(organisation=world.org_b, user=world.admin_b, participants=9, date=datetime.date(2026, 10, 24))
    page = client_for(world.employee_b).get(url("grid", world.org_b), NOVEMBER).content.decode()
    assert '<strong class="figure">10</strong>' in page


def test_enter_values_keeps_history_and_refuses_bad_input(world):
    indicator = validated_indicator(world)
    client = client_for(world.admin_b)
    prefix = f"i{indicator.pk}"
    response = client.post(url("grid", world.org_b) + "?periode=month&p=2026-11", {f"{prefix}-value": "douze"})
    assert "Saisissez un nombre." in response.content.decode()
    assert not IndicatorValue.objects.exists()
    client.post(
        url("grid", world.org_b) + "?periode=month&p=2026-11",
        {f"{prefix}-value": "12", f"{prefix}-source": "Émargement"},
    )
    value = IndicatorValue.objects.get()
    assert (value.value, value.period_start, value.updated_by) == (
        Decimal(12),
        datetime.date(2026, 11, 1),
        world.admin_b,
    )
    client_for(world.employee_b).post(
        url("grid", world.org_b) + "?periode=month&p=2026-11",
        {f"{prefix}-value": "14", f"{prefix}-source": "Émargement", f"{prefix}-revision": "1"},
    )
    value.refresh_from_db()
    assert value.value == Decimal(14)
    change = value.changes.get()
    assert (change.previous_value, change.changed_by) == (Decimal(12), world.employee_b)


def test_second_writer_of_a_period_gets_a_conflict(world):
    indicator = validated_indicator(world)
    prefix = f"i{indicator.pk}"
    grid = url("grid", world.org_b) + "?periode=month&p=2026-11"
    client_for(world.admin_b).post(grid, {f"{prefix}-value": "12"})
    client_for(world.admin_b).post(grid, {f"{prefix}-value": "13", f"{prefix}-revision": "1"})
    response = client_for(world.employee_b).post(grid, {f"{prefix}-value": "99", f"{prefix}-revision": "1"})
    assert response.status_code == 409
    assert IndicatorValue.objects.get().value == Decimal(13)


def test_percentages_stay_between_0_and_100(world):
    referentiel = ReferentielFactory(organisation=world.org_a, validated=True)
    indicator = IndicatorFactory(criterion__registre__referentiel=referentiel, kind="percentage")
    response = client_for(world.member_a).post(
        url("grid", world.org_a) + "?periode=month&p=2026-11", {f"i{indicator.pk}-value": "120"}
    )
    assert "Un pourcentage est compris entre 0 et 100." in response.content.decode()
