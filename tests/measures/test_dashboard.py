import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import client_for
from tests.factories import ActionFactory, CriterionFactory, IndicatorFactory, ReferentielFactory
from utilite.activities.services import log_activity
from utilite.measures.models import CollectionPlan, IndicatorValue

pytestmark = pytest.mark.django_db


def url(organisation):
    return reverse("measures:dashboard", kwargs={"slug": organisation.slug})


@pytest.fixture
def dashboard_world(world):
    referentiel = ReferentielFactory(
        organisation=world.org_a, validated=True, validated_at=timezone.now() - datetime.timedelta(days=400)
    )
    criterion = CriterionFactory(registre__referentiel=referentiel, registre__title="Lien social", title="Isolement")
    entered = IndicatorFactory(criterion=criterion, title="Score de solitude", kind="scale", target="40")
    computed = IndicatorFactory(criterion=criterion, title="Participations", kind="count")
    CollectionPlan.objects.create(organisation=world.org_a, indicator_uid=computed.uid, computed_from="participants")
    this_month = timezone.localdate().replace(day=1)
    IndicatorValue.objects.create(
        organisation=world.org_a,
        indicator_uid=entered.uid,
        granularity="month",
        period_start=this_month,
        value=Decimal(30),
    )
    action = ActionFactory(organisation=world.org_a)
    log_activity(organisation=world.org_a, user=world.member_a, participants=6, action=action)
    log_activity(organisation=world.org_a, user=world.member_a, participants=4)
    return world, entered, computed, action


def test_dashboard_shows_latest_values_progress_and_missing(dashboard_world):
    world, _entered, _computed, action = dashboard_world
    client = client_for(world.member_a)
    page = client.get(url(world.org_a)).content.decode()
    assert '<strong class="figure">30</strong>' in page
    assert "75 % de la cible (40)" in page
    assert '<strong class="figure">10</strong>' in page  # participations, from the sessions
    assert "11 valeurs sont attendues et manquantes." in page  # the other 11 months of the score
    filtered = client.get(url(world.org_a), {"action": action.pk}).content.decode()
    assert '<strong class="figure">6</strong>' in filtered
    assert "<svg" in page
    assert "<table>" in page


def test_dashboard_data_export(dashboard_world):
    world, _entered, _computed, _action = dashboard_world
    content = client_for(world.member_a).get(url(world.org_a), {"format": "csv"}).content.decode("utf-8-sig")
    assert content.splitlines()[0] == "Registre,Critère,Indicateur,Période,Valeur,Observation,Cible"
    assert "Score de solitude" in content
    assert ",30," in content
    xlsx = client_for(world.member_a).get(url(world.org_a), {"format": "xlsx"})
    assert xlsx.content[:2] == b"PK"


def test_calendar_and_home_reminders(dashboard_world):
    world, _entered, _computed, _action = dashboard_world
    client = client_for(world.member_a)
    page = client.get(reverse("measures:calendar", kwargs={"slug": world.org_a.slug})).content.decode()
    this_month = timezone.localdate().strftime("%m/%Y")
    section = page.split(f">{this_month}</h2>")[1].split("</section>")[0]
    assert "Saisie</strong>" in section
    assert "Score de solitude" in section
    assert "Automatique</strong>" in section
    assert "Participations" in section
    assert "À venir</strong>" in page
    assert "Manquante</strong>" in page
    home = client.get(reverse("home:home")).content.decode()
    assert "Toutes les valeurs de la période en cours sont saisies." in home
    IndicatorValue.objects.all().delete()
    home = client.get(reverse("home:home")).content.decode()
    assert "1 valeur à saisir pour la période en cours" in home


def test_home_reminders_cost_the_same_for_many_structures(world):
    from tests.factories import MembershipFactory, OrganisationFactory
    from utilite.organisations.enums import MembershipRole

    def count(client):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("home:home")).status_code == 200
        return len(queries)

    def add_structure():
        organisation = OrganisationFactory(network=world.network)
        MembershipFactory(organisation=organisation, user=world.coordinator, role=MembershipRole.FACILITATOR)
        IndicatorFactory.create_batch(
            3, criterion__registre__referentiel=ReferentielFactory(organisation=organisation, validated=True)
        )

    add_structure()
    client = client_for(world.coordinator)
    small = count(client)
    for _ in range(12):
        add_structure()
    assert count(client) == small


def test_nothing_is_due_before_the_referentiel_was_validated(dashboard_world):
    world, _entered, _computed, _action = dashboard_world
    world.org_a.referentiels.update(validated_at=timezone.now())
    page = client_for(world.member_a).get(url(world.org_a)).content.decode()
    assert "Rien ne manque pour ces périodes." in page
