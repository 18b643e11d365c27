"""The public directory: filters in the address, accent-blind search, open now, the map's feed,
a sheet, an error report, an orientation sheet; editing by the place's team only."""

import datetime
import json

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.factories import PlaceFactory
from utilite.places import services
from utilite.places.models import Place, PlaceChange

pytestmark = pytest.mark.django_db


def _directory(client, network, **params):
    return client.get(reverse("places_public:directory", args=[network.slug]), params)


def test_the_list_is_public_and_search_ignores_accents_and_case(client, world):
    PlaceFactory(network=world.network, nom="Médiathèque de Bellevue")
    PlaceFactory(network=world.network, nom="Maison de quartier de Lambézellec")
    response = _directory(client, world.network, q="mediatheque")
    assert response.status_code == 200
    assert "Médiathèque de Bellevue" in response.text
    assert "Lambézellec" not in response.text
    assert "Lambézellec" in _directory(client, world.network, q="LAMBEZELLEC").text
    # The beginning of a word is enough, and every word must be found.
    assert "Médiathèque de Bellevue" in _directory(client, world.network, q="Médiath bell").text
    assert "Médiathèque de Bellevue" not in _directory(client, world.network, q="médiath lamb").text


def test_the_communes_and_districts_offered_follow_the_places(client, world):
    place = PlaceFactory(network=world.network, commune="Guipavas", code_postal="29490", quartier="Coataudon")
    form = _directory(client, world.network).context["form"]
    assert [value for value, _label in form.fields["commune"].choices if value] == ["Guipavas"]
    assert [value for value, _label in form.fields["quartier"].choices if value] == ["Coataudon"]
    services.update_place(
        place, user=world.coordinator, revision=place.revision, commune="Le Relecq-Kerhuon", quartier=""
    )
    form = _directory(client, world.network).context["form"]
    assert [value for value, _label in form.fields["commune"].choices if value] == ["Le Relecq-Kerhuon"]
    assert [value for value, _label in form.fields["quartier"].choices if value] == []


def test_filters_combine_services_free_of_charge_and_open_now(client, world, settings):
    PlaceFactory(
        network=world.network,
        nom="Cyber-base ouverte",
        horaires="24/7",
        services=["Aide aux démarches administratives"],
        frais_a_charge=["Gratuit"],
    )
    PlaceFactory(network=world.network, nom="Fermée", horaires="off", services=["Aide aux démarches administratives"])
    PlaceFactory(
        network=world.network, nom="Autre service", horaires="24/7", services=["Loisirs et créations numériques"]
    )
    text = _directory(client, world.network, ouvert="on", services="Aide aux démarches administratives").text
    assert "Cyber-base ouverte" in text
    assert "Fermée" not in text
    assert "Autre service" not in text
    assert "Cyber-base ouverte" in _directory(client, world.network, gratuit="on").text
    assert "Autre service" not in _directory(client, world.network, gratuit="on").text


def test_open_at_weekends_and_commune(client, world):
    PlaceFactory(
        network=world.network, nom="Le samedi", horaires="Sa 10:00-12:00", commune="Guipavas", code_postal="29490"
    )
    PlaceFactory(network=world.network, nom="En semaine", open_weekdays=True)
    text = _directory(client, world.network, weekend="on").text
    assert "Le samedi" in text
    assert "En semaine" not in text
    text = _directory(client, world.network, commune="Guipavas").text
    assert "Le samedi" in text
    assert "En semaine" not in text


def test_the_geojson_feed_holds_the_filtered_located_places(client, world):
    PlaceFactory(network=world.network, nom="Située", latitude="48.390000", longitude="-4.490000")
    PlaceFactory(network=world.network, nom="Sans position")
    response = client.get(reverse("places_public:geojson", args=[world.network.slug]))
    assert response["Content-Type"] == "application/geo+json"
    feed = json.loads(response.content)
    assert [feature["properties"]["nom"] for feature in feed["features"]] == ["Située"]
    assert feed["features"][0]["geometry"] == {"type": "Point", "coordinates": [-4.49, 48.39]}
    assert feed["truncated"] is False


def test_the_geojson_feed_keeps_to_the_box_the_map_shows(client, world):
    PlaceFactory(network=world.network, nom="Brest", latitude="48.390000", longitude="-4.490000")
    PlaceFactory(network=world.network, nom="Quimper", latitude="47.996000", longitude="-4.102000")
    url = reverse("places_public:geojson", args=[world.network.slug])
    feed = json.loads(client.get(url, {"bbox": "-4.6,48.3,-4.4,48.5"}).content)
    assert [feature["properties"]["nom"] for feature in feed["features"]] == ["Brest"]
    # A box that cannot be read is ignored, rather than emptying the map.
    feed = json.loads(client.get(url, {"bbox": "nord,sud"}).content)
    assert len(feed["features"]) == 2


def test_a_sheet_shows_hours_and_contact_and_the_professional_part_to_the_network_only(client, world):
    place = PlaceFactory(
        network=world.network,
        organisation=world.org_b,
        open_weekdays=True,
        telephone="+33298000000",
        orientation="Venir avec sa carte Vitale.",
    )
    url = reverse("places_public:sheet", args=[world.network.slug, place.pk])
    public = client.get(url)
    assert public.status_code == 200
    assert '<a href="tel:+33298000000">02 98 00 00 00</a>' in public.text
    assert "Venir avec sa carte Vitale." not in public.text
    client.force_login(world.member_a)
    assert "Venir avec sa carte Vitale." in client.get(url).text


def test_an_error_report_reaches_the_team_of_the_place(client, world, django_capture_on_commit_callbacks):
    place = PlaceFactory(network=world.network, organisation=world.org_b)
    url = reverse("places_public:report", args=[world.network.slug, place.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"message": "Le numéro ne répond plus."})
    assert response.status_code == 302
    assert place.reports.get().message == "Le numéro ne répond plus."
    assert len(mail.outbox) == 1
    assert world.admin_b.email in mail.outbox[0].to
    assert "Le numéro ne répond plus." in mail.outbox[0].body


def test_a_robot_filling_every_field_sends_nothing(client, world):
    place = PlaceFactory(network=world.network)
    client.post(
        reverse("places_public:report", args=[world.network.slug, place.pk]), {"message": "x", "website": "spam"}
    )
    assert not place.reports.exists()


def test_the_orientation_sheet_prints_the_chosen_places_and_keeps_nothing(client, world):
    first = PlaceFactory(network=world.network, nom="Premier lieu", open_weekdays=True)
    PlaceFactory(network=world.network, nom="Pas choisi")
    url = reverse("places_public:orientation", args=[world.network.slug])
    response = client.post(url, {"lieu": [first.pk], "note": "Demander Anne."})
    assert "Premier lieu" in response.text
    assert "Pas choisi" not in response.text
    assert "Demander Anne." in response.text
    assert "9h00\u201312h00" in response.text


def test_a_member_of_another_structure_cannot_edit_a_place(client, world):
    place = PlaceFactory(network=world.network, organisation=world.org_b)
    client.force_login(world.member_a)
    assert client.get(reverse("places:update", args=[world.network.slug, place.pk])).status_code == 404
    client.force_login(world.admin_b)
    assert client.get(reverse("places:update", args=[world.network.slug, place.pk])).status_code == 200


def _form_data(place, **changes):
    data = {
        "organisation": place.organisation_id,
        "nom": place.nom,
        "pivot": place.pivot,
        "adresse": place.adresse,
        "code_postal": place.code_postal,
        "commune": place.commune,
        "services": place.services,
        "revision": place.revision,
    }
    return {**data, **changes}


def test_every_change_is_kept_and_two_editors_never_lose_each_others_work(client, world):
    place = PlaceFactory(network=world.network, organisation=world.org_b, date_maj=datetime.date(2025, 1, 1))
    url = reverse("places:update", args=[world.network.slug, place.pk])
    client.force_login(world.admin_b)
    opened = _form_data(place)
    assert client.post(url, {**opened, "telephone": "02 98 11 22 33"}).status_code == 302
    place.refresh_from_db()
    assert place.telephone == "+33298112233"
    assert place.date_maj == timezone.localdate()
    change = PlaceChange.objects.filter(place=place, origin="form").get()
    assert change.user == world.admin_b
    assert change.fields["telephone"] == ["", "+33298112233"]
    # A second editor had opened the form before that save.
    client.force_login(world.coordinator)
    stale = client.post(url, {**opened, "nom": "Nouveau nom"})
    assert stale.status_code == 409
    place.refresh_from_db()
    assert (place.nom, place.telephone) == (opened["nom"], "+33298112233")
    history = client.get(reverse("places:history", args=[world.network.slug, place.pk])).text
    assert "+33298112233" in history


def test_the_hours_grid_saves_osm_and_refuses_a_wrong_slot(client, world):
    place = PlaceFactory(network=world.network, organisation=world.org_b)
    url = reverse("places:hours", args=[world.network.slug, place.pk])
    client.force_login(world.admin_b)
    data = {"mode": "grid", "holidays_off": "on", "revision": place.revision}
    data |= {f"{day}_0_opens": "09:00" for day in ("Mo", "Tu", "We", "Th", "Fr")}
    data |= {f"{day}_0_closes": "12:00" for day in ("Mo", "Tu", "We", "Th", "Fr")}
    assert client.post(url, data).status_code == 302
    place.refresh_from_db()
    assert place.horaires == "Mo-Fr 09:00-12:00; PH off"
    wrong = client.post(url, {**data, "revision": place.revision, "Sa_0_opens": "14:00", "Sa_0_closes": "10:00"})
    assert wrong.status_code == 200
    assert "une heure de fermeture plus tardive" in wrong.text
    expert = client.post(url, {"mode": "osm", "expression": "lundi 9h", "revision": place.revision})
    assert "syntaxe OpenStreetMap" in expert.text
    client.post(url, {"mode": "osm", "expression": "Tu-Sa 10:00-18:00", "revision": place.revision})
    place.refresh_from_db()
    assert place.horaires == "Tu-Sa 10:00-18:00"
    assert (
        Place.objects.open_at(datetime.datetime(2027, 3, 9, 11, tzinfo=datetime.UTC)).filter(pk=place.pk).exists()
        is False
    )


def test_openings_are_precomputed_for_open_now():
    place = PlaceFactory(horaires="24/7")
    assert place.openings.exists()
    assert services.refresh_openings() == 1


def test_a_broad_filter_is_counted_up_to_a_cap_and_the_whole_list_exactly(client, world, monkeypatch):
    from utilite.places import reads

    monkeypatch.setattr(reads.CappedPaginator, "CAP", 2)
    for number in range(3):
        PlaceFactory(network=world.network, nom=f"Espace {number}", frais_a_charge=["Gratuit"])
    assert (
        "Plus de 2 lieux : ajoutez un filtre pour trouver le vôtre"
        in _directory(client, world.network, gratuit="on").text
    )
    assert "3 lieux" in _directory(client, world.network).text


def test_a_professional_can_email_the_orientation_sheet_and_the_address_is_kept_nowhere(client, world, caplog):
    place = PlaceFactory(
        network=world.network, nom="Cyber-base de Pontanézen", open_weekdays=True, telephone="+33298000000"
    )
    url = reverse("places_public:orientation", args=[world.network.slug])
    assert "Envoyer la fiche" not in client.get(url, {"lieu": place.pk}).text  # visitors print only
    client.post(url, {"lieu": place.pk, "note": "Bonjour", "email": "personne@example.org"})
    assert mail.outbox == []
    client.force_login(world.member_a)
    response = client.post(url, {"lieu": place.pk, "note": "Demandez Anne.", "email": "personne@example.org"})
    assert "La fiche a été envoyée" in response.text
    (message,) = mail.outbox
    assert message.to == ["personne@example.org"]
    assert "Cyber-base de Pontanézen" in message.body
    assert "Demandez Anne." in message.body
    assert "Lundi : 9h00" in message.body
    assert "02 98 00 00 00" in message.body
    assert "personne@example.org" not in caplog.text
    assert "personne@example.org" not in response.text.split("<form")[0]  # not echoed on the sheet


def test_the_map_of_an_orientation_sheet_holds_the_chosen_places(client, world):
    chosen = PlaceFactory(network=world.network, nom="Choisie", latitude="48.390000", longitude="-4.490000")
    PlaceFactory(network=world.network, nom="Autre", latitude="48.391000", longitude="-4.491000")
    page = client.get(reverse("places_public:orientation", args=[world.network.slug]), {"lieu": chosen.pk}).text
    assert f"lieux.geojson?lieu={chosen.pk}" in page
    feed = json.loads(
        client.get(reverse("places_public:geojson", args=[world.network.slug]), {"lieu": chosen.pk}).content
    )
    assert [feature["properties"]["nom"] for feature in feed["features"]] == ["Choisie"]


def test_the_directory_figures_come_from_the_places_per_day_of_update(world):
    from django.db.models import Avg

    from utilite.places import reads

    today = timezone.localdate()
    places = [
        PlaceFactory(network=world.network, date_maj=today - datetime.timedelta(days=days))
        for days in (0, 3, 3, 400, 900)
    ]
    services.refresh(places)
    figures = reads.freshness(world.network, today)
    every = Place.objects.filter(network=world.network)
    assert figures == {
        "listed": every.count(),
        "up_to_date": every.filter(date_maj__gte=today - services.STALE_AFTER).count(),
        "completion": round(every.aggregate(mean=Avg("completion"))["mean"]),
    }
    assert figures["up_to_date"] == 3
    services.confirm_up_to_date(places[3], user=world.coordinator)  # checked today
    assert reads.freshness(world.network, today)["up_to_date"] == 4
