import pytest
from django.urls import reverse

from tests.conftest import client_for
from tests.factories import ActionFactory, MembershipFactory
from utilite.organisations.enums import MembershipRole
from utilite.referentiels.library import load_library
from utilite.referentiels.models import Comment, Criterion, Indicator, Referentiel, Registre

pytestmark = pytest.mark.django_db


def url(name, organisation, **kwargs):
    return reverse(f"referentiels:{name}", kwargs={"slug": organisation.slug, **kwargs})


def test_admin_shares_a_version_with_the_network(world):
    sharing = url("sharing", world.org_b, version=1)
    assert client_for(world.employee_b).post(sharing, {"sharing": "network"}).status_code == 404
    client_for(world.admin_b).post(sharing, {"sharing": "network"})
    assert world.org_b.referentiels.get(version=1).sharing == "network"
    assert client_for(world.member_a).get(url("version", world.org_b, version=1)).status_code == 200
    assert client_for(world.member_a).get(url("version", world.org_b, version=2)).status_code == 404


def test_a_structure_copies_a_shared_referentiel_without_its_actions(world):
    source = world.shared_referentiel_c
    source_indicator = Indicator.objects.get(criterion__registre__referentiel=source)
    source_indicator.actions.add(ActionFactory(organisation=source.organisation))
    client = client_for(world.member_a)
    page = client.get(url("home", world.org_a)).content.decode()
    assert source.organisation.name in page
    response = client.post(url("copy", world.org_a, pk=source.pk))
    draft = Referentiel.objects.get(organisation=world.org_a)
    assert response["Location"] == draft.get_absolute_url()
    assert draft.copied_from == source
    assert draft.is_draft
    copy = Indicator.objects.get(criterion__registre__referentiel=draft)
    assert copy.title == "Indicateur partagé par C"
    assert copy.uid != source_indicator.uid
    assert list(copy.actions.all()) == []


def test_a_private_referentiel_cannot_be_copied(world):
    private = world.org_b.referentiels.get(version=1)
    assert client_for(world.member_a).post(url("copy", world.org_a, pk=private.pk)).status_code == 404
    assert not Referentiel.objects.filter(organisation=world.org_a).exists()


def test_start_from_the_library_and_pick_suggestions(world):
    client = client_for(world.member_a)
    response = client.post(url("start", world.org_a), {"from": "library"})
    assert response["Location"] == url("library", world.org_a, version=1)
    page = client.get(response["Location"]).content.decode()
    assert "Émancipation personnelle" in page
    assert "Source :" in page
    library = load_library()
    autonomy = library[0].children[1]  # a whole criterion
    loneliness = library[1].children[0].children[0]  # one indicator
    response = client.post(response["Location"], {"suggestion": [autonomy.key, loneliness.key]})
    referentiel = Referentiel.objects.get(organisation=world.org_a)
    assert response["Location"] == referentiel.get_absolute_url()
    assert list(referentiel.registres.values_list("title", flat=True)) == [
        "Émancipation personnelle",
        "Vivre ensemble",
    ]
    indicators = Indicator.objects.filter(criterion__registre__referentiel=referentiel)
    assert indicators.count() == len(autonomy.children) + 1
    ucla = indicators.get(title=loneliness.title)
    assert ucla.kind == "scale"
    assert ucla.stakeholders == ["beneficiaries"]
    assert "UCLA" in ucla.notes
    # Picking again reuses the registre and criterion.
    client.post(url("library", world.org_a, version=1), {"suggestion": [library[0].children[0].key]})
    assert referentiel.registres.count() == 2
    assert Criterion.objects.filter(registre__referentiel=referentiel, title=autonomy.title).count() == 1


def test_library_without_a_choice_explains(world):
    response = client_for(world.admin_b).post(url("library", world.org_b, version=2), follow=True)
    assert "Cochez au moins un critère ou un indicateur." in response.content.decode()


def test_team_and_facilitator_comment_partner_does_not(world):
    discussion = url("item_discussion", world.org_b, kind="indicateur", pk=world.indicator_b.pk)
    client_for(world.employee_b).post(discussion, {"body": "Comment compte-t-on les absents ?"})
    facilitator = MembershipFactory(organisation=world.org_b, role=MembershipRole.FACILITATOR).user
    client_for(facilitator).post(discussion, {"body": "Par séance, sur la feuille d'émargement."})
    assert Comment.objects.filter(item_uid=world.indicator_b.uid).count() == 2
    page = client_for(world.admin_b).get(discussion).content.decode()
    assert "Comment compte-t-on les absents ?" in page
    assert "Basile Salarié" in page  # who commented
    partner = MembershipFactory(organisation=world.org_b, role=MembershipRole.PARTNER).user
    assert client_for(partner).post(discussion, {"body": "Spam"}).status_code == 404
    empty = client_for(world.admin_b).post(discussion, {"body": ""})
    assert "Ce champ est obligatoire." in empty.content.decode()


def test_comments_follow_the_item_into_the_next_version(world):
    old_indicator = Indicator.objects.get(
        criterion__registre__referentiel__organisation=world.org_b, criterion__registre__referentiel__version=1
    )
    Comment.objects.create(
        referentiel=old_indicator.criterion.registre.referentiel,
        item_uid=old_indicator.uid,
        author=world.admin_b,
        body="Remarque sur la v1",
    )
    page = (
        client_for(world.admin_b)
        .get(url("item_discussion", world.org_b, kind="indicateur", pk=world.indicator_b.pk))
        .content.decode()
    )
    assert "Remarque sur la v1" in page


def test_discussion_shows_who_proposed_and_who_changed(world):
    client_for(world.employee_b).post(
        url("item_add", world.org_b, parent_kind="referentiel", pk=world.org_b.referentiels.get(version=2).pk),
        {"title": "Santé"},
    )
    registre = Registre.objects.get(title="Santé")
    client_for(world.admin_b).post(
        url("item_edit", world.org_b, kind="registre", pk=registre.pk), {"title": "Santé et bien-être", "revision": 1}
    )
    page = (
        client_for(world.admin_b)
        .get(url("item_discussion", world.org_b, kind="registre", pk=registre.pk))
        .content.decode()
    )
    assert "Proposé par" in page
    assert "Basile Salarié" in page
    assert "Modifié en dernier par" in page
    assert "Bérénice Admin" in page
