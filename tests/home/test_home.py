import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import client_for
from tests.factories import (
    ActionFactory,
    MembershipFactory,
    NetworkMembershipFactory,
    OrganisationFactory,
    ReferentielFactory,
    UserFactory,
)
from utilite.organisations.enums import MembershipRole

pytestmark = pytest.mark.django_db


def test_home_shows_each_structure_with_its_step_and_next_action(world):
    page = client_for(world.admin_b).get(reverse("home:home")).content.decode()
    assert "Structure B" in page
    assert "Administration de la structure" in page
    # B has framed its evaluation and has a validated référentiel (v1): time to collect.
    assert "Étape 4 sur 6 : Planifier et collecter" in page


def test_next_step_guides_a_new_structure(db):
    admin = UserFactory()
    organisation = OrganisationFactory(description="")
    MembershipFactory(organisation=organisation, user=admin, role=MembershipRole.ADMIN)
    client = client_for(admin)
    page = client.get(reverse("home:home")).content.decode()
    assert "Présentez votre structure en quelques phrases" in page
    assert reverse("organisations:update", kwargs={"slug": organisation.slug}) in page
    organisation.description = "Un lieu d'accès public à internet."
    organisation.save()
    assert "Décrivez les actions que vous voulez évaluer" in client.get(reverse("home:home")).content.decode()
    ActionFactory(organisation=organisation)
    assert "Invitez les personnes qui évalueront avec vous" in client.get(reverse("home:home")).content.decode()
    MembershipFactory(organisation=organisation)
    page = client.get(reverse("home:home")).content.decode()
    assert "Étape 2 sur 6" in page
    assert reverse("referentiels:home", kwargs={"slug": organisation.slug}) in page
    referentiel = ReferentielFactory(organisation=organisation)
    assert "Complétez votre référentiel et faites-le valider" in client.get(reverse("home:home")).content.decode()
    referentiel.status = "validated"
    referentiel.save()
    assert "Étape 4 sur 6" in client.get(reverse("home:home")).content.decode()


def test_coordinator_sees_where_each_structure_stands(world):
    page = client_for(world.coordinator).get(reverse("home:home")).content.decode()
    assert "Vous coordonnez Réseau brestois" in page
    assert "Structure A" in page
    assert "Structure B" in page


def test_a_coordinator_of_a_large_network_sees_its_first_structures_and_how_many_there_are(world):
    from tests.factories import OrganisationFactory
    from utilite.organisations.models import Organisation

    for number in range(25):
        OrganisationFactory(network=world.network, name=f"Zone {number:02d}")
    names = sorted(Organisation.objects.filter(network=world.network).values_list("name", flat=True))
    page = client_for(world.coordinator).get(reverse("home:home")).content.decode()
    assert f"{len(names)} structures participent." in page
    assert "Voici les 20 premières par ordre alphabétique" in page
    assert f">{names[19]}</a>" in page  # the 20th in the order of names
    assert f">{names[20]}</a>" not in page
    assert reverse("organisations:network", args=[world.network.slug]) in page


def test_someone_without_structure_is_told_what_to_do(db):
    page = client_for(UserFactory()).get(reverse("home:home")).content.decode()
    assert (
        "Vous ne faites encore partie d&#x27;aucune structure" in page
        or "Vous ne faites encore partie d'aucune structure" in page
    )


def test_home_query_count_does_not_grow_with_structures(world, sql_snapshot):
    MembershipFactory(organisation=world.org_a, user=world.coordinator, role=MembershipRole.FACILITATOR)
    client = client_for(world.coordinator)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("home:home")).status_code == 200
        return len(queries)

    small = count()
    for _ in range(30):
        organisation = OrganisationFactory(network=world.network)
        MembershipFactory(organisation=organisation, user=world.coordinator, role=MembershipRole.FACILITATOR)
        ActionFactory(organisation=organisation)
    assert count() == small
    sql_snapshot(client, reverse("home:home"), "coordinator-home")


def test_a_funder_lands_on_what_they_may_read(world):
    import datetime

    from utilite.fiches import services as fiches

    funder = NetworkMembershipFactory(network=world.network, role="partner", user__full_name="Fanny Financeuse").user
    client = client_for(funder)
    page = client.get(reverse("home:home")).content.decode()
    assert "Vous suivez Réseau brestois en tant que partenaire" in page
    assert "aucune structure" not in page
    assert "Aucune fiche d" in page
    assert "synthese" not in page  # the network has not opened its synthesis to partners
    world.network.synthesis_for_partners = True
    world.network.save()
    fiche = fiches.create_fiche(
        organisation=world.org_b,
        user=world.admin_b,
        title="Bilan 2026",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
    )
    fiches.publish(fiche, world.admin_b)
    fiches.set_shared(fiche, True)
    page = client.get(reverse("home:home")).content.decode()
    synthesis = reverse("commons:synthesis", kwargs={"slug": world.network.slug})
    assert synthesis in page
    assert "1 fiche d\u2019évaluation partagée avec vous" in page
    assert client.get(synthesis).status_code == 200
    assert client.get(reverse("fiches:shared_with_me")).status_code == 200
