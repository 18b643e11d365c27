"""Evaluation sheets: data that fills itself, freezing on publication, PDF, sharing."""

import datetime
import io
from decimal import Decimal

import pypdf
import pytest
from django.urls import reverse

from tests.conftest import client_for
from utilite.core import pdf
from utilite.fiches import services
from utilite.fiches.models import Fiche, Rendering
from utilite.fiches.rendering import run
from utilite.measures.models import IndicatorValue
from utilite.testimonies.services import revoke_consent

from .conftest import url

pytestmark = pytest.mark.django_db


def test_the_draft_fills_itself_and_renders_markdown(fiche):
    world, fiche, _indicator = fiche
    page = client_for(world.member_a).get(url("detail", fiche)).content.decode()
    assert "Personnes venues seules" in page
    assert '<strong class="figure">32</strong>' in page
    assert "Montrer que les <strong>ateliers</strong> créent du lien." in page
    assert "Je me sens moins seule le mardi." in page
    assert "Secret de l" not in page  # internal consent: never in a fiche


def test_pdf_has_the_structure_every_indicator_and_only_testimonies_for_funders(
    fiche, django_capture_on_commit_callbacks
):
    world, fiche, _indicator = fiche
    client = client_for(world.member_a)
    client.post(url("publish", fiche))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("render", fiche), {"format": "pdf"})
    rendering = Rendering.objects.get()
    assert response["Location"] == url("rendering", fiche, rendering_pk=rendering.pk)
    assert (rendering.status, rendering.progress) == ("done", 100)
    assert (rendering.pages or 0) >= 4  # cover, contents, and the sections
    download = client.get(url("download", fiche, rendering_pk=rendering.pk))
    pdf = pypdf.PdfReader(io.BytesIO(download.getvalue()))
    text = " ".join(page.extract_text() for page in pdf.pages).replace("\n", " ")
    assert "Structure A" in text
    assert "Personnes venues seules" in text
    assert "Ce qui a changé pour le quartier" in text
    assert "Je me sens moins seule le mardi." in text
    assert "Secret de l" not in text
    assert pdf.metadata.title == "Bilan 2026 · Structure A"
    assert pdf.trailer["/Root"]["/Lang"] == "fr"
    assert pdf.trailer["/Root"]["/MarkInfo"]["/Marked"]


def test_a_published_fiche_does_not_change_when_the_data_does(fiche):
    world, fiche, indicator = fiche
    client = client_for(world.member_a)
    client.post(url("publish", fiche))
    IndicatorValue.objects.filter(indicator_uid=indicator.uid).update(value=Decimal(99))
    Fiche.objects.filter(pk=fiche.pk).update(stakes="Autre chose.")
    version = client.get(url("version", fiche, number=1)).content.decode()
    assert '<strong class="figure">32</strong>' in version
    assert ">99<" not in version  # (the page's CSRF token may hold the digits)
    assert "Autre chose" not in version
    assert "<strong>ateliers</strong>" in version
    assert client.get(url("update", fiche)).status_code == 302  # frozen: start a new version first
    client.post(url("new_version", fiche))
    fiche.refresh_from_db()
    assert (fiche.version, fiche.status) == (2, "draft")
    assert '<strong class="figure">99</strong>' in client.get(url("detail", fiche)).content.decode()
    assert '<strong class="figure">32</strong>' in client.get(url("version", fiche, number=1)).content.decode()


def test_share_links_open_a_version_until_revoked_or_expired(fiche):
    world, fiche, _indicator = fiche
    client = client_for(world.member_a)
    client.post(url("publish", fiche))
    client.post(url("share", fiche), {"label": "Ville de Brest", "expires_on": ""})
    link = fiche.versions.get().share_links.get()
    shared = reverse("fiches_shared:shared", kwargs={"token": link.token})
    anonymous = client_for(None)
    page = anonymous.get(shared)
    assert page.status_code == 200
    assert "Je me sens moins seule le mardi." in page.content.decode()
    # A withdrawn consent leaves even a published version.
    testimony = world.org_a.testimonies.get(consent_scope="funders")
    revoke_consent(testimony)
    assert "Je me sens moins seule" not in anonymous.get(shared).content.decode()
    client.post(url("revoke", fiche, link_pk=link.pk))
    assert anonymous.get(shared).status_code == 404
    expired = services.create_share_link(
        fiche.versions.get(), user=world.member_a, label="Ancien", expires_on=datetime.date(2020, 1, 1)
    )
    assert anonymous.get(reverse("fiches_shared:shared", kwargs={"token": expired.token})).status_code == 404


def test_the_network_reads_a_fiche_only_once_published_to_it(fiche):
    world, fiche, _indicator = fiche
    other = client_for(world.admin_b)
    assert other.get(url("detail", fiche)).status_code == 404
    client = client_for(world.member_a)
    client.post(url("publish", fiche))
    assert other.get(url("detail", fiche)).status_code == 404
    client.post(url("show_to_network", fiche))
    page = other.get(url("detail", fiche))
    assert page.status_code == 200
    assert "Publier et figer" not in page.content.decode()
    assert client_for(world.outsider).get(url("detail", fiche)).status_code == 404


@pytest.mark.parametrize("limits", [{"memory_mb": 1}, {"seconds": 0.001}], ids=["memory", "time"])
def test_a_runaway_document_fails_cleanly(fiche, monkeypatch, limits):
    world, fiche, _indicator = fiche
    real = pdf.html_to_pdf_isolated
    monkeypatch.setattr("utilite.fiches.rendering.html_to_pdf_isolated", lambda html: real(html, **limits))
    rendering = run(services.request_rendering(fiche, file_format="pdf", user=world.member_a, version=None))
    assert rendering.status == "failed"
    assert not rendering.file


def test_the_team_creates_a_fiche_from_the_form(world):
    client = client_for(world.member_a)
    response = client.post(
        reverse("fiches:create", kwargs={"slug": world.org_a.slug}),
        {"title": "Bilan 2027", "period_start": "2027-01-01", "period_end": "2027-12-31", "licence": "CC-BY-4.0"},
    )
    fiche = Fiche.objects.get(title="Bilan 2027")
    assert response["Location"] == fiche.get_absolute_url()
    assert (fiche.licence, fiche.revision, fiche.created_by) == ("CC-BY-4.0", 1, world.member_a)
