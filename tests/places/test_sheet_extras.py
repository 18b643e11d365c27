"""What a sheet shows beyond the hours: pictures of the premises (re-encoded, without EXIF or
GPS), the sessions to come, and the social utility the structure chose to make public."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from tests.factories import PlaceFactory, jpeg_with_gps
from utilite.commons import services as commons
from utilite.commons.models import Mapping
from utilite.fiches import services as fiches
from utilite.places.models import PlacePhoto
from utilite.testimonies.services import record_testimony

pytestmark = pytest.mark.django_db


@pytest.fixture
def place(world):
    return PlaceFactory(network=world.network, organisation=world.org_b, nom="Espace de Recouvrance")


def test_a_picture_of_the_premises_is_re_encoded_and_shown_with_its_text(client, world, place):
    client.force_login(world.admin_b)
    url = reverse("places:photos", args=[world.network.slug, place.pk])
    upload = SimpleUploadedFile("accueil.jpg", jpeg_with_gps(), content_type="image/jpeg")
    assert client.post(url, {"image": upload, "alt": "L'accueil, avec deux ordinateurs"}).status_code == 302
    photo = PlacePhoto.objects.get()
    with photo.image.open("rb") as stored, Image.open(stored) as picture:
        assert not picture.getexif()  # no camera, no GPS
    assert not photo.image.name.endswith("accueil.jpg")  # the name is the server's
    sheet = client.get(reverse("places_public:sheet", args=[world.network.slug, place.pk])).text
    assert 'alt="L&#x27;accueil, avec deux ordinateurs"' in sheet
    assert place.changes.filter(fields__has_key="photo").exists()
    client.logout()
    served = client.get(reverse("places_public:photo", args=[world.network.slug, place.pk, photo.pk]))
    assert served.status_code == 200
    assert served["X-Content-Type-Options"] == "nosniff"
    served.close()


def test_a_file_that_is_not_a_picture_is_refused_in_french_and_nothing_is_kept(client, world, place):
    client.force_login(world.admin_b)
    url = reverse("places:photos", args=[world.network.slug, place.pk])
    fake = SimpleUploadedFile("photo.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    response = client.post(url, {"image": fake, "alt": "Faux"})
    assert response.status_code == 200
    assert "Ce fichier n'est pas une image lisible par Utilité." in response.text.replace("&#x27;", "'")
    assert not PlacePhoto.objects.exists()
    client.force_login(world.member_a)  # another structure's member cannot add pictures
    upload = SimpleUploadedFile("a.jpg", jpeg_with_gps(), content_type="image/jpeg")
    assert client.post(url, {"image": upload, "alt": "Intrus"}).status_code == 404
    assert not PlacePhoto.objects.exists()


def test_sessions_to_come_are_on_the_sheet_until_they_are_over(client, world, place):
    client.force_login(world.admin_b)
    url = reverse("places:sessions", args=[world.network.slug, place.pk])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        url,
        {
            "title": "Se servir d'un smartphone",
            "day": tomorrow.isoformat(),
            "starts": "14:00",
            "ends": "16:00",
            "registration": "Gratuit, sur inscription",
        },
    )
    assert response.status_code == 302
    sheet_url = reverse("places_public:sheet", args=[world.network.slug, place.pk])
    sheet = client.get(sheet_url).text
    assert "Se servir d'un smartphone" in sheet.replace("&#x27;", "'")
    assert "14h00\N{EN DASH}16h00" in sheet
    # Wrong hours or a past day are refused, with the reason.
    past = (timezone.localdate() - datetime.timedelta(days=2)).isoformat()
    refused = client.post(url, {"title": "Trop tard", "day": past, "starts": "16:00", "ends": "14:00"})
    assert "Ce jour est passé" in refused.text.replace("&#x27;", "'")
    assert "L'atelier finit après avoir commencé." in refused.text.replace("&#x27;", "'")
    assert place.sessions.count() == 1
    # Once over, it leaves the sheet.
    place.sessions.update(
        starts_at=timezone.now() - datetime.timedelta(hours=3), ends_at=timezone.now() - datetime.timedelta(hours=1)
    )
    assert "smartphone" not in client.get(sheet_url).text


def test_the_social_utility_is_shown_only_as_the_structure_chose(client, world, place):
    sheet_url = reverse("places_public:sheet", args=[world.network.slug, place.pk])
    assert "Ce que ce lieu change pour les personnes" not in client.get(sheet_url).text
    # A published fiche with a public testimony and one for funders only.
    for text, scope in (("Je ne suis plus seule le mardi.", "public"), ("Témoignage pour les financeurs", "funders")):
        record_testimony(
            organisation=world.org_b,
            user=world.admin_b,
            kind="verbatim",
            text=text,
            collected_on=datetime.date(2026, 3, 2),
            consent_on=datetime.date(2026, 3, 2),
            consent_scope=scope,
        )
    fiche = fiches.create_fiche(
        organisation=world.org_b,
        user=world.admin_b,
        title="Bilan 2026 de Recouvrance",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
    )
    version = fiches.publish(fiche, world.admin_b)
    # The network's common référentiel, one criterion of which B's référentiel documents.
    draft = commons.start_common(world.network, world.coordinator)
    criterion = commons.add_item(
        "criterion", parent=draft.dimensions.first(), user=world.coordinator, title="Rompre l'isolement"
    )
    commons.add_item("indicator", parent=criterion, user=world.coordinator, title="Personnes venues", unit="personnes")
    commons.publish(draft, world.coordinator)
    Mapping.objects.create(
        organisation=world.org_b,
        kind="criterion",
        item_uid=world.criterion_b.uid,
        common_uid=criterion.uid,
        common_criterion_uid=criterion.uid,
    )

    client.force_login(world.member_a)  # another structure cannot choose for B
    utility_url = reverse("places:utility", args=[world.network.slug, place.pk])
    assert client.get(utility_url).status_code == 404
    client.force_login(world.admin_b)
    assert "Bilan 2026 de Recouvrance, version 1" in client.get(utility_url).text
    response = client.post(utility_url, {"public_fiche": version.pk, "show_common_criteria": "on"})
    assert response.status_code == 302
    client.logout()
    sheet = client.get(sheet_url).text.replace("&#x27;", "'")
    assert "Ce que ce lieu change pour les personnes" in sheet
    assert "Rompre l'isolement" in sheet
    assert "Lire sa fiche d'évaluation « Bilan 2026 de Recouvrance »" in sheet
    public = client.get(reverse("places_public:fiche", args=[world.network.slug, place.pk])).text
    assert "Je ne suis plus seule le mardi." in public
    assert "Témoignage pour les financeurs" not in public
    other = PlaceFactory(network=world.network)
    assert client.get(reverse("places_public:fiche", args=[world.network.slug, other.pk])).status_code == 404
