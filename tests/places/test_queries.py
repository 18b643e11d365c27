"""The public list, its filters and the map's feed run the same number of queries whatever the
size of the directory (the benchmarks in `benchmarks/places.py` time them at 100 and 20,000)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from utilite.places import demo, imports

pytestmark = pytest.mark.django_db

FILTERS = [
    {},
    {"q": "mediatheque", "services": "Accès internet et matériel informatique", "gratuit": "on"},
    {"ouvert": "on", "weekend": "on", "quartier": "Bellevue", "prise_en_charge": "Surdité"},
]


def _grow(network, count):
    rows, problems = imports.read("lieux.csv", demo.directory_file(count))
    assert problems == []
    imports.save(network, rows, user=None)


@pytest.mark.parametrize("view", ["places_public:directory", "places_public:geojson", "places_public:embed"])
@pytest.mark.parametrize("filters", FILTERS, ids=["all", "search-service-free", "open-weekend-district"])
def test_same_queries_for_30_and_400_places(client, world, view, filters):
    url = reverse(view, args=[world.network.slug])

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, filters)
        assert response.status_code == 200
        return len(queries)

    _grow(world.network, 30)
    small = count()
    _grow(world.network, 400)
    large = count()
    assert small == large <= 8


def test_a_sheet_runs_the_same_queries_with_two_or_eight_pictures_and_sessions(client, world, sql_snapshot):
    import datetime

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from tests.factories import PlaceFactory
    from utilite.places.models import PlacePhoto

    place = PlaceFactory(network=world.network, organisation=world.org_b, open_weekdays=True)
    url = reverse("places_public:sheet", args=[world.network.slug, place.pk])
    client.force_login(world.member_a)  # the professional part too

    def add(count):
        starts = timezone.now() + datetime.timedelta(days=1)
        for number in range(count):
            PlacePhoto.objects.create(
                place=place, image=ContentFile(b"\xff\xd8\xff\xd9", name="p.jpg"), alt=f"Vue {number}"
            )
            place.sessions.create(
                title=f"Atelier {number}", starts_at=starts, ends_at=starts + datetime.timedelta(hours=1)
            )

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    add(2)
    small = count()
    add(6)
    assert count() == small
    sql_snapshot(client, url, "place-sheet")
    sql_snapshot(
        client, reverse("places_public:directory", args=[world.network.slug]) + "?ouvert=on&q=vue", "directory"
    )
