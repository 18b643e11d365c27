"""The dashboard and the value grid cost a fixed number of queries, whatever the data size."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import client_for
from tests.factories import ActionFactory, CriterionFactory, IndicatorFactory, ReferentielFactory
from utilite.activities.models import ActivityRecord
from utilite.activities.services import rebuild_aggregates
from utilite.measures.models import CollectionPlan, IndicatorValue

pytestmark = pytest.mark.django_db


def add_sessions(organisation, actions, count):
    """`count` sessions spread over the last 12 months and the actions, written in bulk."""
    today = timezone.localdate()
    ActivityRecord.objects.bulk_create(
        (
            ActivityRecord(
                organisation=organisation,
                action=actions[n % len(actions)] if n % 3 else None,
                date=today - datetime.timedelta(days=n % 365),
                participants=1 + n % 9,
                gender_female=n % 2,
            )
            for n in range(count)
        ),
        batch_size=5000,
    )
    rebuild_aggregates(organisation)


def test_dashboard_and_grid_cost_the_same_for_100_and_100000_sessions_and_10_and_150_indicators(world, sql_snapshot):
    organisation = world.org_a
    referentiel = ReferentielFactory(organisation=organisation, validated=True)
    actions = ActionFactory.create_batch(3, organisation=organisation)
    this_month = timezone.localdate().replace(day=1)
    client = client_for(world.member_a)

    def grow(to):
        kinds = ["count", "qualitative", "yes_no", "percentage", "count"]
        while IndicatorValue.objects.filter(organisation=organisation).count() < to:
            criterion = CriterionFactory(registre__referentiel=referentiel)
            for index, kind in enumerate(kinds):
                indicator = IndicatorFactory(criterion=criterion, kind=kind)
                if index == 0:
                    CollectionPlan.objects.create(
                        organisation=organisation, indicator_uid=indicator.uid, computed_from="participants"
                    )
                if index == 4:
                    indicator.actions.set(actions[:2])
                IndicatorValue.objects.create(
                    organisation=organisation,
                    indicator_uid=indicator.uid,
                    granularity="month",
                    period_start=this_month,
                    action=actions[0] if index == 4 else None,
                    value=1,
                    text="Observation" if kind == "qualitative" else "",
                    breakdown={"gender_female": 1} if kind == "count" else {},
                )

    def queries():
        counts = []
        for page in ("measures:dashboard", "measures:grid"):
            with CaptureQueriesContext(connection) as captured:
                response = client.get(reverse(page, kwargs={"slug": organisation.slug}))
            assert response.status_code == 200
            counts.append(len(captured))
        return counts

    grow(10)
    add_sessions(organisation, actions, 100)
    small = queries()
    grow(150)
    add_sessions(organisation, actions, 100_000 - 100)
    assert ActivityRecord.objects.filter(organisation=organisation).count() == 100_000
    assert queries() == small
    assert max(small) <= 20
    sql_snapshot(client, reverse("measures:dashboard", kwargs={"slug": organisation.slug}), "dashboard")
    sql_snapshot(client, reverse("measures:grid", kwargs={"slug": organisation.slug}), "value-grid")
