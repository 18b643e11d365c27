"""A person answers before and after on a phone without JavaScript; the team sees the change."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import sign_in
from tests.factories import (
    IndicatorFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    ReferentielFactory,
)
from utilite.measures.models import CollectionPlan, IndicatorValue
from utilite.organisations.enums import MembershipRole
from utilite.questionnaires import services
from utilite.questionnaires.services import Given

pytestmark = pytest.mark.django_db(transaction=True)


def answer_on_a_phone(browser, live_server, campaign, code, choice, shot):
    context = browser.new_context(
        locale="fr-FR",
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        has_touch=True,
        java_script_enabled=False,
    )
    page = context.new_page()
    page.goto(f"{live_server.url}{campaign.public_path}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Après l'atelier numérique")
    page.get_by_label("Votre code personnel (facultatif)").fill(code)
    page.get_by_role("button", name="Commencer").tap()
    expect(page.get_by_text("Question 1 sur 11")).to_be_visible()
    page.get_by_label(choice).check()
    if shot:
        page.screenshot(path="var/screenshots/answer-phone.png", full_page=True)
    for _skipped in range(10):  # the self-esteem scale: skipped, every answer is optional
        page.get_by_role("button", name="Suivant").tap()
    page.get_by_role("button", name="Terminer").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Merci ! Une dernière étape")
    page.get_by_role("button", name="Envoyer mes réponses").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Merci pour vos réponses")
    context.close()


def check_answer_pages(browser, live_server, campaign, assert_accessible):
    """axe needs JavaScript in the page: the same pages, checked in a context that has it."""
    page = browser.new_context(locale="fr-FR", viewport={"width": 360, "height": 740}).new_page()
    for path in ["", "1/", "envoi/", "merci/"]:
        page.goto(f"{live_server.url}{campaign.public_path}{path}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
    page.context.close()


def test_before_and_after_on_a_phone_without_javascript(browser, live_server, assert_accessible):
    organisation = OrganisationFactory(network=NetworkFactory(), name="Les Abeilles", slug="abeilles")
    indicator = IndicatorFactory(
        title="Part des personnes plus à l'aise",
        kind="percentage",
        criterion__registre__referentiel=ReferentielFactory(organisation=organisation, validated=True),
    )
    CollectionPlan.objects.create(organisation=organisation, indicator_uid=indicator.uid, period_type="quarterly")
    staff = MembershipFactory(organisation=organisation, role=MembershipRole.EMPLOYEE, user__email="anim@exemple.test")
    questionnaire = services.create_questionnaire(
        organisation=organisation, user=staff.user, title="Après l'atelier numérique"
    )
    question = services.add_question(
        questionnaire.sections.get(),
        wording="Vous sentez-vous à l'aise avec le téléphone ?",
        kind="scale",
        indicator_uid=indicator.uid,
        statistic="share_improved",
    )
    scale = services.add_module(questionnaire, "rosenberg")
    quarter = datetime.date(2026, 10, 1)
    before = services.create_campaign(questionnaire=questionnaire, user=staff.user, period_start=quarter)
    after = services.create_campaign(
        questionnaire=questionnaire, user=staff.user, moment="after", compared_with=before, period_start=quarter
    )
    for code in ["A1", "B2", "C3", "D4"]:  # four people already answered twice, without change
        services.submit_response(before, {question.pk: Given(number=Decimal(3))}, code=code)
        services.submit_response(after, {question.pk: Given(number=Decimal(3))}, code=code)

    answer_on_a_phone(browser, live_server, before, "LUNE-7", "Pas vraiment", shot=True)
    answer_on_a_phone(browser, live_server, after, "lune 7", "Beaucoup", shot=False)

    value = IndicatorValue.objects.get(organisation=organisation, indicator_uid=indicator.uid)
    assert value.value == Decimal("20.0")  # 1 person of 5 improved
    assert value.period_start == quarter

    check_answer_pages(browser, live_server, after, assert_accessible)
    page = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900}).new_page()
    sign_in(page, live_server, "anim@exemple.test")
    page.goto(f"{live_server.url}/structures/abeilles/questionnaires/campagnes/{after.pk}/resultats/")
    change = page.locator(".change")
    expect(change).to_contain_text("5 personnes ont répondu les deux fois")
    expect(change).to_contain_text("1 en progrès")
    assert_accessible(page)
    page.screenshot(path="var/screenshots/questionnaire-results.png", full_page=True)
    for path in [
        "/structures/abeilles/questionnaires/",
        f"/structures/abeilles/questionnaires/{questionnaire.pk}/",
        f"/structures/abeilles/questionnaires/campagnes/{after.pk}/",
        f"/structures/abeilles/questionnaires/campagnes/{after.pk}/affiche/",
        f"/structures/abeilles/questionnaires/{questionnaire.pk}/questions/{question.pk}/",
        f"/structures/abeilles/questionnaires/{questionnaire.pk}/campagnes/nouvelle/",
        f"/structures/abeilles/questionnaires/campagnes/{after.pk}/papier/",
        "/structures/abeilles/questionnaires/import-xlsform/",
        f"/structures/abeilles/questionnaires/{questionnaire.pk}/sections/{scale.pk}/indicateur/",
    ]:
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
        page.screenshot(path=f"var/screenshots/questionnaire-{path.strip('/').replace('/', '-')}.png", full_page=True)
    page.goto(f"{live_server.url}/structures/abeilles/collecte/valeurs/?periode=quarter&p=2026-T4")
    expect(page.get_by_label("Valeur")).to_have_value("20")  # written as every figure (measures.figures)
