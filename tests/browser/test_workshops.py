"""A workshop in two browsers: a participant posts a card from a phone, the facilitator sees it
within two seconds, groups it with the keyboard and turns the board into a draft référentiel."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import sign_in
from tests.factories import MembershipFactory, NetworkFactory, OrganisationFactory
from utilite.workshops.models import Workshop

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_card_reaches_the_facilitator_who_turns_it_into_a_registre(page, browser, live_server, assert_accessible):
    organisation = OrganisationFactory(network=NetworkFactory(), name="Les Abeilles", slug="abeilles")
    MembershipFactory(organisation=organisation, role="admin", user__email="admin@exemple.test")
    sign_in(page, live_server, "admin@exemple.test")
    page.goto(f"{live_server.url}/structures/abeilles/ateliers/nouveau/")
    page.get_by_label("Titre").fill("Ce que l'atelier change")
    assert_accessible(page)
    page.get_by_role("button", name="Préparer l'atelier").click()
    page.get_by_role("button", name="Ouvrir l'atelier").click()
    code = Workshop.objects.get().code
    expect(page.get_by_text(code, exact=True)).to_be_visible()

    phone = browser.new_context(locale="fr-FR", viewport={"width": 360, "height": 740}).new_page()
    phone.goto(f"{live_server.url}/atelier/")
    phone.get_by_label("Le code affiché par l'animateur").fill(code.lower())
    phone.get_by_role("button", name="Rejoindre").click()
    phone.get_by_label("Un prénom ou un pseudonyme").fill("Lune")
    phone.get_by_label("Personnes accueillies").check()
    assert_accessible(phone)
    phone.get_by_role("button", name="Participer").click()
    phone.get_by_label("Votre carte").fill("Je parle à mes voisins")
    assert_accessible(phone)
    phone.screenshot(path="var/screenshots/workshop-phone.png", full_page=True)
    phone.get_by_role("button", name="Mettre ma carte au tableau").click()
    expect(phone.get_by_role("status")).to_contain_text("Votre carte est au tableau.")

    # The facilitator's board refreshes by itself.
    expect(page.locator(".workshop-card").filter(has_text="Je parle à mes voisins")).to_be_visible(timeout=2000)
    assert_accessible(page)
    page.screenshot(path="var/screenshots/workshop-board.png", full_page=True)

    # Grouped with the keyboard only: open "Classer", type a new group, press Enter.
    card = page.locator(".workshop-card").filter(has_text="Je parle à mes voisins")
    card.get_by_text("Classer", exact=False).focus()
    page.keyboard.press("Enter")
    card.get_by_label("Nouveau regroupement").focus()
    page.keyboard.type("Vivre ensemble")
    page.keyboard.press("Enter")
    column = page.locator(".workshop-column").filter(has=page.get_by_role("heading", level=3, name="Vivre ensemble"))
    expect(column.locator(".workshop-card")).to_contain_text("Je parle à mes voisins")
    page.get_by_role("button", name="Transformer les regroupements en brouillon de référentiel").click()
    expect(page.get_by_role("status")).to_contain_text("Les regroupements sont maintenant des registres")
    expect(page.get_by_text("Vivre ensemble").first).to_be_visible()
    page.screenshot(path="var/screenshots/workshop-referentiel.png", full_page=True)
    expect(page.get_by_text("Je parle à mes voisins").first).to_be_visible()
