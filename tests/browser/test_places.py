"""The directory of places in a browser: on a 360 px phone without JavaScript, filter « open
now » and a service, open a sheet, print an orientation sheet; with JavaScript, the map holds the
same places as the list. axe on each page, screenshots to look at."""

import pytest
from playwright.sync_api import expect

from tests.factories import NetworkFactory, PlaceFactory

pytestmark = pytest.mark.django_db(transaction=True)

SERVICE = "Aide aux démarches administratives"


@pytest.fixture
def directory(live_server):
    network = NetworkFactory(slug="brest", name="Réseau brestois")
    common = {"network": network, "latitude": "48.390000", "longitude": "-4.490000"}
    PlaceFactory(
        nom="Maison de quartier de Bellevue", horaires="24/7", services=[SERVICE], quartier="Bellevue", **common
    )
    PlaceFactory(
        nom="Médiathèque des Capucins", horaires="24/7", services=[SERVICE], **{**common, "longitude": "-4.500000"}
    )
    PlaceFactory(nom="Cyber-base fermée", horaires="off", services=[SERVICE], **common)
    PlaceFactory(nom="Ludothèque", horaires="24/7", services=["Loisirs et créations numériques"], **common)
    return f"{live_server.url}/lieux/brest/"


def test_on_a_phone_without_javascript_filter_open_a_sheet_and_print_an_orientation(browser, directory):
    context = browser.new_context(
        locale="fr-FR",
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        has_touch=True,
        java_script_enabled=False,
    )
    page = context.new_page()
    page.goto(directory)
    expect(page.get_by_role("heading", level=2, name="4 lieux")).to_be_visible()
    page.get_by_label("Ouvert en ce moment").check()
    page.locator("summary", has_text="Services").tap()
    page.get_by_label(SERVICE).check()
    page.get_by_role("button", name="Afficher les lieux").tap()
    expect(page.get_by_role("heading", level=2, name="2 lieux")).to_be_visible()
    assert "ouvert=on" in page.url  # the filters are in the address, to share
    results = page.locator("#results")
    expect(results.get_by_role("link", name="Maison de quartier de Bellevue")).to_be_visible()
    expect(results.get_by_role("link", name="Cyber-base fermée")).to_have_count(0)
    expect(results.get_by_role("link", name="Ludothèque")).to_have_count(0)
    page.screenshot(path="var/screenshots/places-phone-filtered.png", full_page=True)

    results.get_by_role("link", name="Médiathèque des Capucins").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Médiathèque des Capucins")
    expect(page.get_by_text("Ouvert en ce moment")).to_be_visible()
    page.screenshot(path="var/screenshots/places-phone-sheet.png", full_page=True)
    page.go_back()

    for name in ("Maison de quartier de Bellevue", "Médiathèque des Capucins"):
        page.locator("li", has_text=name).get_by_label("Ajouter à une fiche d'orientation").check()
    page.get_by_role("button", name="Faire une fiche d'orientation").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Des lieux où vous pouvez aller")
    page.get_by_label("Un petit mot pour la personne (facultatif)").fill("Demandez Anne, le mardi.")
    page.get_by_role("button", name="Ajouter le mot à la fiche").tap()
    expect(page.locator(".orientation__note")).to_contain_text("Demandez Anne, le mardi.")
    assert "Anne" not in page.url  # the note never travels in an address

    page.emulate_media(media="print")
    expect(page.get_by_role("heading", level=2, name="Maison de quartier de Bellevue")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="Médiathèque des Capucins")).to_be_visible()
    expect(page.get_by_role("button", name="Ajouter le mot à la fiche")).to_be_hidden()  # only the sheet is printed
    page.screenshot(path="var/screenshots/places-orientation-print.png", full_page=True)
    context.close()


def test_with_javascript_the_map_shows_the_places_of_the_list(browser, directory, assert_accessible):
    page = browser.new_context(locale="fr-FR", viewport={"width": 360, "height": 740}).new_page()
    page.goto(f"{directory}?ouvert=on&services={SERVICE}")
    listed = page.locator("#results .place-card")
    expect(listed).to_have_count(2)
    map_box = page.locator("#places-map")
    expect(map_box).to_be_visible()  # the tiles cannot load here: the markers are drawn all the same
    expect(map_box).to_have_attribute("data-count", "2")
    assert_accessible(page)
    page.screenshot(path="var/screenshots/places-phone-map.png", full_page=True)

    # The filters refresh the list and the map together (HTMX).
    page.get_by_label("Ouvert en ce moment").uncheck()
    expect(listed).to_have_count(3)
    expect(page.locator("#places-map")).to_have_attribute("data-count", "3")

    listed.first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
    page.go_back()
    page.locator(".place-card").first.get_by_label("Ajouter à une fiche d'orientation").check()
    page.get_by_role("button", name="Faire une fiche d'orientation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Des lieux où vous pouvez aller")
    expect(page.get_by_role("button", name="Imprimer")).to_be_visible()
    assert_accessible(page)


def test_an_editor_keeps_the_sheet_pictures_sessions_and_prints_the_guide(browser, live_server, assert_accessible):
    from tests.browser.helpers import sign_in
    from tests.factories import MembershipFactory, OrganisationFactory

    network = NetworkFactory(slug="brest", name="Réseau brestois")
    structure = OrganisationFactory(network=network, name="PIMMS de Brest")
    editor = MembershipFactory(organisation=structure, role="admin").user
    place = PlaceFactory(network=network, organisation=structure, nom="PIMMS de Bellevue", open_weekdays=True)
    page = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900}).new_page()
    sign_in(page, live_server, editor.email)
    base = f"{live_server.url}/reseaux/brest/lieux"
    for path, heading, shot in (
        (f"/{place.pk}/modifier/", "Modifier « PIMMS de Bellevue »", "places-edit"),
        (f"/{place.pk}/photos/", "Photos de « PIMMS de Bellevue »", "places-photos"),
        (f"/{place.pk}/ateliers/", "Ateliers à venir à « PIMMS de Bellevue »", "places-sessions"),
        (f"/{place.pk}/utilite-sociale/", "Ce que la fiche montre de votre utilité sociale", "places-utility"),
        ("/guide/", "Le guide des lieux à imprimer", "places-guide"),
        ("/", "Tenir l'annuaire à jour", "places-manage"),
    ):
        page.goto(base + path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page)
        page.screenshot(path=f"var/screenshots/{shot}.png", full_page=True)
    # The pin map sits under the position fields and fills them in.
    page.goto(f"{base}/{place.pk}/modifier/")
    expect(page.locator("#pin-map")).to_be_visible()
    page.locator("#pin-map").click(position={"x": 120, "y": 90})
    expect(page.get_by_label("Latitude")).not_to_have_value("")
    # A session to come, then on the public sheet.
    page.goto(f"{base}/{place.pk}/ateliers/")
    page.get_by_label("Titre").fill("Se servir d'un smartphone")
    page.get_by_label("Jour").fill("2099-03-10")
    page.get_by_label("De").fill("14:00")
    page.get_by_label("À", exact=True).fill("16:00")
    page.get_by_role("button", name="Ajouter l'atelier").click()
    expect(page.get_by_role("status")).to_contain_text("L'atelier est sur la fiche")
    page.goto(f"{live_server.url}/lieux/brest/{place.pk}/")
    expect(page.get_by_role("heading", name="Ateliers à venir")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path="var/screenshots/places-sheet-editor.png", full_page=True)
