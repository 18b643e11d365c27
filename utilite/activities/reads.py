"""What the monthly aggregates tell: totals and the breakdowns of participations, small groups
protected. Reads only; the aggregates are kept by the write use cases of `services`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from utilite.core.privacy import Cell, protect
from utilite.organisations.models import Organisation

from .enums import BREAKDOWN_FIELDS, DIMENSION_CHOICES, DIMENSION_LABELS
from .models import MonthlyActivity


def totals(organisation: Organisation) -> dict[str, int]:
    """Sessions, participants and minutes of a structure, read from the aggregates."""
    result = MonthlyActivity.objects.filter(organisation=organisation).aggregate(
        sessions=Sum("sessions"),
        participants=Sum("participants"),
        minutes=Sum("minutes"),
        months=Count("month", distinct=True),
    )
    return {key: value or 0 for key, value in result.items()}


@dataclass
class Breakdown:
    dimension: str
    cells: list[Cell] | None  # None: fewer than 5 participations, not broken down
    total: int


def participants_breakdown(
    organisation: Organisation,
    *,
    since: datetime.date,
    until: datetime.date | None = None,
    action_key: int | None = None,
) -> tuple[int, list[Breakdown]]:
    """The number of participations since a month, and their breakdowns by gender, age band
    and situation with small groups protected; read from the monthly aggregates in one query."""
    monthly = MonthlyActivity.objects.filter(organisation=organisation, month__gte=since)
    if until is not None:
        monthly = monthly.filter(month__lte=until)
    if action_key is not None:
        monthly = monthly.filter(action_key=action_key)
    sums = monthly.aggregate(participants=Sum("participants"), **{name: Sum(name) for name in BREAKDOWN_FIELDS})
    total = sums["participants"] or 0
    return total, breakdown_of({name: sums[name] or 0 for name in BREAKDOWN_FIELDS}, total)


def breakdown_of(counts: dict[str, int], total: int) -> list[Breakdown]:
    """Counts by `BREAKDOWN_FIELDS` name within a total → one protected breakdown per dimension,
    what was not counted being "not communicated". Dimensions nobody was counted by are left out,
    except when the total itself is too small to be broken down."""
    result = []
    for dimension, choices in DIMENSION_CHOICES.items():
        cells = [(str(label), counts.get(f"{dimension}_{code}", 0)) for code, label in choices.choices]
        if total and not any(count for _label, count in cells):
            continue  # nobody was counted by this dimension: nothing to show
        cells.append((_("Not communicated"), total - sum(count for _label, count in cells)))
        result.append(Breakdown(str(DIMENSION_LABELS[dimension]), protect(cells, total), total))
    return result
