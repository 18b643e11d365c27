"""The rows of the value grid of one period: one entry per indicator, or per action for the
indicators that concern some actions; computed indicators show their figure instead of a form."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.http import QueryDict

from utilite.organisations.models import Action, Organisation
from utilite.referentiels.models import Indicator

from . import figures, sources
from .enums import GRANULARITY_OF, PeriodType
from .forms import ValueForm
from .models import CollectionPlan, IndicatorValue
from .periods import next_start


@dataclass
class Entry:
    action: Action | None
    value: IndicatorValue | None
    form: ValueForm | None = None
    computed: Decimal | None = None


@dataclass
class Row:
    indicator: Indicator
    plan: CollectionPlan | None
    entries: list[Entry] = field(default_factory=list)


def plans_of(organisation: Organisation) -> dict[Any, CollectionPlan]:
    return {plan.indicator_uid: plan for plan in CollectionPlan.objects.filter(organisation=organisation)}


def granularity_of(indicator: Indicator, plans: dict[Any, CollectionPlan]) -> str:
    plan = plans.get(indicator.uid)
    return GRANULARITY_OF[PeriodType(plan.period_type if plan else PeriodType.MONTHLY)]


def rows(
    organisation: Organisation,
    indicators: list[Indicator],
    *,
    granularity: str,
    start: datetime.date,
    data: QueryDict | None,
) -> list[Row]:
    """Four queries, whatever the number of indicators, actions and sessions."""
    plans = plans_of(organisation)
    values = {
        (value.indicator_uid, value.action_id): value
        for value in IndicatorValue.objects.filter(
            organisation=organisation, granularity=granularity, period_start=start
        ).select_related("updated_by")
    }
    computed = ComputedValues(organisation, granularity, start, {plan.computed_from for plan in plans.values()})
    result = []
    for indicator in indicators:
        if granularity_of(indicator, plans) != granularity:
            continue
        plan = plans.get(indicator.uid)
        row = Row(indicator, plan)
        actions: list[Action | None] = list(indicator.actions.all()) or [None]
        for action in actions:
            value = values.get((indicator.uid, action.pk if action else None))
            entry = Entry(action, value)
            if plan and plan.computed_from:
                keys = None if action is None else [action.pk]
                entry.computed = computed.get(plan.computed_from, keys)
            else:
                prefix = f"i{indicator.pk}" + (f"-a{action.pk}" if action else "")
                entry.form = ValueForm(data, indicator=indicator, value=value, prefix=prefix)
            row.entries.append(entry)
        result.append(row)
    return result


class ComputedValues:
    """Sessions, participations and hours of a period (and contributions when an indicator counts
    them), for the whole structure or per action, read from `measures.sources`."""

    def __init__(
        self, organisation: Organisation, granularity: str, period_start: datetime.date, wanted: Iterable[str] = ()
    ) -> None:
        rows = sources.totals(
            [organisation.pk], period_start, next_start(period_start, granularity), ("action_key",), wanted
        )
        self.by_action: dict[int, dict[str, Any]] = {row["action_key"]: row for row in rows}

    def get(self, computed_from: str, action_keys: Iterable[int] | None = None) -> Decimal:
        """The figure for the given actions (every session when None)."""
        keys = self.by_action.keys() if action_keys is None else action_keys
        return figures.computed(computed_from, [self.by_action[key] for key in keys if key in self.by_action])
