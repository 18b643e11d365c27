"""Write use cases for the collection plan and indicator values, and computed values."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Sum

from utilite.activities.models import MonthlyActivity
from utilite.organisations.models import Organisation
from utilite.referentiels.models import Indicator

from .enums import ComputedFrom
from .models import CollectionPlan, IndicatorValue, IndicatorValueChange, StructureScenario
from .periods import next_start

if TYPE_CHECKING:
    from utilite.accounts.models import User


class ValueConflict(Exception):
    def __init__(self, current: IndicatorValue) -> None:
        super().__init__("conflict")
        self.current = current


@transaction.atomic
def save_plan(organisation: Organisation, indicator: Indicator, **fields: Any) -> CollectionPlan:
    plan, _ = CollectionPlan.objects.update_or_create(
        organisation=organisation, indicator_uid=indicator.uid, defaults=fields
    )
    return plan


@transaction.atomic
def save_scenarios(organisation: Organisation, codes: Iterable[str]) -> None:
    StructureScenario.objects.filter(organisation=organisation).delete()
    StructureScenario.objects.bulk_create(StructureScenario(organisation=organisation, code=code) for code in codes)


@transaction.atomic
def record_value(
    *,
    organisation: Organisation,
    indicator: Indicator,
    granularity: str,
    period_start: datetime.date,
    user: User,
    revision: int | None,
    value: Decimal | None = None,
    text: str = "",
    comment: str = "",
    source: str = "",
) -> IndicatorValue:
    """Create or change a value. A change based on an older revision raises `ValueConflict`;
    a change keeps the previous content in the history."""
    current = (
        IndicatorValue.objects.select_for_update()
        .filter(
            organisation=organisation, indicator_uid=indicator.uid, granularity=granularity, period_start=period_start
        )
        .first()
    )
    if current is None:
        return IndicatorValue.objects.create(
            organisation=organisation,
            indicator_uid=indicator.uid,
            granularity=granularity,
            period_start=period_start,
            value=value,
            text=text,
            comment=comment,
            source=source,
            updated_by=user,
        )
    if revision is not None and revision != current.revision:
        raise ValueConflict(current)
    if (current.value, current.text, current.comment, current.source) == (value, text, comment, source):
        return current
    IndicatorValueChange.objects.create(
        value=current, previous_value=current.value, previous_text=current.text, changed_by=user
    )
    current.value, current.text, current.comment, current.source = value, text, comment, source
    current.revision += 1
    current.updated_by = user
    current.save()
    return current


def computed_values(organisation: Organisation, granularity: str, period_start: datetime.date) -> dict[str, Decimal]:
    """Sessions, participations and hours of a period, read from the monthly aggregates (one query)."""
    totals = MonthlyActivity.objects.filter(
        organisation=organisation, month__gte=period_start, month__lt=next_start(period_start, granularity)
    ).aggregate(sessions=Sum("sessions"), participants=Sum("participants"), minutes=Sum("minutes"))
    return {
        ComputedFrom.SESSIONS: Decimal(totals["sessions"] or 0),
        ComputedFrom.PARTICIPANTS: Decimal(totals["participants"] or 0),
        ComputedFrom.HOURS: (Decimal(totals["minutes"] or 0) / 60).quantize(Decimal("0.01")),
    }
