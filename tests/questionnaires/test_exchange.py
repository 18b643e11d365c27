"""XLSForm out and in, paper (PDF and typing in), answers as CSV/XLSX."""

import io
from decimal import Decimal

import openpyxl
import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pyxform.xls2xform import convert

from tests.conftest import client_for
from utilite.questionnaires import services
from utilite.questionnaires.models import Question, Questionnaire, Response, as_dict

pytestmark = pytest.mark.django_db


@pytest.fixture
def full(world):
    """A questionnaire with every kind of question, two sections and a validated scale."""
    questionnaire = world.questionnaire_b
    questionnaire.intro = "Cinq minutes. C'est anonyme."
    questionnaire.save()
    section = questionnaire.sections.get()
    services.add_question(section, wording="Avez-vous un ordinateur ?", kind="yes_no", allow_skip=False)
    services.add_question(
        section,
        wording="Où vous connectez-vous ?",
        help_text="Une seule réponse.",
        kind="single",
        choices=[{"name": "maison", "label": "À la maison"}, {"name": "mediatheque", "label": "À la médiathèque"}],
    )
    more = services.add_section(questionnaire, "Vos usages")
    services.add_question(
        more,
        wording="Qu'avez-vous appris ?",
        kind="multiple",
        choices=[{"name": "mail", "label": "Le courriel"}, {"name": "photos", "label": "Les photos"}],
    )
    services.add_question(more, wording="Combien d'heures par semaine ?", kind="number")
    services.add_question(more, wording="Un mot pour finir ?", kind="text", allow_skip=False)
    services.add_module(questionnaire, "ucla3")
    return world, questionnaire


def definition(questionnaire):
    return {
        "title": questionnaire.title,
        "intro": questionnaire.intro,
        "sections": [
            (section.title, section.module, [as_dict(question) for question in section.questions.all()])
            for section in questionnaire.sections.all()
        ],
    }


def test_an_exported_xlsform_is_valid_and_comes_back_identical(full, tmp_path):
    world, questionnaire = full
    client = client_for(world.employee_b)
    response = client.get(
        reverse("questionnaires:xlsform_export", kwargs={"slug": "structure-b", "pk": questionnaire.pk})
    )
    path = tmp_path / "form.xlsx"
    path.write_bytes(response.content)
    result = convert(xlsform=str(path))  # the reference converter of ODK and Kobo accepts it
    assert "<h:title>Questionnaire confidentiel de B</h:title>" in result.xform
    assert result.warnings == []
    imported = client.post(
        reverse("questionnaires:xlsform_import", kwargs={"slug": "structure-b"}),
        {"file": SimpleUploadedFile("form.xlsx", response.content)},
    )
    copy = Questionnaire.objects.exclude(pk=questionnaire.pk).get()
    assert imported["Location"] == copy.get_absolute_url()
    assert definition(copy) == definition(questionnaire)


def test_an_xlsform_with_rows_we_cannot_keep_imports_the_rest_and_lists_them(world):
    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", "label"])
    survey.append(["select_one couleurs", "couleur", "Votre couleur ?"])
    survey.append(["geopoint", "lieu", "Où êtes-vous ?"])
    survey.append(["text", "2eme", "Et encore ?"])
    survey.append(["integer", "age", ""])
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label"])
    choices.append(["oui_non", "", "Oui"])
    buffer = io.BytesIO()
    book.save(buffer)
    response = client_for(world.admin_b).post(
        reverse("questionnaires:xlsform_import", kwargs={"slug": "structure-b"}),
        {"file": SimpleUploadedFile("mauvais.xlsx", buffer.getvalue())},
    )
    assert response.status_code == 200
    page = response.content.decode()
    for expected in [
        "Ligne 2, colonne « choices · name » : Cette cellule est vide : ligne ignorée.",
        "Ligne 2, colonne « survey · type » : La liste de choix « couleurs » n",
        "Ligne 3, colonne « survey · type » : Le type « geopoint » n",
        "Ligne 4, colonne « survey · name » : Le nom « 2eme » devient « question_4 ».",
        "Ligne 5, colonne « survey · label » : La question n",
    ]:
        assert expected in page
    imported = Questionnaire.objects.exclude(pk=world.questionnaire_b.pk).get()
    assert list(Question.objects.filter(section__questionnaire=imported).values_list("wording", flat=True)) == [
        "Et encore ?"
    ]
    only_unusable = openpyxl.Workbook()
    only_unusable.active.title = "survey"
    only_unusable.active.append(["type", "name", "label"])
    only_unusable.active.append(["geopoint", "lieu", "Où ?"])
    buffer = io.BytesIO()
    only_unusable.save(buffer)
    response = client_for(world.admin_b).post(
        reverse("questionnaires:xlsform_import", kwargs={"slug": "structure-b"}),
        {"file": SimpleUploadedFile("rien.xlsx", buffer.getvalue())},
    )
    assert response.status_code == 422
    assert "Le formulaire n\u2019a aucune question qui puisse être reprise." in response.content.decode()
    missing_sheet = openpyxl.Workbook()
    buffer = io.BytesIO()
    missing_sheet.save(buffer)
    page = (
        client_for(world.admin_b)
        .post(
            reverse("questionnaires:xlsform_import", kwargs={"slug": "structure-b"}),
            {"file": SimpleUploadedFile("vide.xlsx", buffer.getvalue())},
        )
        .content.decode()
    )
    assert "La feuille « survey » manque." in page


def test_the_paper_version_is_a_tagged_pdf_with_every_question(full):
    world, questionnaire = full
    response = client_for(world.admin_b).get(
        reverse("questionnaires:paper_pdf", kwargs={"slug": "structure-b", "pk": questionnaire.pk})
    )
    assert response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    for question in questionnaire.questions_in_order():
        assert question.wording.split(" ")[0] in text
    assert "À la médiathèque" in text
    assert reader.metadata.title == "Questionnaire confidentiel de B"
    assert reader.trailer["/Root"]["/Lang"] == "fr"
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]


def test_type_paper_answers_one_after_the_other(full):
    world, questionnaire = full
    questions = questionnaire.questions_in_order()
    url = reverse("questionnaires:paper_entry", kwargs={"slug": "structure-b", "pk": world.campaign_b.pk})
    client = client_for(world.employee_b)
    assert "Saisir les réponses papier" in client.get(url).content.decode()
    data: dict[str, str | list[str]] = {
        "code": "",
        f"q{questions[0].pk}-answer": "5",
        f"q{questions[1].pk}-answer": "1",
    }
    data[f"q{questions[3].pk}-answer"] = ["mail", "photos"]
    response = client.post(url, data)
    assert response["Location"] == url
    stored = Response.objects.get()
    assert stored.mode == "paper"
    assert stored.answers.count() == 4
    assert client_for(world.member_a).post(url, data).status_code == 404


def test_answers_export_one_row_per_response(full):
    world, questionnaire = full
    questions = questionnaire.questions_in_order()
    services.submit_response(
        world.campaign_b,
        {
            questions[0].pk: services.Given(number=Decimal(4)),
            questions[3].pk: services.Given(choices=("mail", "photos")),
            questions[5].pk: services.Given(text='=HYPERLINK("http://x")'),
            questions[2].pk: services.Given(skipped="rather_not"),
        },
        code="lune",
    )
    url = reverse("questionnaires:answers_export", kwargs={"slug": "structure-b", "pk": world.campaign_b.pk})
    content = client_for(world.admin_b).get(url, {"format": "csv"}).content.decode("utf-8-sig")
    header, row = content.splitlines()[:2]
    assert header.split(",")[:4] == ["réponse", "jour", "comment", "clé d\u2019appariement"]
    assert ",4," in row
    assert "mail|photos" in row
    assert "Je préfère ne pas répondre" in row
    assert "'=HYPERLINK" in row  # a formula is never run by the spreadsheet
    xlsx = client_for(world.admin_b).get(url, {"format": "xlsx"})
    assert xlsx.content[:2] == b"PK"
