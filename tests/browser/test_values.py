"""Enter values per action with their optional details, then read them on the dashboard."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.helpers import sign_in
from tests.factories import (
    ActionFactory,
    CriterionFactory,
    IndicatorFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    ReferentielFactory,
)
from utilite.measures.models import IndicatorValue
from utilite.organisations.enums import MembershipRole

pytestmark = pytest.mark.django_db(transaction=True)


def test_values_per_action_with_details_reach_the_dashboard(page, live_server, assert_accessible):
    organisation = OrganisationFactory(network=NetworkFactory(), name="Maison des Quartiers", slug="mdq")
    tuesday = ActionFactory(organisation=organisation, title="Atelier du mardi")
    cafe = ActionFactory(organisation=organisation, title="Café numérique")
    referentiel = ReferentielFactory(organisation=organisation, validated=True)
    criterion = CriterionFactory(registre__referentiel=referentiel, registre__title="Lien social", title="Isolement")
    came_alone = IndicatorFactory(criterion=criterion, title="Personnes venues seules", kind="count")
    came_alone.actions.set([tuesday, cafe])
    IndicatorFactory(criterion=criterion, title="Ce qui a changé", kind="qualitative")
    MembershipFactory(organisation=organisation, role=MembershipRole.EMPLOYEE, user__email="salariee@exemple.test")

    sign_in(page, live_server, "salariee@exemple.test")

    page.goto(f"{live_server.url}/structures/mdq/collecte/valeurs/")
    tuesday_box = page.get_by_role("group", name="Atelier du mardi")
    tuesday_box.get_by_label("Valeur").fill("15")
    tuesday_box.get_by_text("Détail par genre, âge, situation").click()
    tuesday_box.get_by_label("femmes").fill("9")
    tuesday_box.get_by_label("hommes").fill("5")
    page.get_by_role("group", name="Café numérique").get_by_label("Valeur").fill("2")
    page.get_by_label("Observation").fill("Des habitants viennent maintenant sans être accompagnés.")
    assert_accessible(page)
    page.screenshot(path="var/screenshots/values-grid.png", full_page=True)
    page.get_by_role("button", name="Enregistrer les valeurs").click()
    expect(page.get_by_role("status")).to_contain_text("ont été enregistrées")
    assert IndicatorValue.objects.filter(organisation=organisation).count() == 3

    page.goto(f"{live_server.url}/structures/mdq/tableau-de-bord/")
    card = page.locator(".indicator-card", has_text="Personnes venues seules")
    expect(card.locator(".figure")).to_have_text("17")
    card.get_by_text("Chiffres par période").click()
    details = card.get_by_role("table", name="Par genre")
    expect(details).to_contain_text("10")  # 9 women, rounded to base 5 (core.privacy)
    expect(details).to_contain_text("moins de 5")  # the 3 not communicated, and the 5 men with them
    assert_accessible(page)
    page.screenshot(path="var/screenshots/dashboard-details.png", full_page=True)

    only_cafe = f"{live_server.url}/structures/mdq/tableau-de-bord/?action={cafe.pk}"
    page.goto(only_cafe)
    expect(page.locator(".indicator-card", has_text="Personnes venues seules").locator(".figure")).to_have_text("2")

    page.goto(f"{live_server.url}/structures/mdq/collecte/valeurs/import/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Importer des valeurs depuis un tableur")
    assert_accessible(page)
    page.screenshot(path="var/screenshots/values-import.png", full_page=True)
    period = timezone.localdate().strftime("%Y-%m")
    assert page.locator("#id_p").input_value() == period
