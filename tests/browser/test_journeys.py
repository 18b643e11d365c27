import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, ActionFactory, MembershipFactory, NetworkFactory, OrganisationFactory
from utilite.organisations.enums import MembershipRole
from utilite.organisations.models import Membership

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def structure():
    network = NetworkFactory(name="Réseau brestois", slug="brest", is_demo=True)
    organisation = OrganisationFactory(network=network, name="Centre social de Kérédern", slug="keredern")
    OrganisationFactory(network=network, name="Foyer Laïque de Saint-Marc", slug="saint-marc")
    admin = MembershipFactory(
        organisation=organisation,
        role=MembershipRole.ADMIN,
        user__email="admin@exemple.test",
        user__full_name="Soizic Morvan",
    ).user
    return organisation, admin


def sign_in(page, live_server, email, assert_accessible=None):
    page.goto(f"{live_server.url}/connexion/")
    if assert_accessible:
        assert_accessible(page)
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Se connecter").click()


def test_sign_in_create_an_action_invite_a_member_who_accepts(
    page, browser, live_server, structure, assert_accessible
):
    _organisation, _admin = structure
    sign_in(page, live_server, "admin@exemple.test", assert_accessible)
    expect(page.get_by_role("heading", name="Bonjour Soizic")).to_be_visible()
    assert_accessible(page)

    # Create an action, first with a mistake the form explains.
    page.get_by_role("link", name="Centre social de Kérédern").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Ajouter une action").click()
    page.get_by_label("Titre").fill("Ateliers du mardi")
    page.get_by_label("Date de début").fill("2026-09-01")
    page.get_by_label("Date de fin").fill("2026-06-30")
    page.get_by_role("button", name="Enregistrer l'action").click()
    expect(page.get_by_role("alert")).to_contain_text("La date de fin doit être postérieure à la date de début.")
    assert_accessible(page)
    page.get_by_label("Date de fin").fill("2027-06-30")
    page.get_by_label("Personnes âgées").check()
    page.get_by_label("Rythme").fill("Chaque mardi, 2 h 30")
    page.get_by_role("button", name="Enregistrer l'action").click()
    expect(page.get_by_role("heading", name="Ateliers du mardi")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("a été ajoutée")
    assert_accessible(page)

    # Invite a volunteer.
    page.get_by_role("link", name="Centre social de Kérédern").click()
    page.get_by_role("link", name="Équipe").click()
    assert_accessible(page)
    page.get_by_label("Adresse e-mail de la personne").fill("nadia@exemple.test")
    page.get_by_label("Bénévole").check()
    page.get_by_role("button", name="Envoyer l'invitation").click()
    notice = page.get_by_role("status")
    expect(notice).to_contain_text("Une invitation a été envoyée à nadia@exemple.test")
    link = re.search(r"https?://\S+/invitations/\S+/", notice.inner_text()).group(0)
    expect(page.get_by_role("cell", name="nadia@exemple.test", exact=True)).to_be_visible()

    # The invitee, in another browser, creates an account and joins.
    invitee = browser.new_context(locale="fr-FR").new_page()
    invitee.goto(link)
    expect(invitee.get_by_role("heading", name="Rejoindre Centre social de Kérédern")).to_be_visible()
    assert_accessible(invitee)
    invitee.get_by_label("Votre nom").fill("Nadia Nouvelle")
    invitee.get_by_label("Choisissez un mot de passe").fill("un-mot-de-passe-2026")
    invitee.get_by_label("Saisissez à nouveau le mot de passe").fill("un-mot-de-passe-2026")
    invitee.get_by_role("button", name="Créer mon compte et rejoindre la structure").click()
    expect(invitee.get_by_role("status")).to_contain_text("Bienvenue dans Centre social de Kérédern")
    expect(invitee.get_by_role("link", name="Ateliers du mardi")).to_be_visible()
    assert Membership.objects.get(user__email="nadia@exemple.test").role == MembershipRole.VOLUNTEER

    # The link was single-use.
    invitee.goto(link)
    expect(invitee.get_by_role("heading", name="Cette invitation n'est plus valable")).to_be_visible()

    page.reload()
    expect(page.get_by_role("cell", name="Nadia Nouvelle", exact=True)).to_be_visible()


def test_every_page_built_so_far_has_no_axe_violation(page, live_server, structure, assert_accessible):
    organisation, _admin = structure
    action = ActionFactory(organisation=organisation, title="Internet pour tous")
    membership = Membership.objects.get(user__email="admin@exemple.test")
    for path in ["/connexion/", "/mot-de-passe/oublie/", "/accessibilite/", "/page-inexistante/"]:
        page.goto(live_server.url + path)
        assert_accessible(page)
    sign_in(page, live_server, "admin@exemple.test")
    slug = organisation.slug
    for path in [
        "/",
        "/reseaux/brest/",
        "/reseaux/brest/?kind=association&q=foyer",
        f"/structures/{slug}/",
        f"/structures/{slug}/modifier/",
        f"/structures/{slug}/equipe/",
        f"/structures/{slug}/equipe/{membership.pk}/role/",
        f"/structures/{slug}/equipe/{membership.pk}/retirer/",
        f"/structures/{slug}/actions/nouvelle/",
        f"/structures/{slug}/actions/{action.pk}/",
        f"/structures/{slug}/actions/{action.pk}/modifier/",
        f"/structures/{slug}/actions/{action.pk}/supprimer/",
        "/profil/",
        "/profil/mot-de-passe/",
    ]:
        page.goto(live_server.url + path)
        expect(page.locator("h1")).to_be_visible()
        assert_accessible(page)


def test_network_filters_update_results_in_place_and_work_without_javascript(browser, page, live_server, structure):
    sign_in(page, live_server, "admin@exemple.test")
    page.goto(f"{live_server.url}/reseaux/brest/")
    expect(page.get_by_text("2 structures")).to_be_visible()
    page.get_by_label("Nom ou mot-clé").fill("foyer")
    expect(page.get_by_text("1 structure", exact=True)).to_be_visible()
    expect(page).to_have_url(re.compile(r"q=foyer"))

    context = browser.new_context(locale="fr-FR", java_script_enabled=False)
    no_js = context.new_page()
    sign_in(no_js, live_server, "admin@exemple.test")
    no_js.goto(f"{live_server.url}/reseaux/brest/")
    no_js.get_by_label("Type de structure").select_option("association")
    no_js.get_by_label("Nom ou mot-clé").fill("kérédern")
    no_js.get_by_role("button", name="Filtrer").click()
    expect(no_js.get_by_text("1 structure", exact=True)).to_be_visible()
    expect(no_js.get_by_role("link", name="Centre social de Kérédern")).to_be_visible()
    context.close()
