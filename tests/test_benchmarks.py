"""The national tier's generator (`benchmarks/national.py`) on a small scale: it builds what it
says, its bulk aggregates are those `rebuild_aggregates` finds, and the tier's synthesis adds up.
PostgreSQL only, like the generator (arrays, generate_series)."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from benchmarks import national
from utilite.activities.models import ActivityRecord, MonthlyActivity, NetworkActivity
from utilite.commons import snapshots
from utilite.commons.synthesis import Filters
from utilite.measures.models import IndicatorValue
from utilite.organisations.models import Organisation
from utilite.places.models import Place
from utilite.questionnaires.models import Answer
from utilite.testimonies.models import ConsentScope

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the generator writes PostgreSQL's SQL"),
]


def test_a_small_tier_is_built_with_its_aggregates_and_adds_up():
    tier = national.Tier("mini", structures=6, places=12, users=10, sessions=900, answers=400)
    built = national.build(tier, lambda line: None)
    network = built["network"]
    assert Organisation.objects.filter(network=network).count() == 6
    assert Place.objects.filter(network=network).count() == 12
    assert ActivityRecord.objects.filter(organisation__network=network).count() >= 890  # rounded shares
    assert IndicatorValue.objects.filter(organisation__network=network).count() > 6 * 16 * 36
    assert Answer.objects.count() > 0
    largest, smallest = (ActivityRecord.objects.filter(organisation__slug=f"mini-{rank}").count() for rank in (1, 6))
    assert largest > 3 * smallest  # a few large structures, many small ones

    def aggregates():
        return (
            sorted(
                MonthlyActivity.objects.values_list("organisation", "action_key", "month", "sessions", "participants")
            ),
            sorted(NetworkActivity.objects.values_list("network", "month", "sessions", "participants", "minutes")),
        )

    generated = aggregates()
    call_command("rebuild_aggregates", stdout=io.StringIO())
    assert aggregates() == generated

    filters = Filters(start=national.START, end=national.START.replace(year=national.START.year + 2, month=12, day=31))
    result = snapshots.read(network, filters, audience=ConsentScope.FUNDERS).synthesis
    assert result is not None
    assert result.structures == 6
    figures = [figure for summary in result.dimensions for figure in summary.figures]
    assert len(figures) == 8
    assert all(figure.structures == 6 and figure.value for figure in figures)
