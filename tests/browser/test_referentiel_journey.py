"""Build a référentiel with the keyboard only, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, MembershipFactory, NetworkFactory, OrganisationFactory
from utilite.organisations.enums import MembershipRole
from utilite.referentiels.models import Indicator, Referentiel

pytestmark = pytest.mark.django_db(transaction=True)


def press(locator):
    locator.focus()
    locator.page.keyboard.press("Enter")


def type_into(locator, text, submit=False):
    locator.focus()
    locator.page.keyboard.press("Control+A")
    locator.page.keyboard.type(text)
    if submit:
        locator.page.keyboard.press("Enter")


def test_build_validate_version_compare_export_and_import_with_the_keyboard(
    page, live_server, assert_accessible, tmp_path
):
    organisation = OrganisationFactory(network=NetworkFactory(), name="Ar Vag", slug="ar-vag")
    MembershipFactory(
        organisation=organisation,
        role=MembershipRole.ADMIN,
        user__email="admin@exemple.test",
        user__full_name="Soizic Morvan",
    )

    page.goto(f"{live_server.url}/connexion/")
    type_into(page.get_by_label("Adresse e-mail"), "admin@exemple.test")
    type_into(page.get_by_label("Mot de passe"), PASSWORD, submit=True)
    expect(page.get_by_role("heading", name="Bonjour Soizic")).to_be_visible()

    page.goto(f"{live_server.url}/structures/ar-vag/referentiel/")
    expect(page.get_by_role("heading", name="Trois niveaux d'indicateurs")).to_be_visible()
    assert_accessible(page)
    press(page.get_by_role("button", name="Commencer un référentiel vierge"))

    for registre in ["Lien social", "Autonomie"]:
        press(page.get_by_role("link", name="Ajouter un registre", exact=True))
        type_into(page.get_by_label("Nom du registre"), registre, submit=True)
        expect(page.get_by_role("heading", name=registre)).to_be_visible()

    for registre, criterion in [
        ("Lien social", "Rompre l'isolement"),
        ("Lien social", "Mixité"),
        ("Autonomie", "Démarches seul"),
    ]:
        press(page.get_by_role("link", name=f"Ajouter un critère à « {registre} »"))
        type_into(page.get_by_label("Critère"), criterion, submit=True)

    for criterion, indicator in [
        ("Rompre l'isolement", "Participants réguliers"),
        ("Rompre l'isolement", "Score de solitude"),
        ("Mixité", "Âges représentés"),
        ("Démarches seul", "Démarches abouties"),
        ("Démarches seul", "Tâches sans aide"),
    ]:
        press(page.get_by_role("link", name=f"Ajouter un indicateur à « {criterion} »"))
        type_into(page.get_by_label("Indicateur", exact=True), indicator)
        page.get_by_label("Résultat").focus()
        page.keyboard.press("Space")
        press(page.get_by_role("button", name="Enregistrer"))
        expect(page.get_by_text(indicator, exact=True)).to_be_visible()
    assert Indicator.objects.filter(criterion__registre__referentiel__organisation=organisation).count() == 5

    # Reorder: Autonomie goes first.
    press(page.get_by_role("button", name="Descendre « Lien social »"))
    expect(page.locator(".registre h2").first).to_have_text("Autonomie")

    # Edit in place (HTMX): the form opens inside the page.
    press(page.get_by_role("link", name="Modifier « Tâches sans aide »"))
    inline = page.locator("#item-form")
    expect(inline).to_be_visible()
    type_into(inline.get_by_label("Indicateur", exact=True), "Tâches réalisées sans aide", submit=True)
    expect(page.get_by_text("Tâches réalisées sans aide", exact=True)).to_be_visible()
    expect(page.locator("#item-form")).to_have_count(0)
    assert_accessible(page)

    press(page.get_by_role("link", name="Tableau synthétique"))
    expect(page.get_by_role("rowheader", name="Rompre l'isolement")).to_have_attribute("rowspan", "2")
    assert_accessible(page)
    page.go_back()

    press(page.get_by_role("button", name="Valider cette version"))
    expect(page.get_by_role("status")).to_contain_text("La version 1 est validée")
    press(page.get_by_role("button", name="Commencer une nouvelle version"))
    expect(page.locator("p.meta").first).to_have_text("Version 2 · Brouillon")
    press(page.get_by_role("link", name="Ajouter un indicateur à « Mixité »"))
    type_into(page.get_by_label("Indicateur", exact=True), "Quartiers représentés", submit=True)
    expect(page.get_by_text("Quartiers représentés", exact=True)).to_be_visible()

    press(page.get_by_role("link", name="Voir ce qui a changé entre deux versions"))
    expect(page.locator(".change--added")).to_contain_text("Quartiers représentés")
    assert_accessible(page)
    page.go_back()
    expect(page.get_by_role("button", name="Valider cette version")).to_be_visible()

    press(page.get_by_role("button", name="Valider cette version"))
    expect(page.get_by_role("status")).to_contain_text("La version 2 est validée")
    with page.expect_download() as download_info:
        press(page.get_by_role("link", name="Excel (XLSX)"))
    exported = tmp_path / "referentiel.xlsx"
    download_info.value.save_as(exported)

    press(page.get_by_role("link", name="Importer un fichier comme nouvelle version"))
    expect(page.get_by_role("heading", name="Importer un référentiel")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Fichier à importer").set_input_files(exported)
    press(page.get_by_role("button", name="Importer", exact=True))
    expect(page.get_by_role("status")).to_contain_text("Importé comme version 3 (brouillon)")
    expect(page).to_have_url(re.compile(r"/referentiel/v3/$"))
    imported = Referentiel.objects.get(organisation=organisation, version=3)
    assert Indicator.objects.filter(criterion__registre__referentiel=imported).count() == 6


def test_referentiel_pages_have_no_axe_violation(page, live_server, assert_accessible):
    from tests.factories import IndicatorFactory, ReferentielFactory

    network = NetworkFactory()
    organisation = OrganisationFactory(network=network, name="Ar Vag", slug="ar-vag")
    MembershipFactory(organisation=organisation, role=MembershipRole.ADMIN, user__email="admin@exemple.test")
    empty = OrganisationFactory(network=network, slug="vide")
    MembershipFactory(organisation=empty, role=MembershipRole.ADMIN, user__email="vide@exemple.test")
    validated = IndicatorFactory(
        criterion__registre__referentiel=ReferentielFactory(organisation=organisation, validated=True, shared=True)
    )
    from utilite.referentiels.services import start_new_version

    draft = start_new_version(validated.criterion.registre.referentiel, None)  # type: ignore[arg-type]  # by nobody
    indicator = Indicator.objects.get(criterion__registre__referentiel=draft)
    page.goto(f"{live_server.url}/connexion/")
    type_into(page.get_by_label("Adresse e-mail"), "admin@exemple.test")
    type_into(page.get_by_label("Mot de passe"), PASSWORD, submit=True)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    base = f"{live_server.url}/structures/ar-vag/referentiel"
    for path in [
        "/v2/",
        "/v2/bibliotheque/",
        f"/indicateur/{indicator.pk}/",
        f"/indicateur/{indicator.pk}/modifier/",
        f"/indicateur/{indicator.pk}/supprimer/",
        f"/critere/{indicator.criterion.pk}/ajouter/",
        "/v1/tableau/?level=impact",
        "/comparer/",
        "/importer/",
    ]:
        page.goto(base + path)
        expect(page.locator("h1")).to_be_visible()
        assert_accessible(page)
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/connexion/")
    type_into(page.get_by_label("Adresse e-mail"), "vide@exemple.test")
    type_into(page.get_by_label("Mot de passe"), PASSWORD, submit=True)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.goto(f"{live_server.url}/structures/vide/referentiel/")
    expect(page.get_by_role("button", name="Copier Ar Vag, version 1")).to_be_visible()
    assert_accessible(page)
