"""Values per action, optional details by gender/age/situation, and small-group protection."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import client_for
from tests.factories import ActionFactory, CriterionFactory, IndicatorFactory, ReferentielFactory
from utilite.activities.services import log_activity
from utilite.measures.models import IndicatorValue

pytestmark = pytest.mark.django_db


def url(name, organisation):
    return reverse(f"measures:{name}", kwargs={"slug": organisation.slug})


@pytest.fixture
def scoped(world):
    """Structure A: an indicator for two of its actions, and one for the whole structure."""
    referentiel = ReferentielFactory(
        organisation=world.org_a, validated=True, validated_at=timezone.now() - datetime.timedelta(days=400)
    )
    criterion = CriterionFactory(registre__referentiel=referentiel, title="Autonomie")
    tuesday = ActionFactory(organisation=world.org_a, title="Atelier du mardi")
    cafe = ActionFactory(organisation=world.org_a, title="Café numérique")
    other = ActionFactory(organisation=world.org_a, title="Permanence")
    per_action = IndicatorFactory(criterion=criterion, title="Personnes venues seules", kind="count")
    per_action.actions.set([tuesday, cafe])
    whole = IndicatorFactory(criterion=criterion, title="Partenaires rencontrés", kind="count")
    return world, per_action, whole, tuesday, cafe, other


def month_grid(organisation):
    return url("grid", organisation) + "?periode=month&p=" + timezone.localdate().strftime("%Y-%m")


def test_an_indicator_of_some_actions_takes_one_value_per_action(scoped):
    world, per_action, whole, tuesday, cafe, _other = scoped
    client = client_for(world.member_a)
    page = client.get(month_grid(world.org_a)).content.decode()
    assert "<legend>Atelier du mardi</legend>" in page
    assert "<legend>Café numérique</legend>" in page
    response = client.post(
        month_grid(world.org_a),
        {
            f"i{per_action.pk}-a{tuesday.pk}-value": "8",
            f"i{per_action.pk}-a{cafe.pk}-value": "5",
            f"i{whole.pk}-value": "3",
        },
    )
    assert response.status_code == 302
    values = {value.action: value.value for value in IndicatorValue.objects.filter(indicator_uid=per_action.uid)}
    assert values == {tuesday: Decimal(8), cafe: Decimal(5)}
    assert IndicatorValue.objects.get(indicator_uid=whole.uid).action is None

    dashboard = client.get(url("dashboard", world.org_a)).content.decode()
    assert '<strong class="figure">13</strong>' in dashboard  # both actions together
    only_cafe = client.get(url("dashboard", world.org_a), {"action": cafe.pk}).content.decode()
    assert '<strong class="figure">5</strong>' in only_cafe
    assert "Partenaires rencontrés" in only_cafe  # the whole structure's indicators stay


def test_filtering_on_another_action_hides_indicators_that_do_not_concern_it(scoped):
    world, _per_action, _whole, _tuesday, _cafe, other = scoped
    page = client_for(world.member_a).get(url("dashboard", world.org_a), {"action": other.pk}).content.decode()
    assert "Personnes venues seules" not in page
    assert "Partenaires rencontrés" in page


def test_a_missing_action_value_counts_as_missing(scoped):
    world, per_action, _whole, tuesday, _cafe, _other = scoped
    client = client_for(world.member_a)
    before = client.get(url("dashboard", world.org_a)).content.decode()
    client.post(month_grid(world.org_a), {f"i{per_action.pk}-a{tuesday.pk}-value": "8"})
    after = client.get(url("dashboard", world.org_a)).content.decode()

    def missing(page):
        return int(page.split('notice--warning">')[1].split(" ")[0])

    assert missing(before) - missing(after) == 1


def test_details_of_a_count_are_checked_against_the_total_and_kept_in_history(scoped):
    world, _per_action, whole, *_ = scoped
    client = client_for(world.member_a)
    prefix = f"i{whole.pk}"
    response = client.post(month_grid(world.org_a), {f"{prefix}-gender_female": "4"})
    assert "Saisissez le total avant le détail." in response.content.decode()
    response = client.post(month_grid(world.org_a), {f"{prefix}-value": "5", f"{prefix}-gender_female": "6"})
    assert "Les effectifs par genre font 6, plus que le total de 5." in response.content.decode()
    response = client.post(month_grid(world.org_a), {f"{prefix}-value": "2.5"})
    assert "Un effectif est un nombre entier." in response.content.decode()
    assert not IndicatorValue.objects.exists()

    client.post(
        month_grid(world.org_a), {f"{prefix}-value": "12", f"{prefix}-gender_female": "9", f"{prefix}-gender_male": ""}
    )
    value = IndicatorValue.objects.get()
    assert value.breakdown == {"gender_female": 9}
    client.post(
        month_grid(world.org_a),
        {f"{prefix}-value": "12", f"{prefix}-gender_female": "7", f"{prefix}-revision": "1"},
    )
    value.refresh_from_db()
    assert value.breakdown == {"gender_female": 7}
    assert value.changes.get().previous_breakdown == {"gender_female": 9}


def test_details_under_5_people_are_never_shown(scoped):
    world, _per_action, whole, *_ = scoped
    client = client_for(world.member_a)
    prefix = f"i{whole.pk}"
    client.post(
        month_grid(world.org_a),
        {f"{prefix}-value": "30", f"{prefix}-gender_female": "26", f"{prefix}-gender_male": "3"},
    )
    page = client.get(url("dashboard", world.org_a)).content.decode()
    details = page.split("Partenaires rencontrés", 1)[1].split("</li>")[0]
    assert "<td>25</td>" in details  # 26, rounded to base 5
    assert "<td>3</td>" not in details
    assert details.count("moins de 5") == 2  # the 3 men, and the 1 "not communicated" with them


def test_who_came_is_broken_down_only_for_groups_of_5_or_more(scoped):
    world, *_ = scoped
    client = client_for(world.member_a)
    log_activity(organisation=world.org_a, user=world.member_a, participants=3, gender_female=2, gender_male=1)
    page = client.get(url("dashboard", world.org_a)).content.decode()
    section = page.split('id="dash-public"')[1]
    assert "3 participations depuis" in section
    assert "Moins de 5 personnes : aucun détail n" in section
    assert "<td>2</td>" not in section
    log_activity(organisation=world.org_a, user=world.member_a, participants=20, gender_female=12, gender_male=8)
    section = client.get(url("dashboard", world.org_a)).content.decode().split('id="dash-public"')[1]
    assert "<td>15</td>" in section  # 14 women, rounded to base 5
    assert "<td>10</td>" in section  # 9 men
    assert "<td>0</td>" in section  # nobody left "not communicated"
