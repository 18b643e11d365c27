"""A structure's référentiel: registres → criteria → indicators, in numbered versions.

Life cycle of a version: draft → validated. A validated version is frozen; editing starts a new
draft copied from it. Items carry a `revision` number: a save based on an older revision is
refused (no lost work).
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from utilite.core.models import TimeStampedModel
from utilite.organisations.models import Action, Organisation

from .enums import IndicatorKind, Level, ReferentielStatus, Sharing, Stakeholder

if TYPE_CHECKING:
    from utilite.accounts.models import User


class ReferentielQuerySet(models.QuerySet["Referentiel"]):
    def for_organisation(self, organisation: Organisation) -> ReferentielQuerySet:
        return self.filter(organisation=organisation).order_by("-version")

    def visible_to(self, user: User) -> ReferentielQuerySet:
        """The team's and coordinators' own; the ones other structures shared with the network."""
        from utilite.organisations.permissions import access_for

        access = access_for(user)
        return self.filter(
            Q(organisation_id__in=access.team_organisation_ids)
            | Q(organisation__network_id__in=access.coordinated_network_ids)
            | Q(sharing=Sharing.NETWORK, organisation__network_id__in=access.network_ids)
        )

    def validated(self) -> ReferentielQuerySet:
        return self.filter(status=ReferentielStatus.VALIDATED)

    def drafts(self) -> ReferentielQuerySet:
        return self.filter(status=ReferentielStatus.DRAFT)

    def shared_with_network(self) -> ReferentielQuerySet:
        return self.filter(sharing=Sharing.NETWORK)

    def latest_validated(self) -> Referentiel | None:
        """The latest validated version (of a structure, from `organisation.referentiels`): the
        one its values, dashboard, fiches and campaigns follow."""
        return self.validated().order_by("-version").first()

    def latest_validated_pk_of(self, organisation: str) -> models.QuerySet[Referentiel, Any]:
        """A subquery: the latest validated version of the structure `organisation` names
        (an outer reference, e.g. "registre__referentiel__organisation")."""
        return self.validated().filter(organisation=OuterRef(organisation)).order_by("-version").values("pk")[:1]


class Referentiel(TimeStampedModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="referentiels")
    version = models.PositiveIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=ReferentielStatus.choices, default=ReferentielStatus.DRAFT
    )
    sharing = models.CharField(_("visible to"), max_length=20, choices=Sharing.choices, default=Sharing.PRIVATE)
    previous = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("started from")
    )
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("copied from"),
        help_text=_("The référentiel of another structure this one started from."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True)

    objects = ReferentielQuerySet.as_manager()

    class Meta:
        verbose_name = _("référentiel")
        verbose_name_plural = _("référentiels")
        ordering = ["organisation", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "version"], name="referentiels_version_unique"),
            models.UniqueConstraint(
                fields=["organisation"], condition=Q(status=ReferentielStatus.DRAFT), name="referentiels_one_draft"
            ),
            models.CheckConstraint(condition=Q(status__in=ReferentielStatus.values), name="referentiels_status_valid"),
            models.CheckConstraint(condition=Q(sharing__in=Sharing.values), name="referentiels_sharing_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · v{self.version}"

    @property
    def is_draft(self) -> bool:
        return self.status == ReferentielStatus.DRAFT

    def get_absolute_url(self) -> str:
        return reverse("referentiels:version", kwargs={"slug": self.organisation.slug, "version": self.version})

    def indicators_in_order(self) -> list[Indicator]:
        """Every indicator, with its criterion, registre and actions, in the order of the table
        (two queries)."""
        return list(
            Indicator.objects.filter(criterion__registre__referentiel=self)
            .select_related("criterion__registre")
            .prefetch_related("actions")
            .order_by(
                "criterion__registre__position",
                "criterion__registre__pk",
                "criterion__position",
                "criterion__pk",
                "position",
                "pk",
            )
        )

    def registres_with_items(self) -> models.QuerySet[Registre]:
        """The whole hierarchy in four queries, whatever its size."""
        indicators = Indicator.objects.order_by("position", "pk").prefetch_related("stakeholder_links", "actions")
        criteria = Criterion.objects.order_by("position", "pk").prefetch_related(
            Prefetch("indicators", queryset=indicators)
        )
        return self.registres.order_by("position", "pk").prefetch_related(Prefetch("criteria", queryset=criteria))


class Item(TimeStampedModel):
    """What registres, criteria and indicators share: wording, order, authorship, revision."""

    # The same item across versions: a new version copies it with the same uid.
    uid = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    revision = models.PositiveIntegerField(default=1, editable=False)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last changed by"),
    )

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class Registre(Item):
    referentiel = models.ForeignKey(Referentiel, on_delete=models.CASCADE, related_name="registres")

    class Meta(Item.Meta):
        verbose_name = _("registre")
        verbose_name_plural = _("registres")


class Criterion(Item):
    registre = models.ForeignKey(Registre, on_delete=models.CASCADE, related_name="criteria")

    class Meta(Item.Meta):
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    @property
    def referentiel(self) -> Referentiel:
        return self.registre.referentiel


class Indicator(Item):
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="indicators")
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.REALISATION)
    kind = models.CharField(_("type"), max_length=20, choices=IndicatorKind.choices, default=IndicatorKind.COUNT)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    definition = models.TextField(_("definition or calculation"), blank=True)
    data_source = models.CharField(_("data source or collection tool"), max_length=250, blank=True)
    frequency = models.CharField(_("frequency or moment"), max_length=150, blank=True)
    responsible = models.CharField(_("responsible"), max_length=150, blank=True)
    disaggregation = models.CharField(_("disaggregation"), max_length=250, blank=True)

    @property
    def referentiel(self) -> Referentiel:
        return self.criterion.registre.referentiel

    baseline = models.CharField(_("baseline"), max_length=100, blank=True)
    target = models.CharField(_("target"), max_length=100, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    actions = models.ManyToManyField(
        Action, verbose_name=_("actions concerned"), blank=True, related_name="indicators"
    )

    class Meta(Item.Meta):
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(condition=Q(level__in=Level.values), name="referentiels_indicator_level_valid"),
            models.CheckConstraint(
                condition=Q(kind__in=IndicatorKind.values), name="referentiels_indicator_kind_valid"
            ),
        ]
        indexes = [models.Index(fields=["criterion", "position"], name="indicator_criterion_pos_idx")]

    @property
    def stakeholders(self) -> list[str]:
        return [link.code for link in self.stakeholder_links.all()]

    def get_stakeholders_display(self) -> list[str]:
        return [str(Stakeholder(code).label) for code in self.stakeholders]


# The free-text columns of an indicator (exports, comparisons and imports use this list).
INDICATOR_TEXT_FIELDS = [
    "unit",
    "definition",
    "data_source",
    "frequency",
    "responsible",
    "disaggregation",
    "baseline",
    "target",
    "notes",
]


class IndicatorStakeholder(models.Model):
    """Who an indicator concerns (beneficiaries, volunteers...): one row each, so tables can filter."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="stakeholder_links")
    code = models.CharField(max_length=20, choices=Stakeholder.choices)

    class Meta:
        verbose_name = _("stakeholder concerned")
        verbose_name_plural = _("stakeholders concerned")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "code"], name="referentiels_stakeholder_unique"),
            models.CheckConstraint(condition=Q(code__in=Stakeholder.values), name="referentiels_stakeholder_valid"),
        ]

    def __str__(self) -> str:
        return self.get_code_display()


class Comment(TimeStampedModel):
    """A remark on one item of a référentiel, kept across versions (it follows the item's uid)."""

    referentiel = models.ForeignKey(Referentiel, on_delete=models.CASCADE, related_name="comments")
    item_uid = models.UUIDField(db_index=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField(_("comment"), max_length=4000)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:60]


AnyItem = Registre | Criterion | Indicator  # each reaches its version as `.referentiel`
