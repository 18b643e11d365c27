"""What a space takes in, tested against files shaped like the real ones: a Wiki-Brest export in
MediaWiki's format 0.11 (several pages, revisions, named and anonymous authors, a user page),
an old 0.3 export without namespaces, broken and hostile XML; minutes written in Word (DOCX)
and LibreOffice (ODT). And what it gives back: a zip of Markdown with the whole history, ODT
and PDF of a page (every page of it read), attachments checked by their content."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import client_for
from tests.wiki.conftest import url
from utilite.wiki import imports, services
from utilite.wiki.models import Page, Revision, WikiExport, WikiImport

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"


def _upload(name, content=None):
    return SimpleUploadedFile(name, content if content is not None else (FIXTURES / name).read_bytes())


def _import(client, group, upload, capture):
    """Send the file; the task runs once the request's transaction is committed."""
    with capture(execute=True):
        response = client.post(url("import", group), {"file": upload})
    assert response.status_code == 302
    return client.get(response.url)


def test_a_mediawiki_export_comes_in_with_every_revision_and_its_authors(
    world, group, django_capture_on_commit_callbacks
):
    client = client_for(world.admin_b)
    response = _import(client, group, _upload("wiki-brest-export.xml"), django_capture_on_commit_callbacks)
    assert "2 pages importées avec leurs 4 révisions." in response.content.decode()
    assert not WikiImport.objects.get().file  # the file as it came is not kept
    page = Page.objects.get(title="Réseau isolement social")
    revisions = list(page.revisions.order_by("number"))
    assert [revision.number for revision in revisions] == [1, 2, 3]
    assert revisions[0].author == world.admin_b  # matched by name
    assert (revisions[1].author, revisions[1].author_name) == (None, "JeanMichelB")  # kept as written
    assert revisions[2].author_name == "192.168.1.20"
    assert revisions[1].summary == "ajout des membres"
    assert revisions[0].created_at.year == 2011
    assert page.updated_at == revisions[2].created_at
    assert page.text.startswith("## Qui sommes-nous ?\n")
    assert "**structures brestoises**" in page.text
    assert "*2010*" in page.text
    assert "[[Ville de Brest|ville]]" in page.text
    assert "- Centre social de Kérinou\n   - l'accueil de jour" in page.text.replace("- Vivre la rue\n", "")
    assert "1. première réunion" in page.text
    assert "Ébauche" not in revisions[0].text  # templates are dropped
    assert "[a-brest](http://www.a-brest.net)" in revisions[1].text
    assert "Logo.png" not in revisions[1].text
    assert not Page.objects.filter(title__startswith="Utilisateur").exists()  # not an article
    history = client.get(url("history", group, page.slug)).content.decode()
    assert "JeanMichelB" in history
    assert "14 mars 2011" in history
    # The same file again: nothing half done, a French message.
    again = _import(client, group, _upload("wiki-brest-export.xml"), django_capture_on_commit_callbacks)
    assert "existent déjà dans l&#x27;espace" in again.content.decode()
    assert Revision.objects.filter(space=group).count() == 4


def test_an_old_export_without_namespaces_comes_in_too(world, group):
    result = imports.take_in(group, _upload("old-export-0.3.xml"), user=world.admin_b)
    assert "1 page importée" in result.message
    assert Page.objects.get().text == "L'atelier photo a lieu le **mardi**.\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<mediawiki><page><title>Sans fin", "pas un XML valide"),
        (b"<html><body>Pas un wiki</body></html>", "pas un export MediaWiki"),
        (
            b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
            b"<mediawiki><page><title>&b;</title></page></mediawiki>",
            "entités",
        ),
        (b"<mediawiki><page><title>Vide</title></page></mediawiki>", "aucun article"),
        (b"Bonjour", "Envoyez un export MediaWiki"),
    ],
)
def test_bad_files_are_refused_in_french_and_change_nothing(
    world, group, content, message, django_capture_on_commit_callbacks
):
    response = _import(
        client_for(world.admin_b), group, _upload("export.xml", content), django_capture_on_commit_callbacks
    )
    assert response.status_code == 200
    assert "Refusé" in response.content.decode()
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not Page.objects.exists()


def _docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Compte rendu du comité du 5 novembre", level=1)
    document.add_paragraph("Présents : Anne, Bérénice, Karim.")
    document.add_heading("Décisions", level=2)
    document.add_paragraph("Ouvrir le samedi matin.", style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _odt() -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.text import H, List, ListItem, P

    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text="Réunion des bénévoles"))
    document.text.addElement(P(text="Nous étions douze."))
    items = List()
    item = ListItem()
    item.addElement(P(text="Préparer le goûter"))
    items.addElement(item)
    document.text.addElement(items)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def test_minutes_written_in_word_or_libreoffice_become_pages(world, group, django_capture_on_commit_callbacks):
    client = client_for(world.admin_b)
    done = _import(client, group, _upload("CR comité.docx", _docx()), django_capture_on_commit_callbacks)
    assert "Compte rendu du comité du 5 novembre" in done.content.decode()  # a link to the new page
    page = Page.objects.get(title="Compte rendu du comité du 5 novembre")
    assert page.kind == "minutes"
    assert "Présents : Anne, Bérénice, Karim." in page.text
    assert "Ouvrir le samedi matin." in page.text
    _import(client, group, _upload("benevoles.odt", _odt()), django_capture_on_commit_callbacks)
    page = Page.objects.get(title="Réunion des bénévoles")
    assert "Nous étions douze." in page.text
    assert "- Préparer le goûter" in page.text
    damaged = _import(
        client, group, _upload("abime.docx", b"PK\x03\x04 pas un zip"), django_capture_on_commit_callbacks
    )
    assert "abîmé" in damaged.content.decode()


def _export(client, address, capture):
    """Ask for the export; the task runs once the request's transaction is committed."""
    with capture(execute=True):
        response = client.post(address)
    status = client.get(response.url).content.decode()
    assert "Prêt" in status
    job = WikiExport.objects.latest("pk")
    download = client.get(reverse("wiki:export_download", args=[job.space.network.slug, job.space.slug, job.pk]))
    content = b"".join(download.streaming_content)
    return content


def test_a_space_exports_as_markdown_with_its_attachments_and_whole_history(
    world, group, django_capture_on_commit_callbacks
):
    page = services.create_page(space=group, title="Réunion", text="Première version.\n", user=world.admin_b)
    services.save_page(page, text="Deuxième version.\n", base=1, user=world.member_a, summary="Relu")
    client = client_for(world.member_a)
    client.post(url("attach", group, page.slug), {"file": _upload("cr.pdf", b"%PDF-1.4\n% un compte rendu\n")})
    archive = zipfile.ZipFile(
        io.BytesIO(_export(client, url("export_space", group), django_capture_on_commit_callbacks))
    )
    names = set(archive.namelist())
    assert {"reunion.md", "historique/reunion/0001.md", "historique/reunion/0002.md"} <= names
    assert any(name.startswith("pieces-jointes/reunion/") and name.endswith("cr.pdf") for name in names)
    assert "Deuxième version." in archive.read("reunion.md").decode()
    second = archive.read("historique/reunion/0002.md").decode()
    assert "author: Anne Autre" in second
    assert "summary: Relu" in second


def test_a_page_exports_as_odt_and_as_a_pdf_with_a_footer_on_every_page(
    world, group, django_capture_on_commit_callbacks
):
    import pypdf
    from odf.opendocument import load

    text = "\n\n".join(f"## Partie {number}\n\n" + "Une phrase du compte rendu. " * 40 for number in range(12))
    page = services.create_page(space=group, title="Long compte rendu", text=text, user=world.admin_b)
    client = client_for(world.admin_b)
    odt = client.get(url("export_page", group, page.slug, "odt"))
    assert odt["Content-Type"] == "application/vnd.oasis.opendocument.text"
    assert "Partie 11" in str(load(io.BytesIO(odt.content)).text)
    content = _export(client, url("export_pdf", group, page.slug), django_capture_on_commit_callbacks)
    pdf = pypdf.PdfReader(io.BytesIO(content))
    assert len(pdf.pages) > 2
    for number, sheet in enumerate(pdf.pages, start=1):
        words = sheet.extract_text()
        assert f"{number} / {len(pdf.pages)}" in words
        assert "Isolement social · Long compte rendu" in words
    assert client.get(url("export_page", group, page.slug, "exe")).status_code == 404


def test_attachments_are_checked_by_their_content(world, group):
    from tests.factories import jpeg_with_gps

    page = services.create_page(space=group, title="Photos", text="", user=world.admin_b)
    client = client_for(world.admin_b)
    fake = client.post(
        url("attach", group, page.slug), {"file": _upload("script.pdf", b"#!/bin/sh\nrm -rf /")}, follow=True
    )
    assert "Envoyez une photo, un PDF ou un document bureautique" in fake.content.decode()
    client.post(url("attach", group, page.slug), {"file": _upload("sortie.jpg", jpeg_with_gps())})
    client.post(url("attach", group, page.slug), {"file": _upload("cr.docx", _docx())})
    pictures = {item.name: item for item in page.attachments.all()}
    assert set(pictures) == {"sortie.jpg", "cr.docx"}
    assert pictures["sortie.jpg"].content_type == "image/jpeg"
    from PIL import Image

    with pictures["sortie.jpg"].file.open("rb") as handle, Image.open(handle) as image:
        assert not image.getexif()  # GPS and camera gone
    assert pictures["cr.docx"].file.name.endswith(".docx")
    assert "cr" not in Path(str(pictures["cr.docx"].file.name)).stem
    served = client.get(url("attachment", group, page.slug, pictures["cr.docx"].pk))
    assert served["X-Content-Type-Options"] == "nosniff"
    assert 'attachment; filename="cr.docx"' in served["Content-Disposition"]
    served.close()
