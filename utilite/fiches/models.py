"""Evaluation sheets (fiches d'évaluation): a structure's account of its social utility for a
period, assembled from its référentiel, values, questionnaires and testimonies, with narrative
sections written by the team.

Publishing freezes a version: its snapshot holds every figure and every word, so later changes
of the data never alter what was sent; the next version starts from the same text.
"""

from __future__ import annotations

import secrets
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from utilite.core.models import Job, JobStatus, TimeStampedModel
from utilite.organisations.models import Action, Organisation

from .enums import FicheStatus, Format, Licence


class FicheQuerySet(models.QuerySet["Fiche"]):
    def for_organisation(self, organisation: Organisation) -> FicheQuerySet:
        return self.filter(organisation=organisation)

    def shared_with_network(self) -> FicheQuerySet:
        """Published to the network: its members, coordinators and partners may read them.
        Each comes with its latest version's number and date."""
        return (
            self.filter(shared=True)
            .annotate(latest=models.Max("versions__number"), published_on=models.Max("versions__published_at"))
            .filter(latest__isnull=False)
        )


class Fiche(TimeStampedModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="fiches")
    action = models.ForeignKey(
        Action, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("action")
    )
    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    licence = models.CharField(_("licence"), max_length=20, choices=Licence.choices, default=Licence.CC_BY_SA)
    status = models.CharField(max_length=20, choices=FicheStatus.choices, default=FicheStatus.DRAFT)
    version = models.PositiveIntegerField(default=1)
    shared = models.BooleanField(_("published to the network"), default=False)
    activities = models.TextField(_("Activities evaluated and resources"), blank=True, max_length=10000)
    stakes = models.TextField(_("Stakes and objectives of the evaluation"), blank=True, max_length=10000)
    stakeholders = models.TextField(_("Stakeholders consulted"), blank=True, max_length=10000)
    uses = models.TextField(_("Planned uses"), blank=True, max_length=10000)
    lessons = models.TextField(_("Difficulties and lessons"), blank=True, max_length=10000)
    revision = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = FicheQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluation sheet")
        verbose_name_plural = _("evaluation sheets")
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="fiches_period_ordered"
            ),
            models.CheckConstraint(condition=Q(status__in=FicheStatus.values), name="fiches_status_valid"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("fiches:detail", kwargs={"slug": self.organisation.slug, "pk": self.pk})


class PublishedVersion(models.Model):
    """A frozen version of a fiche: everything needed to show or render it again, identically."""

    fiche = models.ForeignKey(Fiche, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("published version")
        verbose_name_plural = _("published versions")
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["fiche", "number"], name="fiches_version_unique")]

    def __str__(self) -> str:
        return f"{self.fiche} · v{self.number}"


def new_token() -> str:
    return secrets.token_urlsafe(24)


class ShareLinkQuerySet(models.QuerySet["ShareLink"]):
    def valid(self) -> ShareLinkQuerySet:
        today = timezone.localdate()
        return self.filter(revoked_at__isnull=True).filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))


class ShareLink(models.Model):
    """A private link to a published version, for a funder without an account."""

    version = models.ForeignKey(PublishedVersion, on_delete=models.CASCADE, related_name="share_links")
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    label = models.CharField(_("for whom"), max_length=150, help_text=_("For example: the city's social affairs."))
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ShareLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("share link")
        verbose_name_plural = _("share links")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.label

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None and (self.expires_on is None or self.expires_on >= timezone.localdate())


def rendering_path(rendering: Rendering, filename: str) -> str:
    """A folder per file, so that the name people download stays the one we chose."""
    return f"fiches/{timezone.now():%Y}/{secrets.token_hex(8)}/{filename}"


class Rendering(Job):
    """A file made from a published version (or the current draft), in the background.

    Life cycle: that of every job (pending → running → done | failed)."""

    KIND = "fiches.rendering"
    STATUS_LABELS: ClassVar[dict[str, Any]] = {JobStatus.DONE: _("Ready")}

    fiche = models.ForeignKey(Fiche, on_delete=models.CASCADE, related_name="renderings")
    version = models.ForeignKey(PublishedVersion, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    format = models.CharField(max_length=10, choices=Format.choices)
    funding_pack = models.BooleanField(default=False)
    file = models.FileField(upload_to=rendering_path, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("rendering")
        verbose_name_plural = _("renderings")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.fiche} · {self.format} · {self.status}"


class FundingTemplate(models.Model):
    """What the network's calls for projects usually ask, in order: adjusted by the coordinator,
    used to gather a structure's fiche into an editable funding application."""

    network = models.OneToOneField("networks.Network", on_delete=models.CASCADE, related_name="funding_template")
    sections = models.JSONField(default=list)  # [{"title": ..., "guidance": ..., "content": FundingContent}]
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("funding application template")
        verbose_name_plural = _("funding application templates")

    def __str__(self) -> str:
        return str(self.network)


def default_funding_sections() -> list[dict[str, Any]]:
    """What most calls for projects ask, in their usual order."""
    return [
        {"title": str(_("The structure")), "guidance": "", "content": "identity"},
        {"title": str(_("The action")), "guidance": "", "content": "action"},
        {"title": str(_("Objectives")), "guidance": "", "content": "stakes"},
        {"title": str(_("Indicators and targets")), "guidance": "", "content": "indicators"},
        {"title": str(_("Latest results")), "guidance": "", "content": "results"},
        {"title": str(_("People reached")), "guidance": "", "content": "public"},
        {"title": str(_("In their words")), "guidance": "", "content": "testimonies"},
        {
            "title": str(_("Budget")),
            "guidance": str(_("Expenses and resources of the action, and the amount requested.")),
            "content": "free",
        },
    ]
