"""Building a questionnaire: questions of every type, sections, validated scales, the bank, links."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.conftest import client_for
from utilite.questionnaires import services
from utilite.questionnaires.models import Campaign, Question, Questionnaire

pytestmark = pytest.mark.django_db


def url(name, world, **kwargs):
    return reverse(f"questionnaires:{name}", kwargs={"slug": world.org_b.slug, **kwargs})


def test_create_a_questionnaire_with_choices_and_a_validated_scale(world):
    client = client_for(world.employee_b)
    response = client.post(url("create", world), {"title": "Après l'atelier", "intro": "Cinq minutes, anonyme."})
    questionnaire = Questionnaire.objects.get(title="Après l'atelier")
    assert response["Location"] == questionnaire.get_absolute_url()
    section = questionnaire.sections.get()
    add = url("question_create", world, pk=questionnaire.pk, section_pk=section.pk)
    response = client.post(
        add, {"wording": "Qu'avez-vous appris ?", "kind": "multiple", "choice_lines": "Le courriel"}
    )
    assert "Donnez au moins deux choix." in response.content.decode()
    client.post(
        add,
        {
            "wording": "Qu'avez-vous appris ?",
            "kind": "multiple",
            "choice_lines": "Le courriel\nLes photos\nLe courriel",
            "allow_skip": "on",
        },
    )
    question = Question.objects.get(section=section)
    assert question.choices == [
        {"name": "le_courriel", "label": "Le courriel"},
        {"name": "les_photos", "label": "Les photos"},
        {"name": "le_courriel_2", "label": "Le courriel"},
    ]
    assert question.name == "qu_avez_vous_appris"
    client.post(url("module_add", world, pk=questionnaire.pk), {"module": "rosenberg"})
    scale = questionnaire.sections.get(module="rosenberg")
    assert scale.questions.count() == 10
    assert list(scale.questions.filter(reversed=True).values_list("position", flat=True)) == [3, 5, 8, 9, 10]
    page = client.get(questionnaire.get_absolute_url()).content.decode()
    assert "Estime de soi" in page
    assert "échelle validée" in page
    # A validated scale's wording cannot be changed or its questions deleted.
    item = scale.questions.first()
    response = client.post(url("question_delete", world, pk=questionnaire.pk, question_pk=item.pk))
    assert response.status_code == 404


def test_reorder_and_delete(world):
    client = client_for(world.admin_b)
    questionnaire = world.questionnaire_b
    section = questionnaire.sections.get()
    second = services.add_question(section, wording="Deuxième", kind="yes_no")
    client.post(url("question_move", world, pk=questionnaire.pk, question_pk=second.pk), {"move": "up"})
    assert list(section.questions.values_list("wording", flat=True)) == [
        "Deuxième",
        "Vous sentez-vous plus à l'aise ?",
    ]
    client.post(url("question_delete", world, pk=questionnaire.pk, question_pk=second.pk))
    assert list(section.questions.values_list("wording", flat=True)) == ["Vous sentez-vous plus à l'aise ?"]
    client.post(url("section_add", world, pk=questionnaire.pk), {"title": "Pour finir"})
    last = questionnaire.sections.get(title="Pour finir")
    client.post(url("section_move", world, pk=questionnaire.pk, section_pk=last.pk), {"move": "up"})
    assert questionnaire.sections.first() == last


def test_reuse_questions_from_the_bank(world):
    client = client_for(world.admin_b)
    other = services.create_questionnaire(organisation=world.org_b, user=world.admin_b, title="Suivi à 3 mois")
    section = other.sections.get()
    bank = url("bank", world, pk=other.pk, section_pk=section.pk)
    assert "Vous sentez-vous plus à l&#x27;aise ?" in client.get(bank).content.decode()
    client.post(bank, {"questions": [world.question_b.pk]})
    copy = section.questions.get()
    assert (copy.wording, copy.kind) == (world.question_b.wording, "scale")
    assert copy.pk != world.question_b.pk
    # Another structure's questions are not in the bank.
    foreign = services.create_questionnaire(organisation=world.org_a, user=world.member_a, title="Chez A")
    services.add_question(foreign.sections.get(), wording="Question de A", kind="text")
    assert "Question de A" not in client.get(bank).content.decode()


def test_link_a_question_to_an_indicator(world):
    client = client_for(world.admin_b)
    edit = url("question_update", world, pk=world.questionnaire_b.pk, question_pk=world.question_b.pk)
    page = client.get(edit).content.decode()
    assert "Nombre de participants" in page  # the validated référentiel's indicators
    uid = world.indicator_b.uid
    response = client.post(edit, {"wording": "Plus à l'aise ?", "kind": "scale", "indicator": str(uid)})
    assert "Choisissez ce que reçoit l\u2019indicateur." in response.content.decode()
    client.post(edit, {"wording": "Plus à l'aise ?", "kind": "scale", "indicator": str(uid), "statistic": "mean"})
    world.question_b.refresh_from_db()
    assert (world.question_b.indicator_uid, world.question_b.statistic) == (uid, "mean")


def test_open_a_campaign_and_close_it(world):
    client = client_for(world.admin_b)
    response = client.post(
        url("campaign_create", world, pk=world.questionnaire_b.pk),
        {
            "moment": "after",
            "granularity": "quarter",
            "period": "2026-T4",
            "opens_on": "2026-11-01",
            "compared_with": world.campaign_b.pk,
        },
    )
    campaign = Campaign.objects.get(moment="after")
    assert response["Location"] == campaign.get_absolute_url()
    assert campaign.period_start == datetime.date(2026, 10, 1)
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert f"/r/{campaign.token}/" in page
    assert "<svg" in page  # the QR code
    client.post(url("campaign_status", world, pk=campaign.pk), {"status": "closed"})
    campaign.refresh_from_db()
    assert not campaign.accepts_answers()
    response = client.post(
        url("campaign_create", world, pk=world.questionnaire_b.pk),
        {"moment": "after", "granularity": "quarter", "period": "novembre", "opens_on": "2026-11-01"},
    )
    assert "Écrivez la période sous la forme" in response.content.decode()


def test_delete_the_answers_of_a_campaign(world):
    services.submit_response(world.campaign_b, {world.question_b.pk: services.Given(number=Decimal(3))})
    client = client_for(world.admin_b)
    page = client.get(url("delete_answers", world, pk=world.campaign_b.pk)).content.decode()
    assert "1 réponse sera supprimée définitivement." in page
    client.post(url("delete_answers", world, pk=world.campaign_b.pk), {"delete_answers": "1"})
    assert not world.campaign_b.responses.exists()
    assert (
        client_for(world.member_a)
        .post(url("delete_answers", world, pk=world.campaign_b.pk), {"delete_answers": "1"})
        .status_code
        == 404
    )
