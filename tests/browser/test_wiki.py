"""The wiki in a browser: two members of a working group co-write minutes in two windows; edits
of different lines merge, an edit of the same line shows the conflict and the second writer
resolves it; the history shows both; revision 1 is restored; an action of the minutes is on
« Actions en cours ». axe on every page."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import sign_in
from tests.factories import MembershipFactory, NetworkFactory, OrganisationFactory
from utilite.wiki import services
from utilite.wiki.models import Space

pytestmark = pytest.mark.django_db(transaction=True)

MINUTES = """**Date :** 03/12/2026

## Ordre du jour

1. Le repas partagé

## Décisions

- On le fait le premier jeudi du mois.

## Actions

- [ ] Karim Le Gall : réserver la salle (pour le 15/12/2026)
"""


def test_two_members_co_write_minutes_then_restore_and_follow_actions(browser, live_server, assert_accessible):
    network = NetworkFactory(slug="brest", name="Réseau brestois")
    first = OrganisationFactory(network=network, name="Centre social de Kérinou", slug="kerinou")
    second = OrganisationFactory(network=network, name="Vivre la rue", slug="vivre-la-rue")
    nadia = MembershipFactory(organisation=first, role="admin", user__full_name="Nadia Salaün").user
    karim = MembershipFactory(organisation=second, role="admin", user__full_name="Karim Le Gall").user

    one = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900}).new_page()
    sign_in(one, live_server, nadia.email)
    one.goto(f"{live_server.url}/reseaux/brest/wiki/")
    assert_accessible(one)
    one.get_by_label("Nom du groupe de travail").fill("Isolement social")
    one.get_by_role("button", name="Créer le groupe").click()
    expect(one.get_by_role("heading", level=1)).to_have_text("Isolement social")
    group = Space.objects.get(slug="isolement-social")
    services.add_member(group, karim)
    one.get_by_role("link", name="Nouvelle page").click()
    one.get_by_label("Titre").fill("Réunion du 3 décembre")
    one.get_by_label("Compte rendu de réunion").check()
    assert_accessible(one)
    one.get_by_role("button", name="Créer et écrire").click()
    one.get_by_label("Texte").fill(MINUTES)
    one.get_by_role("button", name="Enregistrer").click()
    expect(one.get_by_role("status")).to_contain_text("Enregistré.")
    assert_accessible(one)

    two = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900}).new_page()
    sign_in(two, live_server, karim.email)
    page_url = f"{live_server.url}/reseaux/brest/wiki/isolement-social/p/reunion-du-3-decembre/"
    # Both open the editor on revision 2.
    one.goto(page_url + "modifier/")
    two.goto(page_url + "modifier/")
    expect(two.locator("#wiki-editing")).to_contain_text("Nadia Salaün modifie cette page")
    assert_accessible(two)
    text_one = one.get_by_label("Texte")
    text_one.fill(text_one.input_value().replace("Le repas partagé", "Le repas partagé de janvier"))
    one.get_by_role("button", name="Enregistrer").click()
    expect(one.get_by_role("status")).to_contain_text("Enregistré.")
    text_two = two.get_by_label("Texte")
    text_two.fill(text_two.input_value().replace("premier jeudi du mois", "premier jeudi, à midi"))
    two.get_by_role("button", name="Enregistrer").click()
    expect(two.get_by_role("status")).to_contain_text("avec les modifications de Nadia Salaün")
    expect(two.get_by_text("Le repas partagé de janvier")).to_be_visible()
    expect(two.get_by_text("premier jeudi, à midi")).to_be_visible()

    # Now the same line: the second writer sees both texts and resolves.
    one.goto(page_url + "modifier/")
    two.goto(page_url + "modifier/")
    text_one = one.get_by_label("Texte")
    text_one.fill(text_one.input_value().replace("## Décisions", "## Décisions prises"))
    one.get_by_role("button", name="Enregistrer").click()
    text_two = two.get_by_label("Texte")
    text_two.fill(text_two.input_value().replace("## Décisions", "## Ce qu'on a décidé"))
    two.get_by_role("button", name="Enregistrer").click()
    expect(two.get_by_role("status")).to_contain_text("Quelqu'un a modifié les mêmes lignes")
    expect(two.get_by_role("heading", name="La page telle que les autres l'ont laissée")).to_be_visible()
    expect(two.locator(".wiki-conflict")).to_contain_text("## Décisions prises")
    assert_accessible(two)
    two.screenshot(path="var/screenshots/wiki-conflict.png", full_page=True)
    text_two = two.get_by_label("Texte")
    text_two.fill(text_two.input_value().replace("## Ce qu'on a décidé", "## Décisions prises ensemble"))
    two.get_by_role("button", name="Enregistrer").click()
    expect(two.get_by_role("status")).to_contain_text("Enregistré.")
    expect(two.get_by_role("heading", name="Décisions prises ensemble")).to_be_visible()

    two.get_by_role("link", name="Historique").click()
    expect(two.get_by_role("cell", name="Nadia Salaün · Centre social de Kérinou").first).to_be_visible()
    expect(two.get_by_role("cell", name="Karim Le Gall · Vivre la rue").first).to_be_visible()
    assert_accessible(two)
    two.screenshot(path="var/screenshots/wiki-history.png", full_page=True)
    two.get_by_role("button", name="Comparer").click()
    expect(two.locator(".wiki-compare ins").first).to_be_visible()
    assert_accessible(two)
    two.go_back()
    two.get_by_role("button", name="Rétablir 1").click()
    expect(two.get_by_role("status")).to_contain_text("La révision 1 est rétablie")
    expect(two.get_by_role("heading", name="Ordre du jour")).to_have_count(1)  # the template of revision 1

    one.goto(page_url + "historique/")
    one.get_by_role("link", name="3", exact=True).click()  # revision 3: the minutes with their action
    one.get_by_role("button", name="Rétablir cette révision").click()
    one.goto(f"{live_server.url}/reseaux/brest/wiki/isolement-social/actions/")
    expect(one.get_by_text("réserver la salle")).to_be_visible()
    assert_accessible(one)
    one.screenshot(path="var/screenshots/wiki-actions.png", full_page=True)
    two.goto(f"{live_server.url}/")
    expect(two.get_by_role("heading", name="Vos actions dans le wiki")).to_be_visible()  # Karim has to do it
    two.get_by_role("button", name="C'est fait : réserver la salle").click()
    expect(two.get_by_role("status")).to_contain_text("noté dans l'historique")


def test_every_page_of_a_working_group_is_accessible(browser, live_server, assert_accessible):
    network = NetworkFactory(slug="brest", name="Réseau brestois")
    structure = OrganisationFactory(network=network, name="Centre social de Kérinou", slug="kerinou")
    nadia = MembershipFactory(organisation=structure, role="admin", user__full_name="Nadia Salaün").user
    group = services.create_group(network=network, name="Isolement social", user=nadia)
    page = services.create_page(space=group, title="Réunion", kind="minutes", text=MINUTES, user=nadia)
    services.save_page(page, text=MINUTES + "\n| Qui | Quoi |\n|---|---|\n| Nadia | la salle |\n", base=1, user=nadia)
    services.set_public(page, public=True, licence="CC-BY-SA-4.0")
    browser_page = browser.new_context(locale="fr-FR", viewport={"width": 360, "height": 740}).new_page()
    sign_in(browser_page, live_server, nadia.email)
    base = f"{live_server.url}/reseaux/brest/wiki/isolement-social/"
    for path in (
        "",
        "modifications/",
        "chronologie/",
        "membres/",
        "importer/",
        "nouvelle-page/",
        "p/reunion/revisions/1/",
    ):
        browser_page.goto(base + path)
        expect(browser_page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(browser_page)
    browser_page.goto(base + "p/reunion/")
    expect(browser_page.get_by_role("table")).to_be_visible()  # Markdown tables
    assert_accessible(browser_page)
    anonymous = browser.new_context(locale="fr-FR").new_page()
    anonymous.goto(f"{live_server.url}/wiki/brest/isolement-social/reunion/")
    expect(anonymous.get_by_text("Partagé sous la licence")).to_be_visible()
    assert_accessible(anonymous)
