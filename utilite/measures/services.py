"""Write use cases for the collection plan and indicator values, and computed values."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction

from utilite.core import locking
from utilite.organisations.models import Action, Organisation
from utilite.referentiels.models import Indicator

from .models import CollectionPlan, IndicatorValue, IndicatorValueChange, StructureScenario

if TYPE_CHECKING:
    from utilite.accounts.models import User


ValueConflict = locking.Conflict


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
def save_collection_plan(
    organisation: Organisation, *, plans: list[tuple[Indicator, dict[str, Any]]], scenarios: Iterable[str]
) -> None:
    """The whole collection plan page: when and how each indicator is collected, and what for."""
    for indicator, fields in plans:
        save_plan(organisation, indicator, **fields)
    save_scenarios(organisation, scenarios)


@transaction.atomic
def record_values(
    organisation: Organisation,
    *,
    granularity: str,
    period_start: datetime.date,
    user: User | None,
    values: list[tuple[Indicator, Action | None, dict[str, Any]]],
) -> None:
    """The values of one period from the grid: all of them, or none when one conflicts."""
    for indicator, action, fields in values:
        record_value(
            organisation=organisation,
            indicator=indicator,
            granularity=granularity,
            period_start=period_start,
            action=action,
            user=user,
            **fields,
        )


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
        IndicatorValue.objects.select_for_update(of=("self",))
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
    content = {"value": value, "breakdown": breakdown, "text": text, "comment": comment, "source": source}
    if revision in {None, current.revision} and all(getattr(current, k) == v for k, v in content.items()):
        return current
    IndicatorValueChange.objects.create(
        value=current,
        previous_value=current.value,
        previous_breakdown=current.breakdown,
        previous_text=current.text,
        changed_by=user,
    )
    return locking.save_if_unchanged(current, revision=revision, updated_by=user, **content)
