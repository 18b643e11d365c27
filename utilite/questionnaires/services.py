"""Write use cases: building questionnaires, running campaigns, recording anonymous answers."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Max
from django.utils.crypto import salted_hmac
from django.utils.text import slugify
from django.utils.translation import gettext as _

from utilite.core.tasks import enqueue_on_commit
from utilite.organisations.models import Organisation
from utilite.testimonies.models import Kind
from utilite.testimonies.services import record_testimony

from .enums import CampaignStatus, Mode, QuestionKind
from .models import Answer, Campaign, Question, Questionnaire, Response, ResponseScore, Section
from .modules import modules, score

if TYPE_CHECKING:
    from utilite.accounts.models import User

logger = logging.getLogger(__name__)


@transaction.atomic
def create_questionnaire(*, organisation: Organisation, user: User, title: str, intro: str = "") -> Questionnaire:
    questionnaire = Questionnaire.objects.create(organisation=organisation, title=title, intro=intro, created_by=user)
    Section.objects.create(questionnaire=questionnaire, title=title, position=1)
    return questionnaire


def _next_position(queryset: Any) -> int:
    return int(queryset.aggregate(top=Max("position"))["top"] or 0) + 1


def add_section(questionnaire: Questionnaire, title: str) -> Section:
    return Section.objects.create(
        questionnaire=questionnaire, title=title, position=_next_position(questionnaire.sections.all())
    )


def unique_name(questionnaire: Questionnaire, wanted: str, exclude: int | None = None) -> str:
    """A short name for exports (XLSForm `name`): letters, digits, underscores, unique in the
    questionnaire."""
    words = re.sub(r"['\u2019]", " ", wanted)
    base = re.sub(r"[^a-z0-9_]", "_", slugify(words).replace("-", "_"))[:50].strip("_") or "question"
    if base[0].isdigit():
        base = f"q_{base}"
    others = Question.objects.filter(section__questionnaire=questionnaire)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    taken = set(others.values_list("name", flat=True))
    name, counter = base, 2
    while name in taken:
        name, counter = f"{base}_{counter}", counter + 1
    return name


@transaction.atomic
def update_questionnaire(questionnaire: Questionnaire, **fields: Any) -> Questionnaire:
    for name, value in fields.items():
        setattr(questionnaire, name, value)
    questionnaire.save()
    return questionnaire


@transaction.atomic
def delete_section(section: Section) -> None:
    """A section and its questions (their answers stay counted in results already written)."""
    section.delete()


@transaction.atomic
def delete_question(question: Question) -> None:
    question.delete()


@transaction.atomic
def link_section(section: Section, *, indicator_uid: Any, statistic: str) -> Section:
    """A validated scale's score feeds an indicator (or no longer, with no uid)."""
    section.indicator_uid, section.statistic = indicator_uid, statistic
    section.save(update_fields=["indicator_uid", "statistic"])
    return section


@transaction.atomic
def add_question(section: Section, **fields: Any) -> Question:
    fields["name"] = unique_name(section.questionnaire, fields.get("name") or fields["wording"])
    return Question.objects.create(section=section, position=_next_position(section.questions.all()), **fields)


@transaction.atomic
def update_question(question: Question, **fields: Any) -> Question:
    if "name" in fields:
        fields["name"] = unique_name(
            question.section.questionnaire, fields["name"] or fields.get("wording", ""), question.pk
        )
    for name, value in fields.items():
        setattr(question, name, value)
    question.save()
    return question


@transaction.atomic
def add_module(questionnaire: Questionnaire, code: str) -> Section:
    """A ready-made section with a validated scale's questions, in their published wording."""
    spec = modules()[code]
    section = Section.objects.create(
        questionnaire=questionnaire,
        title=spec.title,
        module=code,
        position=_next_position(questionnaire.sections.all()),
    )
    for index, (wording, reversed_) in enumerate(spec.items, start=1):
        Question.objects.create(
            section=section,
            position=index,
            name=unique_name(questionnaire, f"{code}_{index}"),
            wording=wording,
            help_text=spec.intro if index == 1 else "",
            kind=QuestionKind.SCALE,
            choices=spec.points,
            reversed=reversed_,
        )
    return section


@transaction.atomic
def copy_question(question: Question, section: Section) -> Question:
    """Reuse a question of the bank (any questionnaire of the structure) in another section."""
    return add_question(
        section,
        name=question.name,
        wording=question.wording,
        help_text=question.help_text,
        kind=question.kind,
        choices=question.choices,
        reversed=question.reversed,
        allow_skip=question.allow_skip,
    )


@transaction.atomic
def move(item: Question | Section, direction: int) -> None:
    """Swap an item with its neighbour (direction -1: up, +1: down), renumbering its siblings."""
    siblings: list[Any] = list(
        item.section.questions.all() if isinstance(item, Question) else item.questionnaire.sections.all()
    )
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == item.pk)
    target = index + direction
    if 0 <= target < len(siblings):
        siblings[index], siblings[target] = siblings[target], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position"])


# Campaigns -----------------------------------------------------------------------------------


def create_campaign(*, questionnaire: Questionnaire, user: User, **fields: Any) -> Campaign:
    return Campaign.objects.create(questionnaire=questionnaire, created_by=user, **fields)


def set_status(campaign: Campaign, status: str) -> Campaign:
    campaign.status = CampaignStatus(status)
    campaign.save(update_fields=["status", "updated_at"])
    return campaign


@transaction.atomic
def delete_answers(campaign: Campaign) -> int:
    count = campaign.responses.count()
    campaign.responses.all().delete()
    logger.info("campaign %s: %s responses deleted", campaign.pk, count)
    refresh_indicators_later(campaign)
    return count


# Answers -------------------------------------------------------------------------------------


def normalise_code(code: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", code.upper())


def code_digest(organisation: Organisation, code: str) -> str:
    """A keyed digest of a pseudonymous code: the code itself is never stored."""
    normalised = normalise_code(code)
    if not normalised:
        return ""
    return salted_hmac(
        "utilite.questionnaires.code", f"{organisation.pk}:{normalised}", algorithm="sha256"
    ).hexdigest()


@dataclass
class Given:
    """What a person gave for one question (see `forms.AnswerForm.given`)."""

    number: Decimal | None = None
    choices: tuple[str, ...] = ()
    text: str = ""
    skipped: str = ""
    quote_scope: str = ""

    @property
    def empty(self) -> bool:
        return self.number is None and not self.choices and not self.text and not self.skipped

    def as_session(self) -> dict[str, Any]:
        return {
            "number": None if self.number is None else str(self.number),
            "choices": list(self.choices),
            "text": self.text,
            "skipped": self.skipped,
            "quote_scope": self.quote_scope,
        }

    @classmethod
    def from_session(cls, data: dict[str, Any]) -> Given:
        number = data.get("number")
        return cls(
            number=None if number is None else Decimal(number),
            choices=tuple(data.get("choices", ())),
            text=data.get("text", ""),
            skipped=data.get("skipped", ""),
            quote_scope=data.get("quote_scope", ""),
        )


def refresh_indicators_later(campaign: Campaign) -> None:
    """The indicators linked in the questionnaire receive the campaign's new figures, in the
    background once the answers are saved."""
    from .tasks import refresh_indicators

    enqueue_on_commit(refresh_indicators, campaign.pk)


@transaction.atomic
def submit_response(
    campaign: Campaign, given: dict[int, Given], *, code: str = "", digest: str = "", mode: str = Mode.SELF
) -> Response:
    """Record one person's answers, and the scores of the validated scales they completed.
    The pairing code comes as typed (`code`) or already as its keyed digest (`digest`)."""
    questions = {
        question.pk: question
        for question in Question.objects.filter(section__questionnaire=campaign.questionnaire).select_related(
            "section"
        )
    }
    response = Response.objects.create(
        campaign=campaign,
        code_digest=digest or code_digest(campaign.questionnaire.organisation, code),
        mode=Mode(mode),
    )
    rows = []
    for question_id, answer in given.items():
        question = questions.get(question_id)
        if question is None or answer.empty:
            continue
        if answer.choices:
            rows += [Answer(response=response, question=question, choice=choice) for choice in answer.choices]
        else:
            rows.append(
                Answer(
                    response=response,
                    question=question,
                    number=answer.number,
                    text=answer.text,
                    skipped=answer.skipped,
                    quote_scope=answer.quote_scope if answer.text else "",
                )
            )
    Answer.objects.bulk_create(rows)
    scores = []
    sections: dict[int, list[Question]] = {}
    for question in sorted(questions.values(), key=lambda q: (q.section.position, q.section_id, q.position, q.pk)):
        if question.section.module:
            sections.setdefault(question.section_id, []).append(question)
    for section_id, items in sections.items():
        spec = modules()[items[0].section.module]
        numbers = [given[q.pk].number if q.pk in given else None for q in items]
        total = score([int(n) if n is not None else None for n in numbers], spec)
        if total is not None:
            scores.append(ResponseScore(response=response, section_id=section_id, score=total))
    ResponseScore.objects.bulk_create(scores)
    refresh_indicators_later(campaign)
    return response


@transaction.atomic
def tag_text_answer(answer: Answer, *, criteria: list[str], promote: bool, user: User) -> Answer:
    """Note which criteria a free-text answer speaks of; with the person's consent to be
    quoted, make it a testimony with that scope (once)."""
    answer.criterion_uids = [str(uid) for uid in dict.fromkeys(criteria)]
    if promote and answer.quote_scope and answer.testimony_id is None:
        answer.testimony = record_testimony(
            organisation=answer.response.campaign.questionnaire.organisation,
            user=user,
            criteria=answer.criterion_uids,
            kind=Kind.VERBATIM,
            text=answer.text,
            speaker=_("A person answering “%(title)s”") % {"title": answer.response.campaign.questionnaire.title},
            collected_on=answer.response.answered_on,
            consent_scope=answer.quote_scope,
            consent_on=answer.response.answered_on,
        )
    answer.save(update_fields=["criterion_uids", "testimony"])
    return answer
