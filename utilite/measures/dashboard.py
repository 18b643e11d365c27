"""The figures of a structure's dashboard, read from values and monthly aggregates only:
the number of queries and the work do not depend on how many sessions were logged."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db.models import Sum
from django.utils import timezone

from utilite.activities.models import MonthlyActivity
from utilite.organisations.models import Organisation
from utilite.referentiels.enums import IndicatorKind
from utilite.referentiels.models import Indicator, Referentiel

from . import periods
from .enums import GRANULARITY_OF, ComputedFrom, PeriodType
from .models import CollectionPlan, IndicatorValue


@dataclass
class Point:
    period: str
    value: Decimal | None
    text: str = ""
    start: datetime.date | None = None


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
        return next((point for point in reversed(self.points) if point.value is not None or point.text), None)

    def is_due(self, point: Point) -> bool:
        if point.start is None or (self.today and point.start > self.today):
            return False
        return not (self.due_from and point.start < self.due_from)

    @property
    def missing(self) -> int:
        if self.computed:
            return 0
        return sum(1 for point in self.points if self.is_due(point) and point.value is None and not point.text)

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


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ".").replace("%", "").strip()) if text else None
    except InvalidOperation:
        return None


def figures(
    organisation: Organisation,
    referentiel: Referentiel,
    *,
    until: datetime.date,
    months: int = 12,
    action_key: int | None = None,
) -> list[IndicatorFigures]:
    indicators = referentiel.indicators_in_order()
    plans = {plan.indicator_uid: plan for plan in CollectionPlan.objects.filter(organisation=organisation)}
    first_month = periods.previous_starts(until, "month", months)[0]
    values = {
        (value.indicator_uid, value.granularity, value.period_start): value
        for value in IndicatorValue.objects.filter(
            organisation=organisation, period_start__gte=periods.start_of(first_month, "year")
        )
    }
    activity = MonthlyActivity.objects.filter(
        organisation=organisation, month__gte=periods.start_of(first_month, "year")
    )
    if action_key is not None:
        activity = activity.filter(action_key=action_key)
    monthly: dict[datetime.date, dict[str, int]] = {
        month: {"sessions": sessions or 0, "participants": participants or 0, "minutes": minutes or 0}
        for month, sessions, participants, minutes in activity.values("month")
        .annotate(s=Sum("sessions"), p=Sum("participants"), m=Sum("minutes"))
        .values_list("month", "s", "p", "m")
    }
    result = []
    for indicator in indicators:
        plan = plans.get(indicator.uid)
        granularity = GRANULARITY_OF[PeriodType(plan.period_type if plan else PeriodType.MONTHLY)]
        count = {"month": months, "quarter": max(months // 3, 1), "year": max(months // 12, 1)}[granularity]
        starts = periods.previous_starts(until, granularity, count)
        validated_on = timezone.localdate(referentiel.validated_at) if referentiel.validated_at else None
        item = IndicatorFigures(
            indicator,
            granularity,
            bool(plan and plan.computed_from),
            target=_decimal(indicator.target),
            due_from=periods.start_of(validated_on, granularity) if validated_on else None,
            today=timezone.localdate(),
        )
        for start in starts:
            label = periods.label(start, granularity)
            if plan and plan.computed_from:
                end = periods.next_start(start, granularity)
                rows = [row for month, row in monthly.items() if start <= month < end]
                field_name = "minutes" if plan.computed_from == ComputedFrom.HOURS else plan.computed_from
                total = Decimal(sum(row[field_name] for row in rows))
                item.points.append(
                    Point(
                        label, (total / 60).quantize(Decimal("0.1")) if field_name == "minutes" else total, start=start
                    )
                )
            else:
                value = values.get((indicator.uid, granularity, start))
                item.points.append(
                    Point(label, value.value if value else None, value.text if value else "", start=start)
                )
        result.append(item)
    return result
