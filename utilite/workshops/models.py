"""A participatory workshop: staff, volunteers, public and partners answer guiding questions on
short cards from their phones, without an account; the facilitator groups the cards into named
clusters — the future registres — which one action turns into a draft référentiel.

Participants are known by a random key kept in their browser session and an optional
pseudonym: no name, no IP address, no user agent is stored."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from utilite.core.models import Job, TimeStampedModel
from utilite.organisations.models import Organisation

from .enums import Group, WorkshopStatus

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed on a phone


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))


class Workshop(TimeStampedModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="workshops")
    title = models.CharField(_("title"), max_length=200)
    questions = models.TextField(
        _("guiding questions"),
        max_length=2000,
        help_text=_("One question per line, for example: What does this workshop change for you?"),
    )
    groups = models.JSONField(_("stakeholder groups"), default=list)
    code = models.CharField(max_length=8, unique=True, default=new_code, editable=False)
    status = models.CharField(max_length=20, choices=WorkshopStatus.choices, default=WorkshopStatus.PREPARED)
    hidden_until_revealed = models.BooleanField(
        _("keep cards hidden until I reveal them"),
        default=False,
        help_text=_("Participants see only their own cards until then, so that nobody follows the others."),
    )
    revealed = models.BooleanField(default=False)
    votes_per_person = models.PositiveSmallIntegerField(_("votes per person"), default=3)
    timer_ends_at = models.DateTimeField(null=True, blank=True)
    # The panorama as a PDF, made in the background by `panorama_job`.
    panorama_job = models.ForeignKey(Job, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    panorama_pdf = models.FileField(upload_to="ateliers/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=WorkshopStatus.values), name="workshops_status_valid")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def panorama_status(self) -> str:
        """ "" (none asked), pending, running, done or failed."""
        return self.panorama_job.status if self.panorama_job else ""

    def get_absolute_url(self) -> str:
        return reverse("workshops:board", kwargs={"slug": self.organisation.slug, "pk": self.pk})

    @property
    def question_list(self) -> list[str]:
        return [line.strip() for line in self.questions.splitlines() if line.strip()]

    @property
    def group_choices(self) -> list[tuple[str, str]]:
        return [(value, str(Group(value).label)) for value in self.groups if value in Group.values]

    @property
    def is_open(self) -> bool:
        return self.status == WorkshopStatus.OPEN

    @property
    def cards_visible_to_all(self) -> bool:
        return not self.hidden_until_revealed or self.revealed

    @property
    def seconds_left(self) -> int | None:
        if self.timer_ends_at is None:
            return None
        return max(0, int((self.timer_ends_at - timezone.now()).total_seconds()))


def new_key() -> str:
    return secrets.token_urlsafe(24)


class Participant(models.Model):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="participants")
    key = models.CharField(max_length=40, unique=True, default=new_key, editable=False)
    pseudonym = models.CharField(_("pseudonym"), max_length=40, blank=True)
    group = models.CharField(_("you are"), max_length=20, choices=Group.choices)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return self.pseudonym or str(_("anonymous"))


class Cluster(models.Model):
    """A group of cards the facilitator names: a registre of social utility, in the making."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="clusters")
    name = models.CharField(_("name"), max_length=200)
    position = models.PositiveIntegerField(default=0)
    registre_uid = models.UUIDField(null=True, blank=True)  # the registre it became

    class Meta:
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class Card(models.Model):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="cards")
    participant = models.ForeignKey(Participant, on_delete=models.SET_NULL, null=True, related_name="cards")
    # Sent by the participant's page with each card: the same card sent twice is stored once.
    client_key = models.UUIDField(default=uuid.uuid4)
    text = models.CharField(_("your card"), max_length=280)
    # Checked by content, re-encoded without its metadata, stored under a server-chosen name.
    photo = models.ImageField(_("a photo (optional)"), upload_to="ateliers/cartes/%Y/", blank=True)
    group = models.CharField(max_length=20, choices=Group.choices)
    question = models.PositiveSmallIntegerField(default=0)
    cluster = models.ForeignKey(Cluster, on_delete=models.SET_NULL, null=True, blank=True, related_name="cards")
    hidden = models.BooleanField(default=False)  # hidden by the facilitator (inappropriate)
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="duplicates"
    )
    criterion_uid = models.UUIDField(null=True, blank=True)  # the criterion it suggested
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("card")
        verbose_name_plural = _("cards")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "client_key"], name="workshops_card_once"),
        ]
        indexes = [models.Index(fields=["workshop", "id"], name="workshops_card_since_idx")]

    def __str__(self) -> str:
        return self.text[:50]


class Vote(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="votes")

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [models.UniqueConstraint(fields=["participant", "card"], name="workshops_vote_once")]

    def __str__(self) -> str:
        return f"{self.participant_id} → {self.card_id}"
