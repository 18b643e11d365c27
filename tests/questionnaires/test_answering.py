"""Answering a campaign: no account, one question per screen, nothing identifying stored."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import client_for
from utilite.questionnaires import services
from utilite.questionnaires.models import Answer, Response
from utilite.questionnaires.views import answering

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(world):
    section = world.questionnaire_b.sections.get()
    services.add_question(section, wording="Avez-vous envoyé un e-mail seul·e ?", kind="yes_no")
    services.add_question(
        section,
        wording="Qu'avez-vous appris ?",
        kind="multiple",
        choices=[{"name": "mail", "label": "Le courriel"}, {"name": "photos", "label": "Les photos"}],
    )
    services.add_question(section, wording="Qu'est-ce qui a changé pour vous ?", kind="text")
    return world.campaign_b


def answer_all(client, campaign, code=""):
    start = reverse("answers:start", kwargs={"token": campaign.token})
    assert client.post(start, {"code": code}).url == reverse(
        "answers:question", kwargs={"token": campaign.token, "number": 1}
    )

    def question(number):
        return reverse("answers:question", kwargs={"token": campaign.token, "number": number})

    assert client.post(question(1), {"answer": "4"}).url == question(2)
    assert client.post(question(2), {"answer": "dont_know"}).url == question(3)
    assert client.post(question(3), {"answer": ["mail", "photos"]}).url == question(4)
    finish = reverse("answers:finish", kwargs={"token": campaign.token})
    response = client.post(question(4), {"answer": "  Je parle à mes petits-enfants.  ", "quote": "funders"})
    assert response.url == finish
    return client.post(finish)


def test_a_person_answers_without_an_account(world, campaign):
    client = client_for(None)
    page = client.get(reverse("answers:start", kwargs={"token": campaign.token})).content.decode()
    assert "4 questions. Vous pouvez passer chacune." in page
    page = client.get(reverse("answers:question", kwargs={"token": campaign.token, "number": 1})).content.decode()
    assert "Question 1 sur 4" in page
    assert "<script" not in page
    assert len(page.encode()) < 150_000
    response = answer_all(client, campaign, code="chat-42")
    assert response.url.endswith("/merci/")
    stored = Response.objects.get()
    assert stored.answered_on == timezone.localdate()  # the day only
    assert stored.mode == "self"
    assert stored.code_digest == services.code_digest(world.org_b, "CHAT 42")  # same code, however written
    assert "CHAT" not in stored.code_digest
    answers = {a.question.wording: a for a in Answer.objects.select_related("question")}
    assert answers["Vous sentez-vous plus à l'aise ?"].number == 4
    assert answers["Avez-vous envoyé un e-mail seul·e ?"].skipped == "dont_know"
    assert sorted(a.choice for a in Answer.objects.filter(question__kind="multiple")) == ["mail", "photos"]
    text = answers["Qu'est-ce qui a changé pour vous ?"]
    assert (text.text, text.quote_scope) == ("Je parle à mes petits-enfants.", "funders")
    # Nothing about the person's connection is kept: the models have no field for it.
    fields = {field.name for model in (Response, Answer) for field in model._meta.get_fields()}
    assert not fields & {"ip", "ip_address", "user_agent", "created_at", "updated_at"}
    # The answers left the session.
    assert not any(key.startswith("campaign:") for key in client.session.keys())  # noqa: SIM118 (sessions are not iterable)


def test_going_back_shows_the_answer_given(campaign):
    client = client_for(None)
    client.post(reverse("answers:start", kwargs={"token": campaign.token}), {"code": ""})
    first = reverse("answers:question", kwargs={"token": campaign.token, "number": 1})
    client.post(first, {"answer": "2"})
    second = reverse("answers:question", kwargs={"token": campaign.token, "number": 2})
    assert client.post(second, {"answer": "1", "previous": "1"})["Location"] == first
    page = client.get(first).content.decode()
    assert page.count("checked") == 1
    assert 'value="2" id="id_answer_1" checked' in page


def test_a_closed_campaign_refuses_answers(campaign):
    services.set_status(campaign, "closed")
    response = client_for(None).get(reverse("answers:start", kwargs={"token": campaign.token}))
    assert response.status_code == 410
    assert "Ce questionnaire n\u2019est pas ouvert" in response.content.decode()
    campaign.status, campaign.closes_on = "open", datetime.date(2020, 1, 1)
    campaign.opens_on = datetime.date(2019, 1, 1)
    campaign.save()
    assert client_for(None).get(reverse("answers:start", kwargs={"token": campaign.token})).status_code == 410


def test_answers_from_one_address_are_limited(campaign, monkeypatch):
    monkeypatch.setattr(answering, "HOURLY_LIMIT", 2)
    client = client_for(None)
    assert answer_all(client, campaign).status_code == 302
    assert answer_all(client, campaign).status_code == 302
    assert answer_all(client, campaign).status_code == 429
    assert Response.objects.count() == 2


def test_mediator_mode_is_for_the_team_only(world, campaign, monkeypatch):
    start = reverse("answers:start", kwargs={"token": campaign.token}) + "?animateur=1"
    assert client_for(None).get(start).status_code == 404
    assert client_for(world.member_a).get(start).status_code == 404
    monkeypatch.setattr(answering, "HOURLY_LIMIT", 0)  # mediators enter many answers in a row
    client = client_for(world.employee_b)
    assert "Mode animateur" in client.get(start).content.decode()
    client.post(start, {"code": "", "animateur": "1"})
    finish = reverse("answers:finish", kwargs={"token": campaign.token})
    response = client.post(finish)
    assert response["Location"].endswith("/merci/?animateur=1")
    assert Response.objects.get().mode == "mediator"


def _every_stored_text() -> str:
    """Every row of every table, and the decoded sessions, as one text."""
    from django.contrib.sessions.models import Session
    from django.db import connection

    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (our own table names)
            chunks += [repr(row) for row in cursor.fetchall()]
    chunks += [repr(session.get_decoded()) for session in Session.objects.all()]
    return "\n".join(chunks).upper()


@pytest.mark.parametrize("code", ["MARTIN1952", "zébulon-77"])
def test_no_table_nor_session_holds_a_pairing_code_while_answering(settings, world, campaign, code):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    client = client_for(None)
    start = reverse("answers:start", kwargs={"token": campaign.token})
    first = reverse("answers:question", kwargs={"token": campaign.token, "number": 1})
    response = client.post(start, {"code": code})
    if code == "MARTIN1952":  # a name and a year: a gentle warning first, the same code is kept on confirmation
        assert response.status_code == 200
        assert "ressemble à un nom ou à une date de naissance" in response.content.decode()
        response = client.post(start, {"code": code, "confirmed": "1"})
    assert response["Location"] == first
    client.post(first, {"answer": "4"})
    normalised = services.normalise_code(code)
    assert normalised not in _every_stored_text()
    assert code.upper() not in _every_stored_text()
    client.post(reverse("answers:finish", kwargs={"token": campaign.token}))
    assert Response.objects.get().code_digest == services.code_digest(world.org_b, code)
    assert normalised not in _every_stored_text()


@pytest.mark.parametrize(
    ("code", "personal"),
    [
        ("MARTIN1952", True),
        ("12/03/1950", True),
        ("120350", True),
        ("1950", True),
        ("chat-42", False),
        ("SOLEIL", False),
        ("ZEBU 77", False),
    ],
)
def test_codes_that_look_like_a_name_or_a_date(code, personal):
    from utilite.questionnaires.forms import looks_personal

    assert looks_personal(code) is personal
