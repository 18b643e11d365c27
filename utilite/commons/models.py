"""The common référentiel of a network: dimensions → common criteria → common indicators,
drafted together from the structures' own items and published in numbered versions under a
licence. Structures adopt common items (a copy that remembers its origin) or map their own
items to common ones: the mapping is what makes the territory comparable.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from utilite.core.models import Job, TimeStampedModel
from utilite.fiches.enums import Licence
from utilite.networks.models import Network
from utilite.organisations.models import Organisation
from utilite.referentiels import models as structure
from utilite.referentiels.enums import IndicatorKind, Level

from .enums import Aggregation, CommentKind, CommonReferentielStatus, Kind


class CommonReferentielQuerySet(models.QuerySet["CommonReferentiel"]):
    def published(self) -> CommonReferentielQuerySet:
        return self.filter(status=CommonReferentielStatus.PUBLISHED).order_by("-version")


class CommonReferentiel(TimeStampedModel):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="common_referentiels")
    version = models.PositiveIntegerField(default=1)
    status = models.CharField(
        max_length=20, choices=CommonReferentielStatus.choices, default=CommonReferentielStatus.DRAFT
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("introduction"), blank=True, max_length=5000)
    licence = models.CharField(_("licence"), max_length=20, choices=Licence.choices, default=Licence.CC_BY_SA)
    change_note = models.TextField(_("what changed in this version"), blank=True, max_length=5000)
    previous = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    pdf = models.FileField(upload_to="communs/", blank=True)  # made in the background at publication
    pdf_job = models.ForeignKey(Job, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    objects = CommonReferentielQuerySet.as_manager()

    class Meta:
        verbose_name = _("common référentiel")
        verbose_name_plural = _("common référentiels")
        ordering = ["network", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["network", "version"], name="commons_version_unique"),
            models.UniqueConstraint(
                fields=["network"], condition=Q(status=CommonReferentielStatus.DRAFT), name="commons_one_draft"
            ),
            models.CheckConstraint(
                condition=Q(status__in=CommonReferentielStatus.values), name="commons_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} · v{self.version}"

    @property
    def is_draft(self) -> bool:
        return self.status == CommonReferentielStatus.DRAFT

    def item_uids(self) -> set[str]:
        """The uids of every item of this version (three queries)."""
        return {
            str(uid)
            for model in (Dimension, CommonCriterion, CommonIndicator)
            for uid in model.objects.filter(**{PATH_TO_REFERENTIEL[model.kind]: self}).values_list("uid", flat=True)
        }

    def get_absolute_url(self) -> str:
        if self.is_draft:
            return reverse("commons:draft", kwargs={"slug": self.network.slug})
        return reverse("commons_public:version", kwargs={"slug": self.network.slug, "version": self.version})


class CommonItem(TimeStampedModel):
    uid = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    position = models.PositiveIntegerField(default=0)
    revision = models.PositiveIntegerField(default=1, editable=False)  # no lost update between drafters
    # The version in which this wording last changed: structures that adopted it earlier are told.
    changed_in = models.PositiveIntegerField(default=1)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


# How each kind of item reaches its version, for queries (keyed by Kind values).
PATH_TO_REFERENTIEL: dict[str, str] = {
    Kind.DIMENSION: "referentiel",
    Kind.CRITERION: "dimension__referentiel",
    Kind.INDICATOR: "criterion__dimension__referentiel",
}


class Dimension(CommonItem):
    referentiel = models.ForeignKey(CommonReferentiel, on_delete=models.CASCADE, related_name="dimensions")
    kind = Kind.DIMENSION

    class Meta(CommonItem.Meta):
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")


class CommonCriterion(CommonItem):
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="criteria")
    sources = models.ManyToManyField(
        structure.Criterion, blank=True, related_name="+", verbose_name=_("drawn from the criteria")
    )
    kind = Kind.CRITERION

    class Meta(CommonItem.Meta):
        verbose_name = _("common criterion")
        verbose_name_plural = _("common criteria")

    @property
    def referentiel(self) -> CommonReferentiel:
        return self.dimension.referentiel


class CommonIndicator(CommonItem):
    criterion = models.ForeignKey(CommonCriterion, on_delete=models.CASCADE, related_name="indicators")
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.REALISATION)
    indicator_kind = models.CharField(
        _("type"), max_length=20, choices=IndicatorKind.choices, default=IndicatorKind.COUNT
    )
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    definition = models.TextField(_("definition or calculation"), blank=True, max_length=5000)
    aggregation = models.CharField(
        _("across structures"), max_length=20, choices=Aggregation.choices, default=Aggregation.SUM
    )
    counts_people = models.BooleanField(
        _("counts people"),
        default=False,
        help_text=_("Its totals are people: a figure under 5 is never shown."),
    )
    sources = models.ManyToManyField(
        structure.Indicator, blank=True, related_name="+", verbose_name=_("drawn from the indicators")
    )
    kind = Kind.INDICATOR

    class Meta(CommonItem.Meta):
        verbose_name = _("common indicator")
        verbose_name_plural = _("common indicators")

    @property
    def referentiel(self) -> CommonReferentiel:
        return self.criterion.dimension.referentiel


class Comment(models.Model):
    """A comment or a proposal on the draft (or one of its items, by uid: it follows versions)."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    item_uid = models.UUIDField(null=True, blank=True)
    kind = models.CharField(max_length=20, choices=CommentKind.choices, default=CommentKind.COMMENT)
    body = models.TextField(_("text"), max_length=3000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["network", "item_uid"], name="commons_comment_item_idx")]

    def __str__(self) -> str:
        return self.body[:50]


class MappingQuerySet(models.QuerySet["Mapping"]):
    def comparable(self) -> MappingQuerySet:
        """Indicators whose unit is the common one: their values can be added up."""
        return self.filter(kind=Kind.INDICATOR, unit_matches=True)


class Mapping(models.Model):
    """One of a structure's criteria or indicators (by uid: it follows its versions) stands for
    a common one. Made when the structure adopts a common item, or maps its own to it."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="common_mappings")
    kind = models.CharField(
        max_length=20, choices=[(Kind.CRITERION, Kind.CRITERION.label), (Kind.INDICATOR, Kind.INDICATOR.label)]
    )
    item_uid = models.UUIDField()
    common_uid = models.UUIDField()
    # The common criterion concerned (itself, or the indicator's): places the item in a dimension.
    common_criterion_uid = models.UUIDField()
    unit_matches = models.BooleanField(default=False)
    adopted = models.BooleanField(default=False)  # a copy of the common item, not the structure's own
    adopted_version = models.PositiveIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MappingQuerySet.as_manager()

    class Meta:
        verbose_name = _("correspondence with the common référentiel")
        verbose_name_plural = _("correspondences with the common référentiel")
        constraints = [models.UniqueConstraint(fields=["organisation", "item_uid"], name="commons_mapping_unique")]
        indexes = [
            models.Index(fields=["common_uid"], name="commons_mapping_common_idx"),
            models.Index(fields=["organisation", "kind", "item_uid"], name="commons_mapping_item_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} · {self.item_uid} → {self.common_uid}"


class SynthesisSnapshot(models.Model):
    """The territory synthesis for one set of filters, computed by a task from the aggregates and
    read as it is by the page: the page's cost does not depend on the number of structures.

    `stale` is set by any write that changes what it shows (`commons.snapshots`); the page then
    shows the figures of `computed_at` while a newer computation runs."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64)
    filters = models.JSONField(default=dict)
    payload = models.JSONField(null=True, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(default=0)  # how long the last computation took
    stale = models.BooleanField(default=True)
    requested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("territory synthesis computed")
        verbose_name_plural = _("territory syntheses computed")
        constraints = [models.UniqueConstraint(fields=["network", "key"], name="commons_snapshot_unique")]
        indexes = [models.Index(fields=["network", "stale"], name="commons_snapshot_stale")]

    def __str__(self) -> str:
        return f"{self.network_id} · {self.key[:8]}"
