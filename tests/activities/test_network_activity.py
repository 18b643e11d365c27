"""A network's months of activity kept in step with its structures', at a bounded cost."""

import datetime

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext

from tests.factories import OrganisationFactory
from utilite.activities import services
from utilite.activities.models import ActivityRecord, NetworkActivity

pytestmark = pytest.mark.django_db


def test_logging_a_session_costs_the_same_in_a_network_of_2_or_40_busy_structures(world):
    def cost():
        with CaptureQueriesContext(connection) as queries:
            services.log_activity(
                organisation=world.org_a, user=world.coordinator, date=datetime.date(2026, 3, 2), participants=3
            )
        return len(queries)

    def busy(count):
        for organisation in [OrganisationFactory(network=world.network) for _ in range(count)]:
            for month in (1, 2, 3):
                services.log_activity(
                    organisation=organisation,
                    user=world.coordinator,
                    date=datetime.date(2026, month, 5),
                    participants=2,
                )

    busy(1)
    cost()  # the month's rows exist from now on
    small = cost()
    busy(39)
    assert cost() == small
    march = NetworkActivity.objects.get(network=world.network, month=datetime.date(2026, 3, 1))
    records = ActivityRecord.objects.filter(organisation__network=world.network, date__month=3, date__year=2026)
    assert (march.sessions, march.participants) == (
        records.count(),
        records.aggregate(total=Sum("participants"))["total"],
    )
    assert march.sessions >= 43  # 40 structures, and the three sessions above


def test_moving_and_deleting_a_session_moves_the_network_months(world):
    record = services.log_activity(
        organisation=world.org_a, user=world.coordinator, date=datetime.date(2026, 1, 10), participants=4
    )
    services.update_activity(record, themes=[], date=datetime.date(2026, 2, 10), participants=6)

    def month(number):
        row = NetworkActivity.objects.filter(network=world.network, month=datetime.date(2026, number, 1)).first()
        return (row.sessions, row.participants) if row else (0, 0)

    january, february = month(1), month(2)
    services.delete_activity(record)
    assert month(2) == (february[0] - 1, february[1] - 6)
    assert month(1) == january
