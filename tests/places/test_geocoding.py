"""Addresses placed on the map in the background by the national address API (answered here by
a fake transport shaped like its replies), never over a pin placed by hand."""

import json

import httpx
import pytest
from django.urls import reverse

from tests.factories import PlaceFactory
from utilite.places import geocoding, imports, services
from utilite.places.models import Place

pytestmark = pytest.mark.django_db

URL = "https://api-adresse.data.gouv.fr/search/"


def _answer(features, calls):
    def handler(request):
        calls.append(dict(request.url.params))
        return httpx.Response(200, json={"type": "FeatureCollection", "features": features})

    return httpx.MockTransport(handler)


SIAM = {
    "type": "Feature",
    "geometry": {"type": "Point", "coordinates": [-4.486076, 48.386584]},
    "properties": {"label": "12 Rue de Siam 29200 Brest", "score": 0.97, "postcode": "29200", "citycode": "29019"},
}


@pytest.fixture
def geocoder(settings, monkeypatch):
    settings.PLACES_GEOCODER_URL = URL
    calls: list[dict[str, str]] = []

    def answer(features):
        monkeypatch.setattr(geocoding, "transport", _answer(features, calls))
        return calls

    return answer


def test_a_new_address_is_placed_and_the_insee_code_filled(
    client, world, geocoder, django_capture_on_commit_callbacks
):
    calls = geocoder([SIAM])
    place = PlaceFactory(network=world.network, organisation=world.org_b, adresse="1 rue de Brest")
    client.force_login(world.admin_b)
    url = reverse("places:update", args=[world.network.slug, place.pk])
    form = client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value not in (None, [])}
    data.update(
        adresse="12 rue de Siam", revision=place.revision, services=place.services, organisation=world.org_b.pk
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
        assert response.status_code == 302, response.context["form"].errors
    place.refresh_from_db()
    assert (str(place.latitude), str(place.longitude)) == ("48.386584", "-4.486076")
    assert place.code_insee == "29019"
    assert place.position_source == "geocoder"
    assert calls[-1] == {"q": "12 rue de Siam 29200 Brest", "postcode": "29200", "limit": "1"}
    assert place.changes.filter(origin="geocoder").exists()
    history = client.get(reverse("places:history", args=[world.network.slug, place.pk])).text
    assert "placé sur la carte d'après l'adresse" in history


def test_an_unsure_match_is_not_kept_and_the_editors_are_told(
    client, world, geocoder, django_capture_on_commit_callbacks
):
    unsure = {**SIAM["properties"], "score": 0.31, "label": "Siam 29200 Brest"}  # type: ignore[dict-item]
    geocoder([{**SIAM, "properties": unsure}])
    with django_capture_on_commit_callbacks(execute=True):
        place = services.create_place(
            network=world.network,
            user=world.coordinator,
            id_lieu="lieu-x",
            pivot="26290001900015",
            nom="Lieu mal adressé",
            adresse="rue inconnue",
            code_postal="29200",
            commune="Brest",
            services=["Aide aux démarches administratives"],
        )
    place.refresh_from_db()
    assert place.latitude is None
    assert "Siam 29200 Brest" in place.position_note
    client.force_login(world.coordinator)
    page = client.get(reverse("places:update", args=[world.network.slug, place.pk])).text
    assert "placez le repère à la main" in page
    assert "pas sur la carte" in client.get(reverse("places:manage", args=[world.network.slug])).text


def test_a_pin_placed_by_hand_is_never_moved(world, geocoder):
    calls = geocoder([SIAM])
    place = PlaceFactory(network=world.network)
    place = services.update_place(
        place, user=world.coordinator, revision=place.revision, latitude="48.400000", longitude="-4.500000"
    )
    assert place.position_source == "hand"
    assert services.geocode(place.pk) is None
    assert calls == []
    assert str(Place.objects.get(pk=place.pk).latitude) == "48.400000"


def test_the_places_of_an_import_without_position_are_placed(world, geocoder, django_capture_on_commit_callbacks):
    calls = geocoder([SIAM])
    content = (
        "id,pivot,nom,commune,code_postal,adresse,date_maj,services,latitude,longitude\n"
        "a,26290001900015,Sans position,Brest,29200,12 rue de Siam,2026-11-02,Aide aux démarches administratives,,\n"
        "b,26290001900015,Déjà placé,Brest,29200,3 rue de Lyon,2026-11-02,"
        "Aide aux démarches administratives,48.39,-4.48\n"
    ).encode()
    rows, problems = imports.read("lieux.csv", content)
    assert problems == []
    with django_capture_on_commit_callbacks(execute=True):
        imports.save(world.network, rows, user=None)
    assert len(calls) == 1
    assert str(Place.objects.get(id_lieu="a").latitude) == "48.386584"


def test_without_a_geocoder_nothing_is_asked_and_an_unreachable_one_changes_nothing(world, settings, monkeypatch):
    settings.PLACES_GEOCODER_URL = ""
    place = PlaceFactory(network=world.network)
    assert not geocoding.enabled()
    settings.PLACES_GEOCODER_URL = URL

    def down(request):
        raise httpx.ConnectError("unreachable")

    monkeypatch.setattr(geocoding, "transport", httpx.MockTransport(down))
    assert services.geocode(place.pk) is None
    place.refresh_from_db()
    assert place.latitude is None
    assert "n'a pas répondu" in place.position_note
    assert json.dumps(place.position_note)  # a plain sentence, kept for the editors
