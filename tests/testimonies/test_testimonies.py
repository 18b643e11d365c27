import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.conftest import client_for
from utilite.referentiels.models import Criterion
from utilite.testimonies.models import Testimony

pytestmark = pytest.mark.django_db


def url(name, organisation, **kwargs):
    return reverse(f"testimonies:{name}", kwargs={"slug": organisation.slug, **kwargs})


def _jpeg_with_gps(size=(40, 30)):
    image = Image.new("RGB", size, "orange")
    exif = Image.Exif()
    exif[0x010F] = "Appareil de test"  # camera make
    exif[0x8825] = {1: "N", 2: (48.0, 23.0, 0.0)}  # GPS info
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def _post(world, **data):
    fields = {
        "kind": "verbatim",
        "collected_on": "2026-11-02",
        "consent_on": "2026-11-02",
        "consent_scope": "funders",
    } | data
    return client_for(world.employee_b).post(url("create", world.org_b), fields)


def test_record_a_verbatim_linked_to_a_criterion(world):
    criterion = Criterion.objects.get(
        registre__referentiel__organisation=world.org_b, registre__referentiel__version=2
    )
    response = _post(
        world,
        text="Maintenant j'appelle mes petits-enfants en visio.",
        speaker="Une participante de 78 ans",
        criteria=[str(criterion.uid)],
    )
    assert response.status_code == 302
    testimony = Testimony.objects.get(text__startswith="Maintenant")
    assert [str(link.criterion_uid) for link in testimony.criterion_links.all()] == [str(criterion.uid)]
    assert testimony.created_by == world.employee_b


def test_missing_words_and_consent_before_collection_are_explained(world):
    content = _post(world, text="", consent_on="2026-10-01").content.decode()
    assert "Écrivez les mots ou le récit." in content
    assert "Le consentement est donné au moment du recueil ou après." in content


def test_photos_are_re_encoded_without_exif_and_gps(world):
    response = _post(
        world,
        kind="photo",
        caption="L'atelier photo",
        photo=SimpleUploadedFile("IMG_0001.jpg", _jpeg_with_gps(), "image/jpeg"),
    )
    assert response.status_code == 302
    testimony = Testimony.objects.get(caption="L'atelier photo")
    assert "IMG_0001" not in str(testimony.photo.name)
    with testimony.photo.open("rb") as handle, Image.open(handle) as stored:
        assert stored.format == "JPEG"
        assert dict(stored.getexif()) == {}
    served = client_for(world.admin_b).get(url("photo", world.org_b, pk=testimony.pk))
    assert served.status_code == 200
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served.getvalue()[:2] == b"\xff\xd8"
    served.close()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("dessin.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "pas une image"),
        ("faux.jpg", b"GIF89a" + b"\x00" * 64, "pas une image"),
    ],
)
def test_non_pictures_are_refused(world, name, content, message):
    response = _post(world, kind="photo", caption="X", photo=SimpleUploadedFile(name, content, "image/jpeg"))
    assert message in response.content.decode()
    assert not Testimony.objects.filter(caption="X").exists()


def test_pictures_with_too_many_pixels_are_refused(world, monkeypatch):
    monkeypatch.setattr("utilite.core.uploads.MAX_PIXELS", 100)
    response = _post(
        world,
        kind="photo",
        caption="Trop grande",
        photo=SimpleUploadedFile("p.jpg", _jpeg_with_gps((20, 20)), "image/jpeg"),
    )
    assert "trop de pixels" in response.content.decode()


def test_exports_follow_consent_and_withdrawal(world):
    _post(world, text="Pour les financeurs", consent_scope="funders")
    _post(world, text="Publiable", consent_scope="public")
    _post(world, text="Interne seulement", consent_scope="internal")
    client = client_for(world.admin_b)
    funders = client.get(url("export", world.org_b), {"pour": "funders"}).content.decode("utf-8-sig")
    assert "Pour les financeurs" in funders
    assert "Publiable" in funders
    assert "Interne seulement" not in funders
    assert "Témoignage confidentiel de B" not in funders
    public = client.get(url("export", world.org_b), {"pour": "public"}).content.decode("utf-8-sig")
    assert "Publiable" in public
    assert "Pour les financeurs" not in public

    withdrawn = Testimony.objects.get(text="Publiable")
    client.post(url("revoke", world.org_b, pk=withdrawn.pk))
    withdrawn.refresh_from_db()
    assert withdrawn.revoked_at is not None
    assert "Publiable" not in client.get(url("export", world.org_b), {"pour": "public"}).content.decode("utf-8-sig")
    assert "Publiable" not in client.get(url("export", world.org_b), {"pour": "internal"}).content.decode("utf-8-sig")


def test_withdrawal_deletes_the_photo(world):
    storage, name = world.testimony_b.photo.storage, world.testimony_b.photo.name
    assert storage.exists(name)
    client = client_for(world.admin_b)
    client.post(url("revoke", world.org_b, pk=world.testimony_b.pk))
    assert not storage.exists(name)
    assert client.get(url("photo", world.org_b, pk=world.testimony_b.pk)).status_code == 404
    assert client.get(url("update", world.org_b, pk=world.testimony_b.pk)).status_code == 404


def test_no_ip_or_user_agent_is_stored():
    names = {field.name for field in Testimony._meta.get_fields()}
    assert not names & {"ip", "ip_address", "user_agent", "remote_addr", "name", "first_name", "last_name"}
