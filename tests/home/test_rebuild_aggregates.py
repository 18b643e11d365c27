"""The aggregates kept in step on write are exactly those recomputed from the records."""

import datetime
import io

import pytest
from django.core.management import call_command

from tests.factories import OrganisationFactory
from utilite.activities import services
from utilite.activities.enums import BREAKDOWN_FIELDS
from utilite.activities.models import ActivityRecord, MonthlyActivity, MonthlyTheme, NetworkActivity
from utilite.commons.models import SynthesisSnapshot

pytestmark = pytest.mark.django_db


def figures():
    monthly = sorted(
        MonthlyActivity.objects.filter(sessions__gt=0).values_list(
            "organisation", "action_key", "month", "sessions", "participants", "minutes", *BREAKDOWN_FIELDS
        )
    )
    themes = sorted(
        MonthlyTheme.objects.filter(sessions__gt=0).values_list("organisation", "month", "code", "sessions")
    )
    network = sorted(
        NetworkActivity.objects.exclude(sessions=0, participants=0, minutes=0).values_list(
            "network", "month", "sessions", "participants", "minutes"
        )
    )
    return monthly, themes, network


def test_the_rebuild_command_reproduces_the_incremental_figures(world):
    other = OrganisationFactory(network=world.network)
    elsewhere = OrganisationFactory()  # another network
    user = world.coordinator
    before = ActivityRecord.objects.count()  # the world's own
    logged = []
    for number in range(30):
        organisation = (world.org_a, world.org_b, other, elsewhere)[number % 4]
        logged.append(
            services.log_activity(
                organisation=organisation,
                user=user,
                date=datetime.date(2026, 1 + number % 5, 1 + number % 27),
                participants=1 + number % 6,
                duration_minutes=30 + number,
                **{BREAKDOWN_FIELDS[0]: number % 2, BREAKDOWN_FIELDS[-1]: 1 if number % 3 == 0 else 0},
                themes=["email", "browsing"][: number % 3],
            )
        )
    for record in logged[:8]:  # moved to another month, with other people
        services.update_activity(
            record, themes=["diagnosis"], date=datetime.date(2026, 7, 3), participants=record.participants + 2
        )
    for record in logged[20:25]:
        services.delete_activity(record)
    assert ActivityRecord.objects.count() == before + 25
    incremental = figures()
    assert sum(row[2] for row in incremental[2]) == before + 25  # the network months are there

    NetworkActivity.objects.filter(network=world.network).update(participants=0)  # broken meanwhile
    SynthesisSnapshot.objects.create(network=world.network, key="k", payload={}, stale=False)
    output = io.StringIO()
    call_command("rebuild_aggregates", stdout=output)
    assert figures() == incremental
    assert " network months, 1 syntheses to compute again" in output.getvalue()
    assert SynthesisSnapshot.objects.get().stale  # the syntheses are computed again
