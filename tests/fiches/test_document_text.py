"""Every page of what we print, read back: footers with the names people really have, documents
in A4 and in French, tables whose words are not cut, emoji that keep the text extractable."""

import io
import uuid

import docx
import pypdf
import pytest
from odf import opendocument
from odf.style import TableColumnProperties

from tests.conftest import client_for
from tests.fiches.test_documents import _render

pytestmark = pytest.mark.django_db
NAME = "Foyer Laïque de Saint-Marc « l’Étoile »"
TITLE = 'Bilan d\'activité "2026"'


@pytest.fixture
def named_fiche(fiche):
    world, fiche, indicator = fiche
    world.org_a.name = NAME
    world.org_a.save()
    fiche.title = TITLE
    fiche.save()
    return world, fiche, indicator


def test_the_pdf_footer_names_the_structure_as_written_on_every_page(named_fiche, django_capture_on_commit_callbacks):
    world, fiche, _indicator = named_fiche
    _rendering, content = _render(client_for(world.member_a), fiche, django_capture_on_commit_callbacks, format="pdf")
    pages = pypdf.PdfReader(io.BytesIO(content)).pages
    assert len(pages) >= 3
    for page in pages[1:]:  # the cover has no footer
        text = page.extract_text()
        assert "Saint-Marc « l’Étoile »" in text, text[-300:]
        assert 'Bilan d\'activité "2026"' in text
        assert "u002D" not in text
        assert "u0027" not in text


def test_docx_is_a4_in_french_and_odt_tables_have_column_widths(named_fiche, django_capture_on_commit_callbacks):
    world, fiche, _indicator = named_fiche
    client = client_for(world.member_a)
    _rendering, content = _render(client, fiche, django_capture_on_commit_callbacks, format="docx")
    document = docx.Document(io.BytesIO(content))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    from lxml import etree

    for element in (document.styles.element, document.settings.element):
        assert b'w:val="en-US"' not in etree.tostring(element)
    assert b'w:val="fr-FR"' in etree.tostring(document.styles.element)
    assert document.core_properties.language == "fr-FR"
    _rendering, content = _render(client, fiche, django_capture_on_commit_callbacks, format="odt")
    odt = opendocument.load(io.BytesIO(content))
    widths = [
        float(p.getAttribute("columnwidth").removesuffix("cm")) for p in odt.getElementsByType(TableColumnProperties)
    ]
    assert widths
    assert all(width >= 1.5 for width in widths)
    assert b'fo:page-width="21cm"' in odt.xml() or b"21cm" in content


def test_a_workshop_panorama_with_an_emoji_keeps_every_card_extractable(world, django_capture_on_commit_callbacks):
    from tests.workshops.test_workshops import facilitator, joined, public
    from utilite.workshops import services
    from utilite.workshops.models import Card

    workshop = services.create_workshop(
        organisation=world.org_b,
        user=world.admin_b,
        title="Ce qui change",
        questions="Qu’est-ce qui change ?",
        groups=["public"],
    )
    services.change_status(workshop, "open")
    workshop.refresh_from_db()
    participant = joined(workshop, group="public")
    texts = ["Je sors de chez moi 😀", "J’ose demander de l’aide 👍", "Je transmets ce que je sais"]
    for text in texts:
        participant.post(public("card", workshop), {"text": text, "client_key": str(uuid.uuid4())})
    cluster = services.add_cluster(workshop, "Lien social")
    for card in Card.objects.filter(workshop=workshop):
        services.place(card, cluster)
    team = client_for(world.admin_b)
    with django_capture_on_commit_callbacks(execute=True):
        team.post(facilitator("panorama", workshop))
    response = team.get(facilitator("panorama_pdf", workshop))
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.getvalue())).pages)
    for written in texts:
        assert written in text
