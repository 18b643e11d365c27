"""Differencing: a month of 3 people cannot be recovered by subtracting two published figures,
whatever periods, districts or outputs a reader chooses (synthesis, open data, the network's
own indicators, a structure's breakdowns)."""

import csv
import datetime
import io
import itertools
import zipfile
from typing import Any

import pytest
from django.db.models import Sum

from tests.commons.conftest import add_values
from utilite.activities.models import MonthlyActivity
from utilite.activities.reads import participants_breakdown
from utilite.activities.services import log_activity
from utilite.commons import evaluation, opendata, services
from utilite.commons.synthesis import Filters, synthesis
from utilite.core.privacy import rounded
from utilite.referentiels.models import Indicator

pytestmark = pytest.mark.django_db

MONTHLY = [22, 23, 21, 24, 22, 25, 20, 23, 22, 21, 23]  # January to November (246), then 3 in December


def months():
    return [datetime.date(2026, month, 1) for month in range(1, 13)]


def month_end(start):
    return (start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)


@pytest.fixture
def saint_marc(territory):
    world = territory.world
    lucioles, passerelle, _phare = territory.shared
    lucioles.district, passerelle.district = "Saint-Marc", "Bellevue"
    lucioles.save()
    passerelle.save()
    for month, count in zip(months(), [*MONTHLY, 3], strict=True):
        women = count // 2
        log_activity(
            organisation=lucioles,
            user=world.coordinator,
            participants=count,
            date=month,
            gender_female=women,
            gender_male=count - women,
        )
    own = Indicator.objects.get(criterion__registre__referentiel__organisation=lucioles)
    services.map_item(lucioles, own, territory.people, user=world.coordinator)
    add_values(lucioles, own.uid, [*MONTHLY, 3])
    return territory


def published_figures(territory):
    """Every people figure a reader can get for every period of whole months and every district."""
    network = territory.world.network
    found: list[tuple[int, int, str, str, Any]] = []
    for first, last in itertools.combinations_with_replacement(range(12), 2):
        for district in ("", "Saint-Marc"):
            filters = Filters(start=months()[first], end=month_end(months()[last]), district=district)
            result = synthesis(network, filters, audience="funders")
            figure = next(f for s in result.dimensions for f in s.figures if f.indicator.uid == territory.people.uid)
            found.append((first, last, district, "people", result.people))
            found.append((first, last, district, "indicator", None if figure.small else figure.value))
            if first == last == 11 and district:  # the open data of December in Saint-Marc
                archive = zipfile.ZipFile(io.BytesIO(opendata.data_package(result, filters, network_name="x")))
                rows = list(csv.reader(io.StringIO(archive.read("indicateurs-communs.csv").decode())))
                people = next(row for row in rows if "Personnes accompagnées" in row)
                found.append((first, last, district, "open data", people[9] or None))
    return found


def test_no_pair_of_synthesis_or_open_data_figures_recovers_the_3_people_of_december(saint_marc):
    figures = published_figures(saint_marc)
    december = [value for first, last, _d, _kind, value in figures if first == last == 11]
    assert len(december) == 5
    assert all(value is None for value in december)  # "fewer than 5" everywhere
    values = [value for *_key, value in figures if value is not None]
    assert all(int(value) % 5 == 0 for value in values)
    for one, other in itertools.combinations(values, 2):
        assert abs(int(one) - int(other)) != 3


def test_the_networks_own_indicators_round_people(saint_marc):
    rows = evaluation.network_indicators(saint_marc.world.network, [2026])
    people = next(row for row in rows if row.title == "Personnes touchées")
    exact = MonthlyActivity.objects.filter(organisation__network=saint_marc.world.network).aggregate(
        total=Sum("participants")
    )["total"]
    assert exact % 5 != 0
    assert people.values == [rounded(exact)]


def test_a_structures_breakdowns_cannot_be_differenced_either(saint_marc):
    lucioles = saint_marc.shared[0]
    cells = []
    for since in months():
        _total, breakdowns = participants_breakdown(lucioles, since=since)
        for breakdown in breakdowns:
            cells += [cell.count for cell in breakdown.cells or [] if cell.count is not None]
    assert all(count % 5 == 0 for count in cells)
    assert all(abs(one - other) != 3 for one, other in itertools.combinations(cells, 2))
