import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import client_for
from tests.factories import ActionFactory, MembershipFactory, NetworkMembershipFactory, OrganisationFactory
from utilite.organisations.enums import MembershipRole
from utilite.organisations.models import Action, Organisation, PublicGroup, Sector

pytestmark = pytest.mark.django_db


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["network", "detail"])
def test_pages_run_the_same_number_of_queries_with_10_and_200_structures(page, sql_snapshot):
    coordinator = NetworkMembershipFactory().user
    network = coordinator.network_memberships.get().network
    sectors, publics = list(Sector.objects.all()[:3]), list(PublicGroup.objects.all()[:3])

    def grow(to):
        while network.organisations.count() < to:
            organisation = OrganisationFactory(network=network)
            organisation.sectors.set(sectors)
            organisation.publics.set(publics)
            for _ in range(2):
                ActionFactory(organisation=organisation, shared=True).publics.set(publics)
            MembershipFactory(organisation=organisation)

    def url():
        if page == "network":
            return reverse("organisations:network", kwargs={"slug": network.slug})
        return network.organisations.order_by("pk").first().get_absolute_url()

    grow(10)
    small = _count_queries(client_for(coordinator), url())
    grow(200)
    large = _count_queries(client_for(coordinator), url())
    assert small == large
    sql_snapshot(client_for(coordinator), url(), f"structures-{page}")
    assert large <= 20


def test_network_filters_by_kind_sector_public_and_keyword(world):
    santé = Sector.objects.get(slug="sante-mentale")
    agees = PublicGroup.objects.get(slug="personnes-agees")
    world.org_a.sectors.add(santé)
    world.org_a.publics.add(agees)
    OrganisationFactory(network=world.network, name="Centre social du Port", kind="social_centre")
    client = client_for(world.member_a)
    url = reverse("organisations:network", kwargs={"slug": world.network.slug})

    def names(**params):
        page = client.get(url, params).context["page"]
        return [organisation.name for organisation in page.object_list]

    assert names() == ["Centre social du Port", "Structure A", "Structure B", "Structure C"]
    assert names(kind="social_centre") == ["Centre social du Port"]
    assert names(sector="sante-mentale") == ["Structure A"]
    assert names(public="personnes-agees") == ["Structure A"]
    assert names(q="port") == ["Centre social du Port"]
    assert names(sector="inconnu") == ["Centre social du Port", "Structure A", "Structure B", "Structure C"]


def test_network_filter_answers_htmx_with_the_results_fragment_only(world):
    url = reverse("organisations:network", kwargs={"slug": world.network.slug})
    response = client_for(world.member_a).get(url, {"q": "B"}, headers={"HX-Request": "true"})
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="results"')
    assert "Structure B" in content
    assert "<html" not in content


def test_coordinator_adds_a_structure(world):
    url = reverse("organisations:create", kwargs={"network_slug": world.network.slug})
    client = client_for(world.coordinator)
    response = client.post(url, {"name": "", "kind": "nope"})
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.content.decode()
    assert world.network.organisations.count() == 3
    response = client.post(
        url,
        {
            "name": "Les Petits Débrouillards",
            "kind": "association",
            "sectors": [Sector.objects.get(slug="education").pk],
        },
    )
    organisation = Organisation.objects.get(name="Les Petits Débrouillards")
    assert response["Location"] == organisation.get_absolute_url()
    assert organisation.slug == "les-petits-debrouillards"
    assert [s.slug for s in organisation.sectors.all()] == ["education"]


def test_admin_edits_the_identity_card(world):
    url = reverse("organisations:update", kwargs={"slug": world.org_b.slug})
    client = client_for(world.admin_b)
    response = client.post(url, {"name": "Structure B", "kind": "association", "website": "pas une url"})
    assert "Saisissez une URL valide." in response.content.decode()
    response = client.post(
        url,
        {
            "name": "Structure Bis",
            "kind": "social_centre",
            "city": "Brest",
            "publics": [PublicGroup.objects.get(slug="familles").pk],
        },
    )
    assert response.status_code == 302
    world.org_b.refresh_from_db()
    assert (world.org_b.name, world.org_b.kind) == ("Structure Bis", "social_centre")


def test_employees_cannot_edit_the_identity_card(world):
    url = reverse("organisations:update", kwargs={"slug": world.org_b.slug})
    assert client_for(world.employee_b).get(url).status_code == 404


def test_structure_page_shows_private_work_to_its_team_only(world):
    url = world.org_b.get_absolute_url()
    team_page = client_for(world.employee_b).get(url).content.decode()
    other_page = client_for(world.member_a).get(url).content.decode()
    assert "Atelier confidentiel de B" in team_page
    assert "Bérénice Admin" in team_page
    assert "Atelier partagé de B" in other_page
    assert "Atelier confidentiel de B" not in other_page
    assert "Bérénice Admin" not in other_page


def test_partner_sees_only_what_is_shared(world):
    partner = MembershipFactory(organisation=world.org_b, role=MembershipRole.PARTNER).user
    client = client_for(partner)
    page = client.get(world.org_b.get_absolute_url()).content.decode()
    assert "Atelier partagé de B" in page
    assert "Atelier confidentiel de B" not in page
    assert client.get(world.private_action_b.get_absolute_url()).status_code == 404
    assert client.get(reverse("organisations:members", kwargs={"slug": world.org_b.slug})).status_code == 404


def test_team_member_creates_edits_and_deletes_an_action(world):
    client = client_for(world.employee_b)
    url = reverse("organisations:action_create", kwargs={"slug": world.org_b.slug})
    response = client.post(
        url, {"title": "Café numérique", "start_date": "2026-09-01", "end_date": "2026-01-01", "visibility": "private"}
    )
    assert "La date de fin doit être postérieure à la date de début." in response.content.decode()
    assert not Action.objects.filter(title="Café numérique").exists()
    response = client.post(
        url,
        {
            "title": "Café numérique",
            "publics": [PublicGroup.objects.get(slug="tout-public").pk],
            "visibility": "network",
            "rhythm": "Le vendredi",
        },
    )
    action = Action.objects.get(title="Café numérique")
    assert response["Location"] == action.get_absolute_url()
    assert action.created_by == world.employee_b

    edit = reverse("organisations:action_update", kwargs={"slug": world.org_b.slug, "pk": action.pk})
    client.post(edit, {"title": "Café numérique du vendredi", "visibility": "private"})
    action.refresh_from_db()
    assert action.title == "Café numérique du vendredi"

    delete = reverse("organisations:action_delete", kwargs={"slug": world.org_b.slug, "pk": action.pk})
    assert (
        "Supprimer l&#x27;action" in client.get(delete).content.decode()
        or "Supprimer l'action" in client.get(delete).content.decode()
    )
    assert client.post(delete).status_code == 302
    assert not Action.objects.filter(pk=action.pk).exists()


def test_shared_action_is_readable_but_not_editable_by_other_structures(world):
    client = client_for(world.member_a)
    assert client.get(world.shared_action_b.get_absolute_url()).status_code == 200
    edit = reverse("organisations:action_update", kwargs={"slug": world.org_b.slug, "pk": world.shared_action_b.pk})
    assert client.post(edit, {"title": "Détourné", "visibility": "network"}).status_code == 404
    world.shared_action_b.refresh_from_db()
    assert world.shared_action_b.title == "Atelier partagé de B"


def test_action_of_structure_b_cannot_be_reached_through_structure_a(world):
    url = reverse("organisations:action_detail", kwargs={"slug": world.org_a.slug, "pk": world.private_action_b.pk})
    assert client_for(world.member_a).get(url).status_code == 404
