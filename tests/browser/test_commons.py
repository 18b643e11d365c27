"""The common référentiel in a browser, on the demo network: the coordinator's pages, a
structure adopting an item by keyboard, the public page; axe on each, screenshots to look at."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.helpers import sign_in
from tests.factories import PASSWORD
from utilite.accounts.models import User

pytestmark = pytest.mark.django_db(transaction=True)


def test_coordinator_and_structure_pages_of_the_common_referentiel(page, live_server, assert_accessible):
    call_command("load_demo", stdout=io.StringIO())
    for email in ("coordination@demo.example", "admin@demo.example"):
        user = User.objects.get(email=email)
        user.set_password(PASSWORD)
        user.save()
    sign_in(page, live_server, "coordination@demo.example")
    base = f"{live_server.url}/reseaux/brest-demo"
    for path, heading, shot in (
        ("/referentiel-commun/", "Référentiel commun", "commons-overview"),
        ("/referentiel-commun/comparer/", "Les référentiels des structures côte à côte", "commons-compare"),
        ("/synthese/", "Synthèse du territoire", "commons-synthesis"),
        ("/auto-evaluation/", "Le réseau s'évalue", "commons-evaluation"),
    ):
        page.goto(base + path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page)
        page.screenshot(path=f"var/screenshots/{shot}.png", full_page=True)
        if shot == "commons-synthesis":  # the panorama's text alternative
            caption = "Structures, critères communs couverts et témoignages, par dimension"
            expect(page.get_by_role("table", name=caption)).to_be_visible()

    # A new version, drafted: add a criterion by keyboard, comment on it.
    page.goto(base + "/referentiel-commun/")
    page.get_by_role("button", name="Commencer une nouvelle version").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Référentiel commun")
    assert_accessible(page)
    page.screenshot(path="var/screenshots/commons-draft.png", full_page=True)
    page.get_by_role("link", name="Ajouter un critère commun · Inclusion sociale").click()
    page.get_by_label("Titre").fill("Accès aux services publics en ligne")
    assert_accessible(page)
    page.get_by_label("Titre").press("Enter")
    expect(page.get_by_role("status")).to_contain_text("« Accès aux services publics en ligne » est ajouté.")

    page.goto(f"{live_server.url}/communs/brest-demo/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Référentiel commun")
    expect(page.get_by_text("Pour le citer")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path="var/screenshots/commons-public.png", full_page=True)

    page.goto(f"{live_server.url}/")
    page.get_by_role("button", name="Se déconnecter").click()
    sign_in(page, live_server, "admin@demo.example")
    page.goto(f"{live_server.url}/structures/foyer-laique-saint-marc/referentiel-commun/")
    assert_accessible(page)
    button = page.get_by_role("button", name="Adopter Démarches administratives menées à bien")
    button.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("« Démarches administratives menées à bien » est copié")
    page.screenshot(path="var/screenshots/commons-structure.png", full_page=True)
    page.goto(f"{live_server.url}/structures/foyer-laique-saint-marc/panorama/")
    expect(page.get_by_role("img")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path="var/screenshots/commons-panorama.png", full_page=True)


def test_a_large_network_waits_for_its_synthesis_then_sees_it_without_reloading(
    page, live_server, assert_accessible, settings
):
    settings.SYNTHESIS_SYNC_STRUCTURES = 0  # every network counts as large: computed by a task
    call_command("load_demo", stdout=io.StringIO())
    user = User.objects.get(email="coordination@demo.example")
    user.set_password(PASSWORD)
    user.save()
    sign_in(page, live_server, "coordination@demo.example")
    page.goto(f"{live_server.url}/reseaux/brest-demo/synthese/?start=2026-01-01&end=2026-12-31")
    expect(page.get_by_role("status")).to_contain_text("sont en cours de calcul")
    assert_accessible(page)
    page.screenshot(path="var/screenshots/commons-synthesis-computing.png", full_page=True)
    # The page asks again every 3 seconds; once the task is done it shows the figures by itself.
    expect(page.get_by_role("heading", name="Panorama de l'utilité sociale du territoire")).to_be_visible(
        timeout=15_000
    )
    expect(page.get_by_text("Chiffres calculés le")).to_be_visible()
    assert_accessible(page)
