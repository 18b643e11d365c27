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
