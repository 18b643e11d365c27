"""Activity records: one line per session or workshop, with anonymous participant counts only.

Monthly aggregates (`MonthlyActivity`, `MonthlyTheme`) are kept up to date by the write use
cases in `services.py`, so dashboards never rescan records.
"""

from __future__ import annotations

import datetime
from typing import Any, ClassVar

from django.conf import settings
from django.core.cache import cache
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from utilite.core.models import Job, JobStatus, TimeStampedModel
from utilite.organisations.models import Action, Organisation

from .enums import COUNT_FIELDS, MAX_MINUTES, ActivityType, Autonomy, Material, PlaceType, Theme


class ActivityRecordQuerySet(models.QuerySet["ActivityRecord"]):
    def for_organisation(self, organisation: Organisation) -> ActivityRecordQuerySet:
        return self.filter(organisation=organisation)

    def for_listing(self) -> ActivityRecordQuerySet:
        return self.select_related("action").prefetch_related("themes").order_by("-date", "-pk")


class ParticipantCounts(models.Model):
    """Anonymous counts of participants by gender, age band and situation (see `COUNT_FIELDS`)."""

    gender_female = models.PositiveIntegerField(_("women"), default=0)
    gender_male = models.PositiveIntegerField(_("men"), default=0)
    age_minor = models.PositiveIntegerField(_("minors"), default=0)
    age_18_24 = models.PositiveIntegerField(_("aged 18 to 24"), default=0)
    age_25_39 = models.PositiveIntegerField(_("aged 25 to 39"), default=0)
    age_40_59 = models.PositiveIntegerField(_("aged 40 to 59"), default=0)
    age_60_69 = models.PositiveIntegerField(_("aged 60 to 69"), default=0)
    age_70_plus = models.PositiveIntegerField(_("aged 70 or more"), default=0)
    status_schooled = models.PositiveIntegerField(_("in education"), default=0)
    status_unemployed = models.PositiveIntegerField(_("without a job"), default=0)
    status_employed = models.PositiveIntegerField(_("in work"), default=0)
    status_retired = models.PositiveIntegerField(_("retired"), default=0)

    class Meta:
        abstract = True


class ActivityRecord(ParticipantCounts, TimeStampedModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="activity_records")
    action = models.ForeignKey(
        Action,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activity_records",
        verbose_name=_("action"),
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration"), default=60, validators=[MinValueValidator(1), MaxValueValidator(MAX_MINUTES)]
    )
    activity_type = models.CharField(
        _("kind of session"), max_length=20, choices=ActivityType.choices, default=ActivityType.COLLECTIVE
    )
    place_type = models.CharField(
        _("place"), max_length=20, choices=PlaceType.choices, default=PlaceType.ACTIVITY_PLACE
    )
    material = models.JSONField(_("material used"), default=list, blank=True)
    autonomy = models.CharField(_("autonomy observed"), max_length=30, choices=Autonomy.choices, blank=True)
    orientation = models.CharField(_("oriented towards"), max_length=200, blank=True)
    participants = models.PositiveIntegerField(_("number of participants"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ActivityRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity record")
        verbose_name_plural = _("activity records")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["organisation", "-date"], name="activity_org_date_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(participants__gte=1), name="activities_at_least_one_participant"),
            models.CheckConstraint(
                condition=Q(participants__gte=F("gender_female") + F("gender_male")),
                name="activities_gender_counts_within_total",
            ),
            models.CheckConstraint(
                condition=Q(
                    participants__gte=F("age_minor")
                    + F("age_18_24")
                    + F("age_25_39")
                    + F("age_40_59")
                    + F("age_60_69")
                    + F("age_70_plus")
                ),
                name="activities_age_counts_within_total",
            ),
            models.CheckConstraint(
                condition=Q(
                    participants__gte=F("status_schooled")
                    + F("status_unemployed")
                    + F("status_employed")
                    + F("status_retired")
                ),
                name="activities_status_counts_within_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} · {self.get_activity_type_display()}"

    def get_absolute_url(self) -> str:
        return reverse("activities:update", kwargs={"slug": self.organisation.slug, "pk": self.pk})

    @property
    def month(self) -> datetime.date:
        return self.date.replace(day=1)

    def get_duration_minutes_display(self) -> str:
        hours, minutes = divmod(self.duration_minutes, 60)
        if hours and minutes:
            return _("%(hours)s h %(minutes)02d") % {"hours": hours, "minutes": minutes}
        if hours:
            return _("%(hours)s h") % {"hours": hours}
        return _("%(minutes)s min") % {"minutes": minutes}

    @staticmethod
    def material_label(code: str) -> str:
        return str(Material(code).label) if code in Material.values else code

    def not_communicated(self, dimension: str) -> int:
        return self.participants - sum(getattr(self, name) for name in COUNT_FIELDS[dimension])


class ActivityTheme(models.Model):
    record = models.ForeignKey(ActivityRecord, on_delete=models.CASCADE, related_name="themes")
    code = models.CharField(max_length=30, choices=Theme.choices)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [
            models.UniqueConstraint(fields=["record", "code"], name="activities_theme_unique"),
            models.CheckConstraint(condition=Q(code__in=Theme.values), name="activities_theme_valid"),
        ]

    def __str__(self) -> str:
        return self.get_code_display()


class MonthlyActivity(ParticipantCounts):
    """Sessions, participants (with their counts by gender, age, situation) and minutes of a
    structure for a month (per action; 0 = none)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    action_key = models.PositiveBigIntegerField(default=0)
    month = models.DateField()
    sessions = models.IntegerField(default=0)
    participants = models.IntegerField(default=0)
    minutes = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("monthly activity")
        verbose_name_plural = _("monthly activity")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "action_key", "month"], name="activities_monthly_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} · {self.month:%Y-%m}"


class NetworkActivity(models.Model):
    """Sessions, participants and minutes of all the structures of a network for a month: what the
    network's own indicators read, whatever the number of structures. Kept in step by the same
    use cases as `MonthlyActivity`, by adding differences (a structure-month costs one row)."""

    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    sessions = models.IntegerField(default=0)
    participants = models.IntegerField(default=0)
    minutes = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("network activity")
        verbose_name_plural = _("network activity")
        constraints = [models.UniqueConstraint(fields=["network", "month"], name="activities_network_month_unique")]

    def __str__(self) -> str:
        return f"{self.network_id} · {self.month:%Y-%m}"


class MonthlyTheme(models.Model):
    """Sessions and participants per theme, per structure and month."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    code = models.CharField(max_length=30, choices=Theme.choices)
    sessions = models.IntegerField(default=0)
    participants = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("monthly theme")
        verbose_name_plural = _("monthly themes")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "month", "code"], name="activities_monthly_theme_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} · {self.month:%Y-%m} · {self.code}"


class ImportJob(Job):
    """A file of activity records being imported in the background, with its progress and errors.

    Life cycle: that of every job (pending → running → done | failed). A failed import changed nothing.
    """

    KIND = "activities.import"
    STATUS_LABELS: ClassVar[dict[str, Any]] = {JobStatus.DONE: _("Imported"), JobStatus.FAILED: _("Refused")}

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="activity_imports")
    file = models.FileField(upload_to="imports/%Y/")
    original_name = models.CharField(max_length=200)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    imported_rows = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    error_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("activity import")
        verbose_name_plural = _("activity imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.original_name} · {self.get_status_display()}"

    @property
    def progress_key(self) -> str:
        return f"activities:import:{self.pk}:processed"

    @property
    def live_processed_rows(self) -> int:
        """Rows done so far. While rows are written, in one transaction that others cannot see
        yet, the count is published in the cache (shared by workers in production: Redis)."""
        if self.status != JobStatus.RUNNING:
            return self.processed_rows
        return max(self.processed_rows, cache.get(self.progress_key, 0))

    @property
    def percent(self) -> int:
        return int(self.live_processed_rows * 100 / self.total_rows) if self.total_rows else 0
