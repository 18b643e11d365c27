"""The collection plan of a validated référentiel, and the values collected for its indicators.

Values are attached to an indicator's `uid`, so they carry over when a new version of the
référentiel keeps the indicator. Every change of a value keeps the previous one.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from utilite.core.models import TimeStampedModel
from utilite.organisations.models import Action, Organisation

from .enums import ComputedFrom, Granularity, PeriodType, Scenario


class CollectionPlan(TimeStampedModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="collection_plans")
    indicator_uid = models.UUIDField()
    period_type = models.CharField(_("when"), max_length=20, choices=PeriodType.choices, default=PeriodType.MONTHLY)
    instrument = models.CharField(_("how (instrument)"), max_length=200, blank=True)
    responsible = models.CharField(_("who collects"), max_length=150, blank=True)
    computed_from = models.CharField(
        _("filled from the sessions"), max_length=20, choices=ComputedFrom.choices, blank=True
    )

    class Meta:
        verbose_name = _("collection plan")
        verbose_name_plural = _("collection plans")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "indicator_uid"], name="measures_plan_unique"),
            models.CheckConstraint(condition=Q(period_type__in=PeriodType.values), name="measures_plan_period_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} · {self.indicator_uid}"


class StructureScenario(models.Model):
    """What a structure will use its evaluation for (monitoring, reporting, advocacy...)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="evaluation_scenarios")
    code = models.CharField(max_length=30, choices=Scenario.choices)

    class Meta:
        verbose_name = _("usage scenario")
        verbose_name_plural = _("usage scenarios")
        constraints = [models.UniqueConstraint(fields=["organisation", "code"], name="measures_scenario_unique")]

    def __str__(self) -> str:
        return self.get_code_display()


class IndicatorValue(TimeStampedModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="indicator_values")
    indicator_uid = models.UUIDField()
    granularity = models.CharField(max_length=10, choices=Granularity.choices)
    period_start = models.DateField(_("period"))
    # Set for indicators that concern some actions: one value per action.
    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("action")
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2, null=True, blank=True)
    # Optional anonymous counts within the value, by BREAKDOWN_FIELDS name (count indicators only).
    breakdown = models.JSONField(_("breakdown"), default=dict, blank=True)
    text = models.TextField(_("observation"), blank=True)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    revision = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "indicator_uid", "granularity", "period_start"],
                condition=Q(action__isnull=True),
                name="measures_value_unique",
            ),
            models.UniqueConstraint(
                fields=["organisation", "indicator_uid", "granularity", "period_start", "action"],
                condition=Q(action__isnull=False),
                name="measures_value_action_unique",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "indicator_uid", "period_start"], name="value_lookup_idx")]

    def __str__(self) -> str:
        return f"{self.indicator_uid} · {self.period_start} · {self.value if self.value is not None else self.text}"


class IndicatorValueChange(models.Model):
    """The previous content of a value, kept at each change (who, when, what it was)."""

    value = models.ForeignKey(IndicatorValue, on_delete=models.CASCADE, related_name="changes")
    previous_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    previous_text = models.TextField(blank=True)
    previous_breakdown = models.JSONField(default=dict, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("value change")
        verbose_name_plural = _("value changes")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.value_id} · {self.changed_at}"
