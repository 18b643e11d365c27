"""Questionnaires for beneficiaries, the campaigns that run them, and the anonymous answers.

A questionnaire belongs to a structure: sections of questions, some of them validated scales
(modules). A campaign runs it at a moment (before, after, follow-up) for an action and a period,
behind an anonymous link. A response stores no IP, no browser and no time finer than the day;
an optional pseudonymous code, kept only as a keyed digest, pairs a person's answers across
campaigns without any name.
"""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from utilite.core.models import TimeStampedModel
from utilite.measures.enums import Granularity
from utilite.organisations.models import Action, Organisation
from utilite.testimonies.models import Testimony

from .enums import CampaignStatus, Mode, Moment, QuestionKind, QuoteScope, Skip, Statistic
from .modules import Module

DEFAULT_SCALE = [
    _("Not at all"),
    _("Not really"),
    _("Somewhat"),
    _("Quite a lot"),
    _("Completely"),
]


class Questionnaire(TimeStampedModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="questionnaires")
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(
        _("welcome text"),
        blank=True,
        max_length=1000,
        help_text=_("A few short sentences: why you ask, that it is anonymous, how long it takes."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("questionnaires:detail", kwargs={"slug": self.organisation.slug, "pk": self.pk})

    def questions_in_order(self) -> list[Question]:
        """Every question, section by section, in the order people answer them (one query)."""
        return list(
            Question.objects.filter(section__questionnaire=self)
            .select_related("section")
            .order_by("section__position", "section__pk", "position", "pk")
        )


class Section(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(_("title"), max_length=200)
    position = models.PositiveIntegerField(default=0)
    module = models.CharField(_("validated scale"), max_length=20, choices=Module.choices, blank=True)
    # A validated scale's score can feed an indicator, like a question.
    indicator_uid = models.UUIDField(null=True, blank=True)
    statistic = models.CharField(max_length=20, choices=Statistic.choices, blank=True)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(default=0)
    name = models.SlugField(
        _("short name"),
        max_length=60,
        help_text=_("Used in exported files; letters, digits and underscores."),
    )
    wording = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help"), max_length=300, blank=True)
    kind = models.CharField(_("type of answer"), max_length=20, choices=QuestionKind.choices)
    # Single and multiple choice: [{"name": "...", "label": "..."}]. Scales: the label of each
    # point, from 1 up (five agreement levels unless a validated scale says otherwise).
    choices = models.JSONField(default=list, blank=True)
    reversed = models.BooleanField(default=False)
    allow_skip = models.BooleanField(_("offer “I don't know” and “I prefer not to answer”"), default=True)
    indicator_uid = models.UUIDField(null=True, blank=True)
    statistic = models.CharField(max_length=20, choices=Statistic.choices, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=QuestionKind.values), name="questionnaires_kind_valid"),
        ]

    def __str__(self) -> str:
        return self.wording

    @property
    def scale_labels(self) -> list[str]:
        return [str(label) for label in (self.choices or DEFAULT_SCALE)]

    @property
    def points(self) -> int:
        return len(self.scale_labels)

    def choice_labels(self) -> dict[str, str]:
        return {choice["name"]: choice["label"] for choice in self.choices}


def new_token() -> str:
    return secrets.token_urlsafe(9)


class CampaignQuerySet(models.QuerySet["Campaign"]):
    def for_organisation(self, organisation: Organisation) -> CampaignQuerySet:
        return self.filter(questionnaire__organisation=organisation)


class Campaign(TimeStampedModel):
    """A questionnaire run at one moment for an action and a period.

    Life cycle: open → closed (and back), within optional opening and closing dates."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="campaigns")
    moment = models.CharField(_("moment"), max_length=20, choices=Moment.choices, default=Moment.BEFORE)
    action = models.ForeignKey(
        Action, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("action")
    )
    granularity = models.CharField(_("period of"), max_length=10, choices=Granularity.choices, default="quarter")
    period_start = models.DateField(_("period"))
    opens_on = models.DateField(_("answers accepted from"), default=timezone.localdate)
    closes_on = models.DateField(_("until"), null=True, blank=True)
    status = models.CharField(max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.OPEN)
    compared_with = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("compare with the campaign"),
        help_text=_("For an “after” or follow-up campaign: the “before” campaign whose answers it pairs with."),
    )
    expected = models.PositiveIntegerField(
        _("people asked"), null=True, blank=True, help_text=_("Optional: gives the response rate.")
    )
    token = models.CharField(max_length=20, unique=True, default=new_token, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-period_start", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__isnull=True) | Q(closes_on__gte=models.F("opens_on")),
                name="questionnaires_campaign_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} · {self.get_moment_display()}"

    def get_absolute_url(self) -> str:
        return reverse("questionnaires:campaign", kwargs={"slug": self.questionnaire.organisation.slug, "pk": self.pk})

    def accepts_answers(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        if self.status != CampaignStatus.OPEN or today < self.opens_on:
            return False
        return self.closes_on is None or today <= self.closes_on

    @property
    def public_path(self) -> str:
        return reverse("answers:start", kwargs={"token": self.token})


class Response(models.Model):
    """One person's answers to a campaign. Deliberately without time of day, IP or browser."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="responses")
    answered_on = models.DateField(default=timezone.localdate)
    code_digest = models.CharField(max_length=64, blank=True, db_index=True)
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.SELF)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return f"{self.campaign_id} · {self.answered_on}"


class Answer(models.Model):
    """The answer to one question: a number (scale point, 1/0 for yes/no, a number), a choice
    (one row per choice ticked), a text, or a reason for not answering."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    number = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    choice = models.CharField(max_length=60, blank=True)
    text = models.TextField(max_length=2000, blank=True)
    skipped = models.CharField(max_length=20, choices=Skip.choices, blank=True)
    quote_scope = models.CharField(max_length=20, choices=QuoteScope.choices, blank=True)
    # Free text read by the team: the criteria it speaks of, and the testimony made of it.
    criterion_uids = models.JSONField(default=list, blank=True)
    testimony = models.ForeignKey(
        Testimony, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("testimony")
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [models.Index(fields=["question", "number"], name="answer_question_number_idx")]

    def __str__(self) -> str:
        return f"{self.question_id} · {self.number or self.choice or self.text[:20] or self.skipped}"


class ResponseScore(models.Model):
    """The score of a validated scale for one response, kept when every item was answered."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="scores")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="scores")
    score = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("scale score")
        verbose_name_plural = _("scale scores")
        constraints = [models.UniqueConstraint(fields=["response", "section"], name="questionnaires_score_unique")]

    def __str__(self) -> str:
        return f"{self.section_id} · {self.score}"


def as_dict(question: Question) -> dict[str, Any]:
    """The definition of a question, as compared and exchanged."""
    return {
        "name": question.name,
        "wording": question.wording,
        "help_text": question.help_text,
        "kind": question.kind,
        "choices": question.choices,
        "reversed": question.reversed,
        "allow_skip": question.allow_skip,
    }
