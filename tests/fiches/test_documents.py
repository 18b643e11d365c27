"""Fiches and funding applications as ODT and DOCX: they hold what the PDF holds, open in
LibreOffice, and follow the sections the coordinator chose."""

import io
import shutil
import subprocess
import zipfile
from typing import Any

import docx
import pytest
from django.urls import reverse
from odf import opendocument, teletype
from odf.text import P

from tests.conftest import client_for
from utilite.core.documents import Heading, Paragraph, Table, read_html
from utilite.fiches import funding
from utilite.fiches.models import Rendering

from .conftest import url

pytestmark = pytest.mark.django_db


def _render(client, fiche, captured, **data):
    with captured(execute=True):
        response = client.post(url("render", fiche), data)
    rendering = Rendering.objects.latest("pk")
    assert response.status_code == 302
    assert rendering.status == "done", rendering.error
    download = client.get(url("download", fiche, rendering_pk=rendering.pk))
    return rendering, b"".join(download.streaming_content)


def _docx_text(content):
    document = docx.Document(io.BytesIO(content))
    parts = [paragraph.text for paragraph in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return document, "\n".join(parts)


def _odt_text(content):
    document = opendocument.load(io.BytesIO(content))
    return document, "\n".join(teletype.extractText(p) for p in document.getElementsByType(P))


def test_docx_and_odt_hold_the_structure_every_indicator_and_only_testimonies_for_funders(
    fiche, django_capture_on_commit_callbacks
):
    world, fiche, _indicator = fiche
    client = client_for(world.member_a)
    client.post(url("publish", fiche))
    rendering, content = _render(client, fiche, django_capture_on_commit_callbacks, format="docx")
    assert rendering.file.name.endswith("bilan-2026-v1.docx")
    document, text = _docx_text(content)
    assert document.core_properties.title == "Bilan 2026"
    assert document.core_properties.language == "fr-FR"
    for expected in ("Structure A", "Personnes venues seules", "Ce qui a changé pour le quartier", "32"):
        assert expected in text
    assert "Je me sens moins seule le mardi." in text
    assert "Secret de l" not in text
    assert "Montrer que les ateliers créent du lien." in text
    bold = [run.text for p in document.paragraphs for run in p.runs if run.bold]
    assert "ateliers" in bold  # Markdown emphasis survives
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Registres, critères et indicateurs" in headings

    _rendering, content = _render(client, fiche, django_capture_on_commit_callbacks, format="odt")
    document, text = _odt_text(content)
    for expected in ("Structure A", "Personnes venues seules", "Je me sens moins seule le mardi."):
        assert expected in text
    assert "Secret de l" not in text
    assert "Bilan 2026" in str(document.meta)


def test_documents_convert_headless_with_libreoffice(fiche, django_capture_on_commit_callbacks, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is missing: run `make system-deps` (Debian package libreoffice-writer-nogui)"
    world, fiche, _indicator = fiche
    client = client_for(world.member_a)
    sources = []
    for data in ({"format": "odt"}, {"format": "docx"}, {"format": "docx", "pack": "funding"}):
        rendering, content = _render(client, fiche, django_capture_on_commit_callbacks, **data)
        source = tmp_path / rendering.file.name.rsplit("/", 1)[-1]
        source.write_bytes(content)
        sources.append(source)
    result = subprocess.run(  # noqa: S603 — our own files, a fixed command
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "txt:Text (encoded):UTF8",
            "--outdir",
            str(tmp_path / "out"),
            *map(str, sources),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for source in sources:
        converted = (tmp_path / "out" / source.name).with_suffix(".txt").read_text(encoding="utf-8")
        assert "Structure A" in converted
        assert "Personnes venues seules" in converted


def test_the_funding_application_follows_the_sections_of_the_network(fiche, django_capture_on_commit_callbacks):
    world, fiche, _indicator = fiche
    funding.save_sections(
        world.network,
        [
            {"title": "Qui sommes-nous", "guidance": "", "content": "identity"},
            {"title": "Ce que nous visons", "guidance": "", "content": "stakes"},
            {"title": "Ce qu'ils en disent", "guidance": "", "content": "testimonies"},
            {"title": "Plan de financement", "guidance": "Dépenses et recettes.", "content": "free"},
        ],
        user=world.coordinator,
    )
    client = client_for(world.member_a)
    preview = client.get(url("funding", fiche)).content.decode()
    assert preview.index("Qui sommes-nous") < preview.index("Ce que nous visons") < preview.index("Plan de")
    rendering, content = _render(client, fiche, django_capture_on_commit_callbacks, format="docx", pack="funding")
    assert rendering.funding_pack
    assert rendering.file.name.rsplit("/", 1)[-1].startswith("dossier-de-financement-bilan-2026")
    document, text = _docx_text(content)
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Qui sommes-nous", "Ce que nous visons", "Ce qu'ils en disent", "Plan de financement"]
    assert "Montrer que les ateliers créent du lien." in text
    assert "Je me sens moins seule le mardi." in text
    assert "Secret de l" not in text
    assert "Dépenses et recettes." in text
    assert "Personnes venues seules" not in text  # the network did not ask for indicators
    _rendering, content = _render(client, fiche, django_capture_on_commit_callbacks, format="odt", pack="funding")
    assert zipfile.ZipFile(io.BytesIO(content)).read("mimetype") == b"application/vnd.oasis.opendocument.text"


def test_a_funding_application_is_not_offered_as_pdf(fiche):
    world, fiche, _indicator = fiche
    response = client_for(world.member_a).post(url("render", fiche), {"format": "pdf", "pack": "funding"})
    assert response.status_code == 404
    assert not Rendering.objects.exists()


def test_the_coordinator_orders_adds_and_removes_sections(world):
    client = client_for(world.coordinator)
    page = reverse("fiches:funding_template", kwargs={"slug": world.network.slug})
    defaults = funding.sections_of(world.network)
    data: dict[str, Any] = {
        "form-TOTAL_FORMS": len(defaults) + 1,
        "form-INITIAL_FORMS": len(defaults),
        "form-MAX_NUM_FORMS": 30,
    }
    for index, section in enumerate(defaults):
        data |= {f"form-{index}-{key}": value for key, value in section.items()}
        data[f"form-{index}-ORDER"] = index + 1
    data["form-0-ORDER"] = 99  # the structure goes last
    data["form-1-DELETE"] = "on"  # no action section
    new = len(defaults)
    data |= {f"form-{new}-title": "Partenariats", f"form-{new}-content": "free", f"form-{new}-ORDER": 50}
    assert client.post(page, data).status_code == 302
    titles = [section["title"] for section in funding.sections_of(world.network)]
    assert titles[-2:] == ["Partenariats", "La structure"]
    assert "L'action" not in titles
    assert len(titles) == len(defaults)
    # A section with an unknown content is refused and nothing changes.
    data[f"form-{new}-content"] = "<script>"
    response = client.post(page, data)
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    client.post(reverse("fiches:funding_reset", args=[world.network.slug]))
    assert funding.sections_of(world.network) == defaults


def test_only_the_coordinator_changes_the_sections(world):
    page = reverse("fiches:funding_template", kwargs={"slug": world.network.slug})
    assert client_for(world.admin_b).get(page).status_code == 404
    assert client_for(world.outsider).get(page).status_code == 404
    assert client_for(world.coordinator).get(page).status_code == 200


def test_two_people_writing_the_same_fiche_do_not_lose_each_others_text(fiche):
    world, fiche, _indicator = fiche
    client = client_for(world.member_a)
    form = {
        "title": fiche.title,
        "period_start": "2026-01-01",
        "period_end": "2026-12-31",
        "licence": fiche.licence,
        "revision": fiche.revision,
    }
    assert client.post(url("update", fiche), {**form, "lessons": "Premier texte."}).status_code == 302
    response = client.post(url("update", fiche), {**form, "lessons": "Second texte."})  # read before the first save
    assert response.status_code == 409
    page = response.content.decode()
    assert "Premier texte." in page  # what is saved now
    assert "Second texte." in page  # what this person wrote, kept in the form
    fiche.refresh_from_db()
    assert fiche.lessons == "Premier texte."
    # Saving again, on purpose, replaces it.
    assert (
        client.post(url("update", fiche), {**form, "revision": fiche.revision, "lessons": "Second texte."}).status_code
        == 302
    )
    fiche.refresh_from_db()
    assert fiche.lessons == "Second texte."


def test_partners_list_the_fiches_published_to_their_network(fiche, django_assert_max_num_queries):
    world, fiche, _indicator = fiche
    from tests.factories import NetworkMembershipFactory

    partner = NetworkMembershipFactory(network=world.network, role="partner").user
    page = reverse("fiches:shared_with_me")
    client = client_for(world.member_a)
    client.post(url("publish", fiche))
    assert "Bilan 2026" not in client_for(partner).get(page).content.decode()
    client.post(url("show_to_network", fiche))
    listing = client_for(partner).get(page).content.decode()
    assert "Bilan 2026" in listing
    assert "version 1 publiée" in listing
    assert "Bilan 2026" not in client_for(world.outsider).get(page).content.decode()
    assert client_for(partner).get(url("detail", fiche)).status_code == 200
    assert client_for(partner).get(url("funding", fiche)).status_code == 404  # not their work


def test_html_reading_keeps_structure():
    blocks = read_html(
        "<h2>Titre</h2><p class='meta'>Note</p><p>Un <strong>mot</strong> <a href='https://exemple.fr'>lien</a></p>"
        "<svg><text>rien</text></svg><table><caption>Tab</caption><tr><th colspan='2'>Groupe</th></tr>"
        "<tr><td>a</td><td>b</td></tr></table><ul><li>un</li><li>deux<ul><li>trois</li></ul></li></ul>"
    )
    assert blocks[0] == Heading(1, "Titre")
    assert isinstance(blocks[1], Paragraph)
    assert blocks[1].style == "note"
    assert "".join(run.text for run in blocks[2].runs) == "Un mot lien (https://exemple.fr)"
    table = blocks[3]
    assert isinstance(table, Table)
    assert (table.caption, table.columns, len(table.rows)) == ("Tab", 2, 2)
    assert [["".join(r.text for r in item) for item in blocks[4].items]] == [["un", "deux", "trois"]]
    assert "rien" not in str(blocks)
