"""Results of a campaign: distributions, before/after pairing by code, values written to indicators."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import client_for
from utilite.measures.models import IndicatorValue
from utilite.questionnaires import services
from utilite.questionnaires.models import Answer, Response
from utilite.questionnaires.modules import modules, score
from utilite.questionnaires.results import compute, write_indicators
from utilite.questionnaires.services import Given
from utilite.referentiels.models import Indicator

pytestmark = pytest.mark.django_db


def validated_indicator(world):
    return Indicator.objects.get(
        criterion__registre__referentiel__organisation=world.org_b, criterion__registre__referentiel__version=1
    )


@pytest.fixture
def before_after(world):
    before = world.campaign_b
    after = services.create_campaign(
        questionnaire=world.questionnaire_b,
        user=world.admin_b,
        moment="after",
        compared_with=before,
        period_start=datetime.date(2026, 12, 1),
        expected=10,
    )
    question = world.question_b  # "Vous sentez-vous plus à l'aise ?", scale 1 to 5
    for code, first, then in [("A", 2, 4), ("B", 2, 2), ("C", 3, 3), ("D", 2, 2), ("E", 3, 1)]:
        services.submit_response(before, {question.pk: Given(number=Decimal(first))}, code=code)
        services.submit_response(after, {question.pk: Given(number=Decimal(then))}, code=code)
    services.submit_response(after, {question.pk: Given(skipped="rather_not")})  # no code: not paired
    return world, before, after, question


def test_before_after_pairs_people_by_their_code(before_after):
    world, _before, after, question = before_after
    page = client_for(world.employee_b).get(
        reverse("questionnaires:results", kwargs={"slug": "structure-b", "pk": after.pk})
    )
    content = page.content.decode()
    assert '<strong class="figure">6</strong> réponses · taux de réponse 60 %' in content
    assert "5 personnes ont répondu les deux fois" in content
    assert "1 en progrès" in content
    assert "3 stables" in content
    assert "1 en recul" in content
    assert "1 ne savait pas ou a préféré ne pas répondre" in content
    results = compute(after)
    item = next(r for r in results.questions if r.question == question)
    assert (item.mean, item.before_mean) == (Decimal("2.40"), Decimal("2.40"))
    assert [(row.label, row.count) for row in item.distribution] == [
        ("Pas du tout", 1),
        ("Pas vraiment", 2),
        ("Un peu", 1),
        ("Beaucoup", 1),
        ("Tout à fait", 0),
    ]


def test_fewer_than_5_respondents_are_not_shown(world):
    for _ in range(4):
        services.submit_response(world.campaign_b, {world.question_b.pk: Given(number=Decimal(5))})
    content = (
        client_for(world.admin_b)
        .get(reverse("questionnaires:results", kwargs={"slug": "structure-b", "pk": world.campaign_b.pk}))
        .content.decode()
    )
    assert "Moins de 5 personnes ont répondu" in content
    assert "Tout à fait" not in content


def test_computed_values_are_written_to_the_linked_indicator(before_after, django_capture_on_commit_callbacks):
    world, _before, after, question = before_after
    indicator = validated_indicator(world)
    services.update_question(question, indicator_uid=indicator.uid, statistic="share_improved")
    write_indicators(after)
    value = IndicatorValue.objects.get(indicator_uid=indicator.uid)
    assert value.value == Decimal("20.0")  # 1 of the 5 pairs improved
    assert value.period_start == datetime.date(2026, 12, 1)
    assert value.updated_by is None
    assert value.source == "Questionnaire « Questionnaire confidentiel de B », Après l\u2019action"
    # A new answer through the public pages refreshes it, in the background.
    client = client_for(None)
    client.post(after.public_path, {"code": "F"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("answers:finish", kwargs={"token": after.token}))
    value.refresh_from_db()
    assert value.revision == 1  # no pair was added: same value, nothing rewritten
    services.update_question(question, statistic="responses")
    write_indicators(after)
    value.refresh_from_db()
    assert value.value == Decimal(7)
    assert value.changes.count() == 1


def test_validated_scales_are_scored_with_reversed_items():
    rosenberg, ucla = modules()["rosenberg"], modules()["ucla3"]
    assert score([4] * 10, rosenberg) == 4 * 5 + 1 * 5  # items 3, 5, 8, 9, 10 count backwards
    assert score([4, 4, 1, 4, 1, 4, 4, 1, 1, 1], rosenberg) == 40
    assert score([None] + [4] * 9, rosenberg) is None
    assert score([1, 2, 3], ucla) == 6
    assert rosenberg.score_range == (10, 40)


def test_a_scale_score_is_compared_before_and_after(world):
    section = services.add_module(world.questionnaire_b, "ucla3")
    items = list(section.questions.all())
    after = services.create_campaign(
        questionnaire=world.questionnaire_b,
        user=world.admin_b,
        moment="after",
        compared_with=world.campaign_b,
        period_start=datetime.date(2026, 12, 1),
    )
    for code in "ABCDE":
        services.submit_response(world.campaign_b, {q.pk: Given(number=Decimal(3)) for q in items}, code=code)
        lonelier = 3 if code == "E" else 1
        services.submit_response(after, {q.pk: Given(number=Decimal(lonelier)) for q in items}, code=code)
    results = compute(after)
    (loneliness,) = results.scores
    assert (loneliness.mean, loneliness.before_mean) == (Decimal("4.20"), Decimal("9.00"))
    assert (loneliness.change.improved, loneliness.change.same, loneliness.change.worse) == (4, 1, 0)


def test_results_cost_the_same_for_10_and_10000_answers(before_after, sql_snapshot):
    world, _before, after, question = before_after
    url = reverse("questionnaires:results", kwargs={"slug": "structure-b", "pk": after.pk})
    client = client_for(world.admin_b)

    def grow(to):
        while Answer.objects.filter(response__campaign=after).count() < to:
            batch = min(2000, to - Answer.objects.filter(response__campaign=after).count())
            responses = Response.objects.bulk_create(
                Response(campaign=after, code_digest=f"x{n}") for n in range(batch)
            )
            Answer.objects.bulk_create(
                Answer(response=r, question=question, number=1 + n % 5) for n, r in enumerate(responses)
            )

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    grow(10)
    small = count()
    grow(10_000)
    assert count() == small <= 20
    sql_snapshot(client, url, "campaign-results")


def test_what_people_wrote_is_listed_with_their_quote_consent(world):
    text = services.add_question(world.questionnaire_b.sections.get(), wording="Qu'est-ce qui a changé ?", kind="text")
    for index in range(5):
        services.submit_response(
            world.campaign_b,
            {text.pk: Given(text=f"Réponse {index}", quote_scope="public" if index == 0 else "")},
        )
    content = (
        client_for(world.admin_b)
        .get(reverse("questionnaires:results", kwargs={"slug": "structure-b", "pk": world.campaign_b.pk}))
        .content.decode()
    )
    assert "<blockquote>Réponse 0</blockquote>" in content
    assert "Peut être cité : Oui, aussi en public" in content
    assert content.count("Ne pas citer") == 4


def test_a_free_text_answer_becomes_a_testimony_only_with_the_persons_consent(world):
    from utilite.testimonies.models import Testimony

    text = services.add_question(world.questionnaire_b.sections.get(), wording="Un mot ?", kind="text")
    quoted = services.submit_response(
        world.campaign_b, {text.pk: Given(text="J'ose aller à la mairie.", quote_scope="funders")}
    ).answers.get()
    private = services.submit_response(world.campaign_b, {text.pk: Given(text="Je préfère garder ça.")}).answers.get()
    criterion = validated_indicator(world).criterion
    client = client_for(world.employee_b)

    def post(answer, **data):
        url = reverse(
            "questionnaires:text_answer",
            kwargs={"slug": "structure-b", "pk": world.campaign_b.pk, "answer_pk": answer.pk},
        )
        return client.post(url, {"criteria": [str(criterion.uid), "not-a-criterion"], **data})

    post(private, promote="1")
    private.refresh_from_db()
    assert private.criterion_uids == [str(criterion.uid)]
    assert private.testimony is None
    post(quoted, promote="1")
    post(quoted, promote="1")
    testimony = Testimony.objects.get(text="J'ose aller à la mairie.")
    assert testimony.consent_scope == "funders"
    assert list(testimony.criterion_links.values_list("criterion_uid", flat=True)) == [criterion.uid]
    assert Testimony.objects.filter(text="J'ose aller à la mairie.").count() == 1
    assert Testimony.objects.usable_for("funders").filter(pk=testimony.pk).exists()
    assert not Testimony.objects.usable_for("public").filter(pk=testimony.pk).exists()
