"""The printable guide (Repères dans la cité): asked for on a page, made in the background, read
back page by page: a cover, a part per district starting on its own page, page numbers."""

import io

import pypdf
import pytest
from django.urls import reverse

from tests.factories import PlaceFactory
from utilite.places.models import PlaceGuide

pytestmark = pytest.mark.django_db


def _pages(guide: PlaceGuide) -> list[str]:
    with guide.file.open("rb") as handle:
        return [page.extract_text().replace("\n", " ") for page in pypdf.PdfReader(io.BytesIO(handle.read())).pages]


@pytest.fixture
def places(world):
    PlaceFactory(network=world.network, nom="Maison de quartier de Bellevue", quartier="Bellevue", open_weekdays=True)
    PlaceFactory(network=world.network, nom="Médiathèque de Bellevue", quartier="Bellevue", telephone="+33298000001")
    PlaceFactory(
        network=world.network, nom="Centre social de Kerangoff", quartier="Saint-Pierre", horaires="Sa 10:00-12:00"
    )
    PlaceFactory(network=world.network, nom="Point info sans quartier")
    PlaceFactory(nom="Lieu d'un autre réseau")


def test_the_guide_has_a_part_per_district_each_on_its_own_page(
    client, world, places, django_capture_on_commit_callbacks
):
    client.force_login(world.member_a)
    url = reverse("places:guide", args=[world.network.slug])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"area": ""})
    guide = PlaceGuide.objects.get()
    assert response.url == reverse("places:guide_status", args=[world.network.slug, guide.pk])
    assert guide.status == "done", guide.error
    assert guide.places_count == 4
    status = client.get(response.url)
    assert "4 lieux" in status.text
    download = client.get(reverse("places:guide_download", args=[world.network.slug, guide.pk]))
    assert download["Content-Disposition"].startswith('attachment; filename="reperes-')
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    download.close()

    pages = _pages(guide)
    assert guide.pages == len(pages) >= 4  # the cover, then three parts
    assert "Repères dans la cité" in pages[0]
    assert "4 lieux" in pages[0]
    bellevue = next(number for number, text in enumerate(pages) if "Médiathèque de Bellevue" in text)
    assert "Maison de quartier de Bellevue" in pages[bellevue]
    assert "Lundi 9h00\N{EN DASH}12h00, 14h00\N{EN DASH}18h00" in pages[bellevue]
    assert "02 98 00 00 01" in pages[bellevue]  # written the French way
    kerangoff = next(number for number, text in enumerate(pages) if "Centre social de Kerangoff" in text)
    assert kerangoff > bellevue  # a part per district, each from a new page
    assert "Saint-Pierre" in pages[kerangoff]
    assert any("Autres lieux de Brest" in text and "Point info sans quartier" in text for text in pages)
    for number, text in enumerate(pages[1:], start=2):  # every page after the cover has its footer
        assert f"{number} / {len(pages)}" in text
        assert "Repères dans la cité" in text
    assert not any("Lieu d'un autre réseau" in text for text in pages)


def test_a_guide_for_one_district_holds_its_places_only(client, world, places, django_capture_on_commit_callbacks):
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("places:guide", args=[world.network.slug]), {"area": "quartier:Bellevue"})
    guide = PlaceGuide.objects.get()
    assert guide.places_count == 2
    text = " ".join(_pages(guide))
    assert "Médiathèque de Bellevue" in text
    assert "Kerangoff" not in text


def test_a_district_that_is_not_in_the_directory_is_refused(client, world, places):
    client.force_login(world.member_a)
    response = client.post(reverse("places:guide", args=[world.network.slug]), {"area": "quartier:Nulle part"})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.text
    assert not PlaceGuide.objects.exists()
