"""Write use cases for the collection plan and indicator values, and computed values."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Sum

from utilite.activities.models import MonthlyActivity
from utilite.organisations.models import Action, Organisation
from utilite.referentiels.models import Indicator

from . import figures
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
    user: User | None,
    revision: int | None,
    action: Action | None = None,
    value: Decimal | None = None,
    breakdown: dict[str, int] | None = None,
    text: str = "",
    comment: str = "",
    source: str = "",
) -> IndicatorValue:
    """Create or change a value (of one action, for indicators that concern some actions).
    A change based on an older revision raises `ValueConflict`; a change keeps the previous
    content in the history."""
    breakdown = {name: count for name, count in (breakdown or {}).items() if count}
    current = (
        IndicatorValue.objects.select_for_update()
        .filter(
            organisation=organisation,
            indicator_uid=indicator.uid,
            granularity=granularity,
            period_start=period_start,
            action=action,
        )
        .first()
    )
    if current is None:
        return IndicatorValue.objects.create(
            organisation=organisation,
            indicator_uid=indicator.uid,
            granularity=granularity,
            period_start=period_start,
            action=action,
            value=value,
            breakdown=breakdown,
            text=text,
            comment=comment,
            source=source,
            updated_by=user,
        )
    if revision is not None and revision != current.revision:
        raise ValueConflict(current)
    content = (value, breakdown, text, comment, source)
    if (current.value, current.breakdown, current.text, current.comment, current.source) == content:
        return current
    IndicatorValueChange.objects.create(
        value=current,
        previous_value=current.value,
        previous_breakdown=current.breakdown,
        previous_text=current.text,
        changed_by=user,
    )
    current.value, current.breakdown, current.text, current.comment, current.source = content
    current.revision += 1
    current.updated_by = user
    current.save()
    return current


class ComputedValues:
    """Sessions, participations and hours of a period, for the whole structure or per action,
    read from the monthly aggregates (one query)."""

    def __init__(self, organisation: Organisation, granularity: str, period_start: datetime.date) -> None:
        rows = (
            MonthlyActivity.objects.filter(
                organisation=organisation, month__gte=period_start, month__lt=next_start(period_start, granularity)
            )
            .values("action_key")
            .annotate(sessions=Sum("sessions"), participants=Sum("participants"), minutes=Sum("minutes"))
        )
        self.by_action: dict[int, dict[str, Any]] = {row["action_key"]: dict(row) for row in rows}

    def get(self, computed_from: str, action_keys: Iterable[int] | None = None) -> Decimal:
        """The figure for the given actions (every session when None)."""
        keys = self.by_action.keys() if action_keys is None else action_keys
        return figures.computed(computed_from, [self.by_action[key] for key in keys if key in self.by_action])
