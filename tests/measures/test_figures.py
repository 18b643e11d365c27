"""One rule for every figure: an hours indicator and a percentage read the same on the value grid,
the dashboard, a published fiche's PDF and the territory synthesis."""

import io
from decimal import Decimal

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import client_for
from tests.factories import CriterionFactory, IndicatorFactory, ReferentielFactory
from tests.fiches.test_documents import _render
from utilite.activities.services import log_activity
from utilite.commons import services as commons
from utilite.commons.models import CommonIndicator
from utilite.fiches import services as fiches
from utilite.measures import figures
from utilite.measures.grid import ComputedValues
from utilite.measures.models import CollectionPlan, IndicatorValue

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        ("count", Decimal("12.00"), Decimal(12)),
        ("percentage", Decimal("66.666"), Decimal("66.7")),
        ("yes_no", Decimal("0.5"), Decimal("0.5")),
        ("scale", Decimal("3.456"), Decimal("3.46")),
        ("ordinal", Decimal("2.005"), Decimal("2.01")),
        ("qualitative", Decimal("1"), Decimal(1)),
    ],
)
def test_each_kind_has_one_rounding_rule(kind, value, expected):
    assert figures.for_kind(value, kind) == expected
    assert str(figures.for_kind(value, kind)) == str(expected)


def test_hours_percentages_and_means():
    assert figures.hours(100) == Decimal("1.7")
    assert figures.hours(90) == Decimal("1.5")
    assert str(figures.hours(120)) == "2"
    assert figures.percentage(2, 3) == Decimal("66.7")
    assert figures.percentage(1, 0) is None
    assert str(figures.mean(Decimal("3.50"))) == "3.5"
    rows: list[dict[str, int | None]] = [
        {"sessions": 2, "participants": 9, "minutes": 60},
        {"sessions": 1, "participants": None, "minutes": 40},
    ]
    assert figures.computed("hours", rows) == Decimal("1.7")
    assert figures.computed("participants", rows) == 9
    assert figures.combined("count", [Decimal(3), Decimal(4)]) == 7
    assert figures.combined("percentage", [Decimal(50), Decimal("66.7")]) == Decimal("58.4")


def test_figures_are_written_in_french():
    assert figures.as_text(Decimal("1.70")) == "1,7"
    assert figures.as_text(Decimal("100.00")) == "100"
    assert figures.as_text("66.7") == "66,7"  # as kept in a fiche's snapshot
    assert figures.as_text(None) == ""


@pytest.fixture
def measured(world):
    """Structure A: 100 minutes of sessions this month (an hours indicator filled from them) and
    a satisfaction of 66.7 %, both mapped to the published common référentiel."""
    today = timezone.localdate()
    referentiel = ReferentielFactory(organisation=world.org_a, validated=True, shared=True)
    criterion = CriterionFactory(registre__referentiel=referentiel, title="Accès aux droits")
    hours = IndicatorFactory(criterion=criterion, title="Heures d'accompagnement", kind="count", unit="heures")
    share = IndicatorFactory(criterion=criterion, title="Personnes satisfaites", kind="percentage", unit="%")
    CollectionPlan.objects.create(organisation=world.org_a, indicator_uid=hours.uid, computed_from="hours")
    for minutes in (60, 40):
        log_activity(
            organisation=world.org_a, user=world.member_a, participants=6, duration_minutes=minutes, date=today
        )
    IndicatorValue.objects.create(
        organisation=world.org_a,
        indicator_uid=share.uid,
        granularity="month",
        period_start=today.replace(day=1),
        value=Decimal("66.7"),
    )
    draft = commons.start_common(world.network, world.coordinator)
    common_criterion = commons.add_item(
        "criterion", parent=draft.dimensions.get(position=1), user=world.coordinator, title="Droits"
    )
    common_hours = commons.add_item(
        "indicator", parent=common_criterion, user=world.coordinator, title="Heures", unit="heures"
    )
    common_share = commons.add_item(
        "indicator",
        parent=common_criterion,
        user=world.coordinator,
        title="Satisfaction",
        indicator_kind="percentage",
        unit="%",
        aggregation="mean",
    )
    commons.publish(draft, world.coordinator)
    assert isinstance(common_hours, CommonIndicator)
    assert isinstance(common_share, CommonIndicator)
    commons.map_item(world.org_a, hours, common_hours, user=world.member_a)
    commons.map_item(world.org_a, share, common_share, user=world.member_a)
    return world, today


def test_an_hours_indicator_and_a_percentage_read_the_same_everywhere(measured, django_capture_on_commit_callbacks):
    world, today = measured
    member = client_for(world.member_a)
    slug = world.org_a.slug

    grid = member.get(reverse("measures:grid", args=[slug])).content.decode()
    assert '<strong class="figure">1,7</strong>' in grid
    assert 'value="66,7"' in grid  # the percentage as entered, in the form

    dashboard = member.get(reverse("measures:dashboard", args=[slug])).content.decode()
    assert '<strong class="figure">1,7</strong>' in dashboard
    assert '<strong class="figure">66,7</strong>' in dashboard

    fiche = fiches.create_fiche(
        organisation=world.org_a,
        user=world.member_a,
        title="Bilan",
        period_start=today.replace(month=1, day=1),
        period_end=today.replace(month=12, day=31),
    )
    fiches.publish(fiche, world.member_a)
    _rendering, content = _render(member, fiche, django_capture_on_commit_callbacks, format="pdf")
    pages = pypdf.PdfReader(io.BytesIO(content)).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert "1,7 heures" in text
    assert "66,7 %" in text
    assert "1,67" not in text

    synthesis = client_for(world.coordinator).get(reverse("commons:synthesis", args=[world.network.slug]))
    page = synthesis.content.decode()
    assert "<strong>1,7</strong>" in page
    assert "<strong>66,7</strong>" in page


def test_the_grid_and_the_dashboard_share_the_rounding_of_hours(measured):
    world, today = measured
    values = ComputedValues(world.org_a, "month", today.replace(day=1))
    assert values.get("hours") == Decimal("1.7")
    assert values.get("sessions") == 2
    assert values.get("participants") == 12
