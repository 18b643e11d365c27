"""Write use cases for activity records. Each keeps the monthly aggregates in step, in the same
transaction, so that dashboards read a handful of rows instead of every record."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F, Sum

from utilite.organisations.models import Organisation

from .enums import BREAKDOWN_FIELDS
from .models import ActivityRecord, ActivityTheme, MonthlyActivity, MonthlyTheme, NetworkActivity
from .signals import network_activity_changed

if TYPE_CHECKING:
    from utilite.accounts.models import User


def _apply(record: ActivityRecord, themes: Iterable[str], sign: int) -> None:
    """Add (sign=1) or remove (sign=-1) one record's contribution to the aggregates."""
    monthly, _created = MonthlyActivity.objects.get_or_create(
        organisation_id=record.organisation_id, action_key=record.action_id or 0, month=record.month
    )
    MonthlyActivity.objects.filter(pk=monthly.pk).update(
        sessions=F("sessions") + sign,
        participants=F("participants") + sign * record.participants,
        minutes=F("minutes") + sign * record.duration_minutes,
        **{name: F(name) + sign * getattr(record, name) for name in BREAKDOWN_FIELDS},
    )
    network_id = Organisation.objects.values_list("network_id", flat=True).get(pk=record.organisation_id)
    _add_to_network(network_id, record.month, sign, sign * record.participants, sign * record.duration_minutes)
    for code in themes:
        theme, _created = MonthlyTheme.objects.get_or_create(
            organisation_id=record.organisation_id, month=record.month, code=code
        )
        MonthlyTheme.objects.filter(pk=theme.pk).update(
            sessions=F("sessions") + sign, participants=F("participants") + sign * record.participants
        )


def _add_to_network(network_id: int, month: datetime.date, sessions: int, participants: int, minutes: int) -> None:
    if not (sessions or participants or minutes):
        return
    row, _created = NetworkActivity.objects.get_or_create(network_id=network_id, month=month)
    NetworkActivity.objects.filter(pk=row.pk).update(
        sessions=F("sessions") + sessions,
        participants=F("participants") + participants,
        minutes=F("minutes") + minutes,
    )
    network_activity_changed.send(sender=NetworkActivity, network_id=network_id)


def _totals_by_month(organisation: Organisation) -> dict[datetime.date, tuple[int, int, int]]:
    rows = (
        MonthlyActivity.objects.filter(organisation=organisation)
        .values("month")
        .annotate(s=Sum("sessions"), p=Sum("participants"), m=Sum("minutes"))
    )
    return {row["month"]: (row["s"], row["p"], row["m"]) for row in rows}


@transaction.atomic
def log_activity(
    *, organisation: Organisation, user: User, themes: Iterable[str] = (), **fields: Any
) -> ActivityRecord:
    themes = list(dict.fromkeys(themes))
    record = ActivityRecord.objects.create(organisation=organisation, created_by=user, **fields)
    ActivityTheme.objects.bulk_create(ActivityTheme(record=record, code=code) for code in themes)
    _apply(record, themes, +1)
    return record


@transaction.atomic
def update_activity(record: ActivityRecord, *, themes: Iterable[str], **fields: Any) -> ActivityRecord:
    previous = ActivityRecord.objects.select_for_update(of=("self",)).get(pk=record.pk)
    _apply(previous, previous.themes.values_list("code", flat=True), -1)
    for name, value in fields.items():
        setattr(record, name, value)
    record.save()
    themes = list(dict.fromkeys(themes))
    record.themes.all().delete()
    ActivityTheme.objects.bulk_create(ActivityTheme(record=record, code=code) for code in themes)
    _apply(record, themes, +1)
    return record


@transaction.atomic
def delete_activity(record: ActivityRecord) -> None:
    _apply(record, record.themes.values_list("code", flat=True), -1)
    record.delete()


@transaction.atomic
def rebuild_aggregates(organisation: Organisation) -> None:
    """Recompute a structure's aggregates from its records (repair, or after a bulk import), and
    move its network's months by the difference."""
    before = _totals_by_month(organisation)
    MonthlyActivity.objects.filter(organisation=organisation).delete()
    MonthlyTheme.objects.filter(organisation=organisation).delete()
    records = ActivityRecord.objects.filter(organisation=organisation)
    monthly: dict[tuple[int, Any], MonthlyActivity] = {}
    for row in records.values("action_id", "date", "participants", "duration_minutes", *BREAKDOWN_FIELDS):
        key = (row["action_id"] or 0, row["date"].replace(day=1))
        item = monthly.setdefault(key, MonthlyActivity(organisation=organisation, action_key=key[0], month=key[1]))
        item.sessions += 1
        item.participants += row["participants"]
        item.minutes += row["duration_minutes"]
        for name in BREAKDOWN_FIELDS:
            setattr(item, name, getattr(item, name) + row[name])
    MonthlyActivity.objects.bulk_create(monthly.values())
    after = _totals_by_month(organisation)
    for period in sorted(before.keys() | after.keys()):
        old, new = before.get(period, (0, 0, 0)), after.get(period, (0, 0, 0))
        _add_to_network(organisation.network_id, period, *(b - a for a, b in zip(old, new, strict=True)))
    themes: dict[tuple[Any, str], MonthlyTheme] = {}
    theme_rows = ActivityTheme.objects.filter(record__organisation=organisation).values_list(
        "code", "record__date", "record__participants"
    )
    for code, date, participants in theme_rows:
        month: datetime.date = date.replace(day=1)
        theme = themes.setdefault(
            (month, str(code)), MonthlyTheme(organisation=organisation, month=month, code=str(code))
        )
        theme.sessions += 1
        theme.participants += int(participants)
    MonthlyTheme.objects.bulk_create(themes.values())


@transaction.atomic
def rebuild_network_activity() -> int:
    """The networks' months recomputed from the structures' months (repair); returns the rows."""
    NetworkActivity.objects.all().delete()
    rows = (
        MonthlyActivity.objects.values("organisation__network", "month")
        .annotate(s=Sum("sessions"), p=Sum("participants"), m=Sum("minutes"))
        .order_by()
    )
    created = NetworkActivity.objects.bulk_create(
        (
            NetworkActivity(
                network_id=row["organisation__network"],
                month=row["month"],
                sessions=row["s"],
                participants=row["p"],
                minutes=row["m"],
            )
            for row in rows
        ),
        batch_size=5000,
    )
    return len(created)
