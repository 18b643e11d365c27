"""Log a session on a phone-sized screen."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import sign_in
from tests.factories import (
    ActionFactory,
    IndicatorFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    ReferentielFactory,
)
from utilite.activities.models import ActivityRecord, MonthlyActivity
from utilite.measures.models import CollectionPlan
from utilite.organisations.enums import MembershipRole

pytestmark = pytest.mark.django_db(transaction=True)


def test_log_a_collective_session_with_anonymous_counts_on_a_phone(browser, live_server, assert_accessible):
    organisation = OrganisationFactory(network=NetworkFactory(), name="B2 Web Café", slug="b2")
    ActionFactory(organisation=organisation, title="Web café du vendredi")
    indicator = IndicatorFactory(
        title="Participations aux ateliers",
        criterion__registre__referentiel=ReferentielFactory(organisation=organisation, validated=True),
    )
    CollectionPlan.objects.create(
        organisation=organisation, indicator_uid=indicator.uid, period_type="monthly", computed_from="participants"
    )
    MembershipFactory(organisation=organisation, role=MembershipRole.VOLUNTEER, user__email="benevole@exemple.test")
    context = browser.new_context(
        locale="fr-FR", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    sign_in(page, live_server, "benevole@exemple.test")

    page.goto(f"{live_server.url}/structures/b2/seances/nouvelle/")
    assert_accessible(page)
    page.get_by_label("Atelier collectif").check()
    page.get_by_label("Autre durée", exact=True).check()
    page.get_by_label("Autre durée, en minutes").fill("75")
    page.get_by_label("Action").select_option(label="Web café du vendredi")
    page.get_by_label("Nombre de participants").fill("6")
    page.get_by_text("Thèmes, lieu, matériel, autonomie").tap()
    page.get_by_label("E-mail").check()
    page.get_by_text("Qui est venu : effectifs anonymes").tap()
    page.get_by_label("femmes").fill("4")
    page.get_by_label("70 ans ou plus").fill("2")
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer", exact=True).tap()

    expect(page.get_by_role("status")).to_contain_text("La séance a été enregistrée.")
    expect(page.locator(".figures")).to_contain_text("6")
    assert_accessible(page)
    record = ActivityRecord.objects.get(organisation=organisation)
    assert (record.participants, record.gender_female, record.age_70_plus, record.not_communicated("gender")) == (
        6,
        4,
        2,
        2,
    )
    assert MonthlyActivity.objects.get(organisation=organisation).minutes == 75
    expect(page.locator("table")).to_contain_text("1 h 15")

    # The réalisation indicator has filled itself for this month.
    page.goto(f"{live_server.url}/structures/b2/collecte/valeurs/")
    expect(page.locator(".value-item", has_text="Participations aux ateliers").locator(".figure")).to_have_text("6")
    assert_accessible(page)
    page.goto(f"{live_server.url}/structures/b2/collecte/plan/")
    assert_accessible(page)

    # …and the dashboard shows it.
    page.goto(f"{live_server.url}/structures/b2/tableau-de-bord/")
    card = page.locator(".indicator-card", has_text="Participations aux ateliers")
    expect(card.locator(".figure")).to_have_text("6")
    assert_accessible(page)
    context.close()
