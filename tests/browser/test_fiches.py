"""Write a fiche, publish it, share it: the editor and the shared view, with axe."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import sign_in
from tests.factories import (
    IndicatorFactory,
    MembershipFactory,
    NetworkFactory,
    NetworkMembershipFactory,
    OrganisationFactory,
    ReferentielFactory,
)
from utilite.organisations.enums import MembershipRole

pytestmark = pytest.mark.django_db(transaction=True)


def test_write_publish_and_share_a_fiche(page, browser, live_server, assert_accessible):
    organisation = OrganisationFactory(network=NetworkFactory(), name="Les Abeilles", slug="abeilles")
    IndicatorFactory(
        title="Personnes venues seules",
        criterion__registre__referentiel=ReferentielFactory(organisation=organisation, validated=True),
    )
    MembershipFactory(organisation=organisation, role=MembershipRole.ADMIN, user__email="admin@exemple.test")
    sign_in(page, live_server, "admin@exemple.test")

    page.goto(f"{live_server.url}/structures/abeilles/fiches/nouvelle/")
    page.get_by_label("Titre").fill("Bilan de l'année")
    page.get_by_label("Enjeux et objectifs de l\u2019évaluation").fill("Montrer ce que les ateliers **changent**.")
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bilan de l'année")
    expect(page.locator(".fiche")).to_contain_text("Personnes venues seules")
    assert_accessible(page)
    page.get_by_role("button", name="Publier et figer").click()
    expect(page.get_by_role("status")).to_contain_text("La version 1 est publiée et figée.")
    page.get_by_label("Pour qui").fill("Ville")
    page.get_by_role("button", name="Créer un lien").click()
    link = page.locator("code").first.inner_text()
    assert_accessible(page)
    page.screenshot(path="var/screenshots/fiche-detail.png", full_page=True)

    shared = browser.new_context(locale="fr-FR").new_page()
    shared.goto(link)
    expect(shared.get_by_role("heading", level=1)).to_have_text("Bilan de l'année")
    expect(shared.locator(".fiche")).to_contain_text("Montrer ce que les ateliers changent.")
    assert_accessible(shared)
    shared.screenshot(path="var/screenshots/fiche-shared.png", full_page=True)


def test_a_funding_application_from_a_fiche_and_the_coordinators_sections(page, live_server, assert_accessible):
    network = NetworkFactory(slug="reseau")
    organisation = OrganisationFactory(network=network, name="Les Abeilles", slug="abeilles")
    MembershipFactory(organisation=organisation, role=MembershipRole.ADMIN, user__email="admin@exemple.test")
    NetworkMembershipFactory(network=network, role="coordinator", user__email="coordination@exemple.test")
    sign_in(page, live_server, "coordination@exemple.test")
    page.goto(f"{live_server.url}/reseaux/reseau/dossier-de-financement/")
    assert_accessible(page)
    page.get_by_label("Titre de la rubrique").first.fill("Qui sommes-nous ?")
    page.get_by_role("button", name="Enregistrer les rubriques").click()
    expect(page.get_by_role("status")).to_contain_text("Les rubriques du dossier de financement sont enregistrées.")
    page.screenshot(path="var/screenshots/funding-template.png", full_page=True)
    page.get_by_role("button", name="Se déconnecter").click()

    sign_in(page, live_server, "admin@exemple.test")
    page.goto(f"{live_server.url}/structures/abeilles/fiches/nouvelle/")
    page.get_by_label("Titre").fill("Bilan de l'année")
    page.get_by_label("Enjeux et objectifs de l\u2019évaluation").fill("Rompre l'isolement.")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("link", name="Préparer un dossier de financement à partir de cette fiche").click()
    expect(page.get_by_role("heading", level=2, name="Qui sommes-nous ?")).to_be_visible()
    expect(page.locator(".fiche")).to_contain_text("Rompre l'isolement.")
    assert_accessible(page)
    page.screenshot(path="var/screenshots/funding-preview.png", full_page=True)
    page.get_by_role("button", name="Télécharger en DOCX (Word)").click()
    expect(page.get_by_role("link", name="Télécharger")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger").click()
    assert download.value.suggested_filename == "dossier-de-financement-bilan-de-lannee-v1.docx"
