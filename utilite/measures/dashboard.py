"""The figures of a structure's dashboard, read from values and monthly aggregates only:
the number of queries and the work do not depend on how many sessions were logged."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone

from utilite.activities.reads import Breakdown, breakdown_of
from utilite.organisations.models import Organisation
from utilite.referentiels.enums import IndicatorKind
from utilite.referentiels.models import Indicator, Referentiel

from . import figures, periods, sources
from .enums import GRANULARITY_OF, PeriodType
from .models import CollectionPlan, IndicatorValue


@dataclass
class Point:
    period: str
    value: Decimal | None
    text: str = ""
    start: datetime.date | None = None
    breakdown: dict[str, int] = field(default_factory=dict)
    missing: int = 0  # values due for this period and not entered (one per action concerned)
    due: bool = True  # False before the référentiel was validated, and for periods to come

    @property
    def entered(self) -> bool:
        return self.value is not None or bool(self.text)


@dataclass
class IndicatorFigures:
    indicator: Indicator
    granularity: str
    computed: bool
    points: list[Point] = field(default_factory=list)
    target: Decimal | None = None
    # Values are due from the period in which the référentiel was validated, up to today.
    due_from: datetime.date | None = None
    today: datetime.date | None = None

    @property
    def latest(self) -> Point | None:
        return next((point for point in reversed(self.points) if point.entered), None)

    @property
    def breakdown(self) -> list[Breakdown]:
        """The latest value's counts by gender, age and situation, small groups protected."""
        latest = self.latest
        if latest is None or not latest.breakdown or latest.value is None:
            return []
        return breakdown_of(latest.breakdown, int(latest.value))

    def is_due(self, point: Point) -> bool:
        if point.start is None or (self.today and point.start > self.today):
            return False
        return not (self.due_from and point.start < self.due_from)

    @property
    def missing(self) -> int:
        if self.computed:
            return 0
        return sum(point.missing for point in self.points if self.is_due(point))

    @property
    def progress(self) -> int | None:
        latest = self.latest
        if latest is None or latest.value is None or not self.target:
            return None
        return int(min(latest.value / self.target * 100, Decimal(999)))

    @property
    def numeric(self) -> bool:
        return self.indicator.kind != IndicatorKind.QUALITATIVE

    @property
    def bars(self) -> list[dict[str, object]]:
        """Geometry of a small bar chart (SVG viewBox 0 0 width 60), one bar per period."""
        scale = Decimal(50) / self.maximum
        bars = []
        for index, point in enumerate(self.points):
            height = int((point.value or 0) * scale)
            bars.append({"x": index * 12 + 1, "y": 55 - height, "height": max(height, 0), "point": point})
        return bars

    @property
    def chart_width(self) -> int:
        return len(self.points) * 12

    @property
    def maximum(self) -> Decimal:
        values = [point.value for point in self.points if point.value is not None]
        return max([*values, self.target or Decimal(0), Decimal(1)])


def _combine(indicator: Indicator, entered: list[IndicatorValue]) -> tuple[Decimal | None, str, dict[str, int]]:
    """One figure from the values of several actions: their sum for counts, their mean otherwise."""
    numbers = [value.value for value in entered if value.value is not None]
    texts = [
        f"{value.action.title if value.action else ''} : {value.text}".lstrip(" :") for value in entered if value.text
    ]
    breakdown: dict[str, int] = {}
    for value in entered:
        for name, count in value.breakdown.items():
            breakdown[name] = breakdown.get(name, 0) + count
    if not numbers:
        return None, "\n".join(texts), {}
    return figures.combined(indicator.kind, numbers), "", breakdown if indicator.kind == IndicatorKind.COUNT else {}


def figures_of(
    organisation: Organisation,
    referentiel: Referentiel,
    *,
    until: datetime.date,
    months: int = 12,
    action_key: int | None = None,
) -> list[IndicatorFigures]:
    """The figures of every indicator over `months`, in six queries whatever the data size.
    With `action_key`, only the indicators of that action or of the whole structure, and
    computed indicators count only its sessions."""
    indicators = referentiel.indicators_in_order()
    plans = {plan.indicator_uid: plan for plan in CollectionPlan.objects.filter(organisation=organisation)}
    first_month = periods.previous_starts(until, "month", months)[0]
    since = periods.start_of(first_month, "year")
    values: dict[tuple[Any, str, datetime.date], dict[int | None, IndicatorValue]] = {}
    # Per action only for the indicators that concern actions: the others read the structure's own.
    scoped_uids = [indicator.uid for indicator in indicators if indicator.actions.all()]
    for value in IndicatorValue.objects.filter(
        Q(action__isnull=True) | Q(indicator_uid__in=scoped_uids),
        organisation=organisation,
        period_start__gte=since,
        indicator_uid__in=[indicator.uid for indicator in indicators],
    ).select_related("action"):
        if value.value is None and not value.text:
            continue  # only a comment or a source: not a value
        values.setdefault((value.indicator_uid, value.granularity, value.period_start), {})[value.action_id] = value
    monthly: dict[tuple[datetime.date, int], dict[str, int]] = {
        (row["month"], row["action_key"]): row
        for row in sources.totals(
            [organisation.pk], since, None, ("month", "action_key"), {plan.computed_from for plan in plans.values()}
        )
    }
    validated_on = timezone.localdate(referentiel.validated_at) if referentiel.validated_at else None
    result = []
    for indicator in indicators:
        scoped = [action.pk for action in indicator.actions.all()]
        if action_key is not None and scoped and action_key not in scoped:
            continue
        keys: list[int] | None = [action_key] if action_key is not None else (scoped or None)
        plan = plans.get(indicator.uid)
        granularity = GRANULARITY_OF[PeriodType(plan.period_type if plan else PeriodType.MONTHLY)]
        count = {"month": months, "quarter": max(months // 3, 1), "year": max(months // 12, 1)}[granularity]
        item = IndicatorFigures(
            indicator,
            granularity,
            bool(plan and plan.computed_from),
            target=figures.parse(indicator.target),
            due_from=periods.start_of(validated_on, granularity) if validated_on else None,
            today=timezone.localdate(),
        )
        for start in periods.previous_starts(until, granularity, count):
            label = periods.label(start, granularity)
            if plan and plan.computed_from:
                end = periods.next_start(start, granularity)
                rows = [
                    row
                    for (month, key), row in monthly.items()
                    if start <= month < end and (keys is None or key in keys)
                ]
                item.points.append(Point(label, figures.computed(plan.computed_from, rows), start=start))
                continue
            by_action = values.get((indicator.uid, granularity, start), {})
            if scoped:
                wanted = [action_key] if action_key is not None else scoped
                entered = [by_action[key] for key in wanted if key in by_action]
                missing = len(wanted) - len(entered)
                if not entered and None in by_action:  # entered before the indicator concerned actions
                    entered, missing = [by_action[None]], 0
            else:
                entered = [by_action[None]] if None in by_action else []
                missing = 0 if entered else 1
            figure, text, breakdown = _combine(indicator, entered)
            item.points.append(Point(label, figure, text, start=start, breakdown=breakdown, missing=missing))
        for point in item.points:
            point.due = item.is_due(point)
        result.append(item)
    return result
