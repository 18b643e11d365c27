"""The results of a campaign, computed by grouped queries: the number of queries does not
depend on the number of answers. Nothing is shown broken down for fewer than 5 respondents."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, DecimalField, F, OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from utilite.core.privacy import SMALL_GROUP
from utilite.measures import figures
from utilite.measures import services as measures
from utilite.measures.grid import granularity_of, plans_of
from utilite.measures.periods import start_of
from utilite.referentiels.models import Indicator

from .enums import NUMERIC_KINDS, QuestionKind, Statistic
from .models import Answer, Campaign, Question, Response, ResponseScore, Section
from .modules import modules

TEXTS_SHOWN = 50


percent = figures.percentage


@dataclass
class Change:
    improved: int = 0
    same: int = 0
    worse: int = 0

    @property
    def pairs(self) -> int:
        return self.improved + self.same + self.worse

    @property
    def shown(self) -> bool:
        return self.pairs >= SMALL_GROUP

    @property
    def share_improved(self) -> Decimal | None:
        return percent(self.improved, self.pairs)


@dataclass
class Row:
    label: str
    count: int
    percent: int


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0  # gave an answer (skips excluded)
    skipped: int = 0
    mean: Decimal | None = None
    before_mean: Decimal | None = None
    distribution: list[Row] = field(default_factory=list)
    change: Change | None = None
    agree: int = 0  # scale: top half; yes/no: yes

    @property
    def shown(self) -> bool:
        return self.answered >= SMALL_GROUP

    @property
    def numeric(self) -> bool:
        return self.question.kind in NUMERIC_KINDS

    @property
    def in_scale(self) -> bool:
        return bool(self.question.section.module)

    @property
    def share_agree(self) -> Decimal | None:
        return percent(self.agree, self.answered)


@dataclass
class ScoreResult:
    section: Section
    items: list[QuestionResult] = field(default_factory=list)  # the scale's questions
    count: int = 0
    mean: Decimal | None = None
    before_mean: Decimal | None = None
    change: Change | None = None

    @property
    def shown(self) -> bool:
        return self.count >= SMALL_GROUP

    @property
    def score_range(self) -> tuple[int, int]:
        return modules()[self.section.module].score_range


@dataclass
class CampaignResults:
    campaign: Campaign
    responses: int
    questions: list[QuestionResult]
    scores: list[ScoreResult]
    texts: list[Answer] = field(default_factory=list)  # the latest free-text answers

    @property
    def shown(self) -> bool:
        return self.responses >= SMALL_GROUP

    @property
    def response_rate(self) -> Decimal | None:
        return percent(self.responses, self.campaign.expected or 0)


def _changes(rows: Any, reversed_of: dict[int, bool]) -> dict[int, Change]:
    """(key, after > before, after < before, count) rows → improved/same/worse per key."""
    changes: dict[int, Change] = {}
    for key, higher, lower, total in rows:
        change = changes.setdefault(key, Change())
        up, down = (lower, higher) if reversed_of.get(key) else (higher, lower)
        change.improved += up
        change.worse += down
        change.same += total - higher - lower
    return changes


def compute(campaign: Campaign) -> CampaignResults:
    questions = campaign.questionnaire.questions_in_order()
    sections = {question.section_id: question.section for question in questions}
    answers = Answer.objects.filter(response__campaign=campaign)
    responses = Response.objects.filter(campaign=campaign).count()
    results = {question.pk: QuestionResult(question) for question in questions}

    for row in answers.values("question", "number", "choice", "skipped").annotate(n=Count("id")):
        result = results.get(row["question"])
        if result is None:
            continue
        if row["skipped"]:
            result.skipped += row["n"]
            continue
        key = row["choice"] or (f"{row['number']:.2f}" if row["number"] is not None else "")
        if not key:
            result.answered += row["n"]  # free text
            continue
        result.distribution.append(Row(str(key), row["n"], 0))
    for mean_row in answers.filter(number__isnull=False).values("question").annotate(mean=Avg("number")):
        results[mean_row["question"]].mean = figures.mean(mean_row["mean"])
    respondents = answers.exclude(skipped__gt="").values("question").annotate(people=Count("response", distinct=True))
    for people_row in respondents:
        if results[people_row["question"]].question.kind != QuestionKind.TEXT:
            results[people_row["question"]].answered = people_row["people"]
    for result in results.values():
        _label_distribution(result)

    scores = {
        pk: ScoreResult(section, [r for r in results.values() if r.question.section_id == pk])
        for pk, section in sections.items()
        if section.module
    }
    for score_row in (
        ResponseScore.objects.filter(response__campaign=campaign)
        .values("section")
        .annotate(mean=Avg("score"), n=Count("id"))
    ):
        if score_row["section"] in scores:
            scores[score_row["section"]].mean = figures.mean(score_row["mean"])
            scores[score_row["section"]].count = score_row["n"]

    before = campaign.compared_with
    if before is not None:
        _compare(campaign, before, results, scores)
    texts = list(
        answers.filter(question__kind=QuestionKind.TEXT)
        .exclude(text="")
        .select_related("question")
        .order_by("-response__answered_on", "-pk")[:TEXTS_SHOWN]
    )
    return CampaignResults(campaign, responses, list(results.values()), list(scores.values()), texts)


def _label_distribution(result: QuestionResult) -> None:
    question = result.question
    labels: dict[str, str] = {}
    if question.kind == QuestionKind.SCALE:
        labels = {f"{i}.00": label for i, label in enumerate(question.scale_labels, start=1)}
        midpoint = question.points / 2
        result.agree = sum(row.count for row in result.distribution if Decimal(row.label) > Decimal(midpoint))
    elif question.kind == QuestionKind.YES_NO:
        labels = {"1.00": _("Yes"), "0.00": _("No")}
        result.agree = sum(row.count for row in result.distribution if row.label == "1.00")
    elif question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        labels = question.choice_labels()
    else:
        result.distribution = []  # numbers: the mean says it
        return
    counts = {row.label: row.count for row in result.distribution}
    total = result.answered or 1
    result.distribution = [
        Row(label, counts.get(key, 0), round(counts.get(key, 0) * 100 / total)) for key, label in labels.items()
    ]


def _compare(
    campaign: Campaign, before: Campaign, results: dict[int, QuestionResult], scores: dict[int, ScoreResult]
) -> None:
    """Means of the campaign compared, and each person's change (paired by code)."""
    for row in (
        Answer.objects.filter(response__campaign=before, number__isnull=False)
        .values("question")
        .annotate(mean=Avg("number"))
    ):
        if row["question"] in results:
            results[row["question"]].before_mean = figures.mean(row["mean"])
    previous = Answer.objects.filter(
        response__campaign=before,
        response__code_digest=OuterRef("response__code_digest"),
        question=OuterRef("question"),
        number__isnull=False,
    ).values("number")[:1]
    paired = (
        Answer.objects.filter(response__campaign=campaign, number__isnull=False)
        .exclude(response__code_digest="")
        .annotate(previous=Subquery(previous, output_field=DecimalField()))
        .filter(previous__isnull=False)
        .values("question")
        .annotate(
            higher=Count("id", filter=Q(number__gt=F("previous"))),
            lower=Count("id", filter=Q(number__lt=F("previous"))),
            n=Count("id"),
        )
        .values_list("question", "higher", "lower", "n")
    )
    reversed_of = {pk: result.question.reversed for pk, result in results.items()}
    for pk, change in _changes(paired, reversed_of).items():
        if pk in results:
            results[pk].change = change

    for score_row in (
        ResponseScore.objects.filter(response__campaign=before).values("section").annotate(mean=Avg("score"))
    ):
        if score_row["section"] in scores:
            scores[score_row["section"]].before_mean = figures.mean(score_row["mean"])
    previous_score = ResponseScore.objects.filter(
        response__campaign=before,
        response__code_digest=OuterRef("response__code_digest"),
        section=OuterRef("section"),
    ).values("score")[:1]
    paired_scores = (
        ResponseScore.objects.filter(response__campaign=campaign)
        .exclude(response__code_digest="")
        .annotate(previous=Subquery(previous_score))
        .filter(previous__isnull=False)
        .values("section")
        .annotate(
            higher=Count("id", filter=Q(score__gt=F("previous"))),
            lower=Count("id", filter=Q(score__lt=F("previous"))),
            n=Count("id"),
        )
        .values_list("section", "higher", "lower", "n")
    )
    lower_is_better = {pk: not modules()[score.section.module].higher_is_better for pk, score in scores.items()}
    for pk, change in _changes(paired_scores, lower_is_better).items():
        if pk in scores:
            scores[pk].change = change


def statistic_value(results: CampaignResults, statistic: str, item: QuestionResult | ScoreResult) -> Decimal | None:
    change = item.change
    if statistic == Statistic.RESPONSES:
        return Decimal(results.responses)
    if statistic == Statistic.RESPONSE_RATE:
        return results.response_rate
    if statistic == Statistic.MEAN:
        return item.mean
    if statistic == Statistic.SHARE_IMPROVED:
        return change.share_improved if change else None
    if statistic == Statistic.SHARE_AGREE and isinstance(item, QuestionResult):
        return item.share_agree
    return None


def write_indicators(campaign: Campaign) -> list[tuple[Indicator, Decimal]]:
    """Write the computed values to the indicators linked in the questionnaire, for the
    campaign's period (at the rhythm of each indicator's collection plan) and action."""
    organisation = campaign.questionnaire.organisation
    referentiel = organisation.referentiels.latest_validated()
    if referentiel is None:
        return []
    indicators = {indicator.uid: indicator for indicator in referentiel.indicators_in_order()}
    results = compute(campaign)
    plans = plans_of(organisation)
    items: list[tuple[Question | Section, QuestionResult | ScoreResult]] = [
        (result.question, result) for result in results.questions
    ] + [(score.section, score) for score in results.scores]
    written = []
    for source, item in items:
        indicator = indicators.get(source.indicator_uid) if source.indicator_uid else None
        if indicator is None or not source.statistic:
            continue
        value = statistic_value(results, source.statistic, item)
        actions = list(indicator.actions.all())
        if value is None or (actions and campaign.action not in actions):
            continue
        granularity = granularity_of(indicator, plans)
        measures.record_value(
            organisation=organisation,
            indicator=indicator,
            granularity=granularity,
            period_start=start_of(campaign.period_start, granularity),
            action=campaign.action if actions else None,
            user=None,
            revision=None,
            value=value,
            source=_("Questionnaire “%(title)s”, %(moment)s")
            % {"title": campaign.questionnaire.title, "moment": campaign.get_moment_display()},
        )
        written.append((indicator, value))
    return written
