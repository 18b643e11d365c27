"""Where the réalisation indicators that fill themselves read their figures: the monthly activity
of the sessions (`activities`), and what apps above register here — co-publication adds its
contributions, contributors and publications (`ComputedFrom`).

Each source answers in one query (two for co-publication), grouped by the keys the caller asks
for, so that the value grid, the dashboard and the territory synthesis stay bounded."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection, Iterable
from typing import Any

from django.db.models import Sum

from utilite.activities.models import MonthlyActivity

from .enums import ComputedFrom

Keys = tuple[str, ...]  # some of "organisation", "action_key" (0 for none) and "month"
Reader = Callable[[Collection[int], datetime.date, datetime.date | None, Keys], Iterable[dict[str, Any]]]
ACTIVITY = (ComputedFrom.SESSIONS, ComputedFrom.PARTICIPANTS, ComputedFrom.HOURS)
FIGURES = ("sessions", "participants", "minutes", *(code.value for code in ComputedFrom if code not in ACTIVITY))

_readers: dict[str, Reader] = {}


def register(codes: Iterable[str], reader: Reader) -> None:
    """`reader(organisation_ids, since, until, keys)` gives rows with `keys` and the figures named
    by `codes`, for the months from `since` to `until` (excluded; no end when None)."""
    for code in codes:
        _readers[str(code)] = reader


def _activity(ids: Collection[int], since: datetime.date, until: datetime.date | None, keys: Keys) -> Any:
    rows = MonthlyActivity.objects.filter(organisation__in=ids, month__gte=since)
    if until is not None:
        rows = rows.filter(month__lt=until)
    return rows.values(*keys).annotate(
        sessions=Sum("sessions"), participants=Sum("participants"), minutes=Sum("minutes")
    )


def totals(
    organisation_ids: Collection[int],
    since: datetime.date,
    until: datetime.date | None,
    keys: Keys,
    wanted: Iterable[str] = (),
) -> list[dict[str, Any]]:
    """One row per value of `keys`, with every figure (0 when none): the sessions' always, the
    other sources' only when `wanted` names one of their codes."""
    merged: dict[tuple[Any, ...], dict[str, Any]] = {}
    readers: list[Reader] = [_activity]
    for code in wanted:
        reader = _readers.get(str(code))
        if reader is not None and reader not in readers:
            readers.append(reader)
    for reader in readers:
        for row in reader(organisation_ids, since, until, keys):
            key = tuple(row[name] for name in keys)
            merged.setdefault(key, {**dict(zip(keys, key, strict=True)), **dict.fromkeys(FIGURES, 0)})
            merged[key].update({name: value or 0 for name, value in row.items() if name not in keys})
    return list(merged.values())
