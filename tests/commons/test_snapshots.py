"""The territory synthesis is read from a snapshot: computed at once in a small network, in the
background in a large one (the page says when its figures were computed), marked stale by the
writes that change it, and the same figures either way."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import client_for
from utilite.activities import services as activities
from utilite.commons import services, snapshots
from utilite.commons.models import SynthesisSnapshot
from utilite.commons.synthesis import Filters, synthesis
from utilite.measures.models import IndicatorValue
from utilite.organisations.models import Sector
from utilite.referentiels.models import Indicator
from utilite.testimonies.models import ConsentScope

from .conftest import add_values

pytestmark = pytest.mark.django_db
PERIOD = {"start": "2026-01-01", "end": "2026-12-31"}


def mapped(territory, values=(10, 20, 30)):
    for organisation, value in zip(territory.shared[:2], values, strict=False):
        own = Indicator.objects.get(criterion__registre__referentiel__organisation=organisation)
        services.map_item(organisation, own, territory.people, user=territory.world.coordinator)
        add_values(organisation, own.uid, [value, value])
    return Indicator.objects.get(criterion__registre__referentiel__organisation=territory.shared[0])


def url(world):
    return reverse("commons:synthesis", kwargs={"slug": world.network.slug})


def test_a_small_network_sees_a_value_just_entered_and_when_the_figures_were_computed(territory):
    world = territory.world
    own = mapped(territory)
    client = client_for(world.coordinator)
    page = client.get(url(world), PERIOD).content.decode()
    assert "<strong>60</strong>" in page  # (10 + 10) + (20 + 20)
    assert "Chiffres calculés le" in page
    IndicatorValue.objects.create(
        organisation=territory.shared[0],
        indicator_uid=own.uid,
        granularity="month",
        period_start=datetime.date(2026, 3, 1),
        value=Decimal(20),
    )
    assert SynthesisSnapshot.objects.get(filters__audience=ConsentScope.FUNDERS).stale
    assert "<strong>80</strong>" in client.get(url(world), PERIOD).content.decode()


def test_a_large_network_computes_in_the_background_once_and_shows_older_figures_meanwhile(
    territory, settings, django_capture_on_commit_callbacks
):
    settings.SYNTHESIS_SYNC_STRUCTURES = 1
    settings.SYNTHESIS_MIN_INTERVAL = 0
    world = territory.world
    own = mapped(territory)
    client = client_for(world.coordinator)
    with django_capture_on_commit_callbacks() as queued:
        first = client.get(url(world), PERIOD)
        again = client.get(url(world), PERIOD)
        poll = client.get(url(world), PERIOD, headers={"HX-Request": "true"})
    assert len(queued) == 1  # however many people look
    page = first.content.decode()
    assert "sont en cours de calcul" in page
    assert 'hx-trigger="every 3s"' in page
    assert "Actualiser" in page
    assert again.status_code == poll.status_code == 200
    assert "<html" not in poll.content.decode()  # the polled fragment only
    queued[0]()  # the worker
    assert client.get(url(world), PERIOD, headers={"HX-Request": "true"})["HX-Refresh"] == "true"
    assert "<strong>60</strong>" in client.get(url(world), PERIOD).content.decode()

    IndicatorValue.objects.create(  # March: 20 more
        organisation=territory.shared[0],
        indicator_uid=own.uid,
        granularity="month",
        period_start=datetime.date(2026, 3, 1),
        value=Decimal(20),
    )
    with django_capture_on_commit_callbacks() as queued:
        stale = client.get(url(world), PERIOD).content.decode()
    assert "<strong>60</strong>" in stale  # the figures it has, and what is going on
    assert "les changements faits depuis sont en cours de calcul" in stale
    queued[0]()
    assert "<strong>80</strong>" in client.get(url(world), PERIOD).content.decode()


def test_the_snapshot_gives_the_figures_the_synthesis_computes(territory):
    mapped(territory)
    filters = Filters(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31))
    direct = synthesis(territory.world.network, filters, audience=ConsentScope.FUNDERS)
    read = snapshots.read(territory.world.network, filters, audience=ConsentScope.FUNDERS).synthesis
    again = snapshots.read(territory.world.network, filters, audience=ConsentScope.FUNDERS).synthesis
    for result in (read, again):
        assert result is not None
        assert (result.structures, result.people, result.specific_criteria) == (
            direct.structures,
            direct.people,
            direct.specific_criteria,
        )
        assert [(s.dimension.pk, s.structures, s.criteria_covered, s.testimonies) for s in result.dimensions] == [
            (s.dimension.pk, s.structures, s.criteria_covered, s.testimonies) for s in direct.dimensions
        ]
        assert [
            (f.indicator.uid, f.structures, f.value, f.spread, f.small) for s in result.dimensions for f in s.figures
        ] == [
            (f.indicator.uid, f.structures, f.value, f.spread, f.small) for s in direct.dimensions for f in s.figures
        ]


def test_writes_that_change_a_synthesis_mark_it_stale(territory):
    world = territory.world
    mapped(territory)
    filters = Filters(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31))

    def fresh_then(write):
        snapshots.read(world.network, filters, audience=ConsentScope.FUNDERS)
        assert not SynthesisSnapshot.objects.get().stale
        write()
        return SynthesisSnapshot.objects.get().stale

    lucioles = territory.shared[0]
    assert fresh_then(lambda: activities.log_activity(organisation=lucioles, user=world.coordinator, participants=4))
    assert fresh_then(lambda: lucioles.sectors.add(Sector.objects.create(name="Santé")))
    assert fresh_then(lambda: lucioles.save())
    other = territory.private.network  # the same network: its private structure counts nowhere, yet is told
    assert other == world.network


def test_filters_nobody_looked_at_for_a_month_are_forgotten(territory):
    mapped(territory)
    network = territory.world.network
    old = Filters(start=datetime.date(2025, 1, 1), end=datetime.date(2025, 12, 31))
    snapshots.read(network, old, audience=ConsentScope.FUNDERS)
    SynthesisSnapshot.objects.update(computed_at=timezone.now() - datetime.timedelta(days=31))
    current = Filters(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31))
    snapshots.read(network, current, audience=ConsentScope.FUNDERS)
    assert list(SynthesisSnapshot.objects.values_list("filters__start", flat=True)) == ["2026-01-01"]


def test_a_large_network_is_computed_again_at_most_every_few_minutes_however_many_writes(
    territory, settings, django_capture_on_commit_callbacks
):
    settings.SYNTHESIS_SYNC_STRUCTURES = 1
    settings.SYNTHESIS_MIN_INTERVAL = 300
    world = territory.world
    own = mapped(territory)
    filters = Filters(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31))
    with django_capture_on_commit_callbacks(execute=True):
        snapshots.read(world.network, filters, audience=ConsentScope.FUNDERS)  # the first computation
    snapshot = SynthesisSnapshot.objects.get()
    assert snapshot.payload is not None
    for month in (4, 5, 6):  # three writes, each followed by a look
        IndicatorValue.objects.create(
            organisation=territory.shared[0],
            indicator_uid=own.uid,
            granularity="month",
            period_start=datetime.date(2026, month, 1),
            value=Decimal(1),
        )
        with django_capture_on_commit_callbacks() as queued:
            reading = snapshots.read(world.network, filters, audience=ConsentScope.FUNDERS)
        assert queued == []
        assert reading.refreshing
    SynthesisSnapshot.objects.update(computed_at=timezone.now() - datetime.timedelta(minutes=6))
    with django_capture_on_commit_callbacks() as queued:
        snapshots.read(world.network, filters, audience=ConsentScope.FUNDERS)
    assert len(queued) == 1
