"""Demonstration questionnaire: loneliness before and after the workshops of the Foyer Laïque,
answered by twelve people with their own codes, feeding its UCLA indicator."""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from utilite.measures.periods import start_of
from utilite.networks.models import Network
from utilite.referentiels.models import Indicator

from . import services
from .enums import Moment, QuestionKind, Statistic
from .models import Questionnaire
from .results import write_indicators

SLUG = "foyer-laique-saint-marc"
UCLA_INDICATOR = "Score de solitude (UCLA, 3 questions) avant et après"


@transaction.atomic
def load_demo_questionnaires(network: Network) -> int:
    organisation = network.organisations.filter(slug=SLUG).first()
    if organisation is None or Questionnaire.objects.filter(organisation=organisation).exists():
        return 0
    membership = organisation.memberships.select_related("user").first()
    if membership is None:
        return 0
    author = membership.user
    questionnaire = services.create_questionnaire(
        organisation=organisation,
        user=author,
        title="Les ateliers et vous",
        intro="Quelques questions sur ce que les ateliers changent pour vous. C'est anonyme : pas de nom.",
    )
    ease = services.add_question(
        questionnaire.sections.get(),
        wording="Vous sentez-vous à l'aise pour utiliser internet seul·e ?",
        kind=QuestionKind.SCALE,
    )
    services.add_question(
        questionnaire.sections.get(), wording="Qu'est-ce qui a changé pour vous ?", kind=QuestionKind.TEXT
    )
    scale = services.add_module(questionnaire, "ucla3")
    indicator = Indicator.objects.filter(
        criterion__registre__referentiel__organisation=organisation,
        criterion__registre__referentiel__status="validated",
        title=UCLA_INDICATOR,
    ).first()
    if indicator is not None:
        scale.indicator_uid, scale.statistic = indicator.uid, Statistic.MEAN
        scale.save(update_fields=["indicator_uid", "statistic"])
    today = timezone.localdate()
    now = start_of(today, "quarter")
    before_quarter = start_of(now - datetime.timedelta(days=1), "quarter")
    before = services.create_campaign(
        questionnaire=questionnaire,
        user=author,
        moment=Moment.BEFORE,
        period_start=before_quarter,
        opens_on=before_quarter,
        expected=15,
    )
    after = services.create_campaign(
        questionnaire=questionnaire,
        user=author,
        moment=Moment.AFTER,
        period_start=now,
        opens_on=now,
        compared_with=before,
        expected=15,
    )
    rng = random.Random(2008)  # noqa: S311 (demo data, not security)  # nosec B311
    items = list(scale.questions.all())
    words = [
        "Je donne des nouvelles à ma fille par courriel.",
        "Je ne me sens plus bête devant l'ordinateur.",
        "J'ai rencontré d'autres personnes du quartier.",
    ]
    for person in range(12):
        code = f"DEMO{person:02d}"
        lonely = rng.randint(2, 3)
        first = {ease.pk: services.Given(number=Decimal(rng.randint(1, 3)))}
        first |= {item.pk: services.Given(number=Decimal(lonely)) for item in items}
        services.submit_response(before, first, code=code)
        better = max(1, lonely - rng.choice([0, 1, 1]))
        then = {ease.pk: services.Given(number=Decimal(rng.randint(3, 5)))}
        then |= {item.pk: services.Given(number=Decimal(better)) for item in items}
        if person < 3:
            text_question = questionnaire.sections.get(module="").questions.get(kind=QuestionKind.TEXT)
            then[text_question.pk] = services.Given(text=words[person], quote_scope="funders")
        services.submit_response(after, then, code=code)
    write_indicators(before)
    write_indicators(after)
    return 1
