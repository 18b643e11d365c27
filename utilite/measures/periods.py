"""Periods (month, quarter, year) identified by their first day."""

from __future__ import annotations

import datetime
import re

from django.utils.translation import gettext as _

from utilite.core import tabular

from .enums import Granularity


def start_of(day: datetime.date, granularity: str) -> datetime.date:
    if granularity == Granularity.YEAR:
        return day.replace(month=1, day=1)
    if granularity == Granularity.QUARTER:
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    return day.replace(day=1)


def next_start(start: datetime.date, granularity: str) -> datetime.date:
    months = {Granularity.MONTH: 1, Granularity.QUARTER: 3, Granularity.YEAR: 12}[Granularity(granularity)]
    month_index = start.month - 1 + months
    return datetime.date(start.year + month_index // 12, month_index % 12 + 1, 1)


def previous_starts(until: datetime.date, granularity: str, count: int) -> list[datetime.date]:
    """The `count` periods ending with the one containing `until`, oldest first."""
    starts = [start_of(until, granularity)]
    while len(starts) < count:
        first = starts[0]
        starts.insert(0, start_of(first - datetime.timedelta(days=1), granularity))
    return starts


def label(start: datetime.date, granularity: str) -> str:
    if granularity == Granularity.YEAR:
        return str(start.year)
    if granularity == Granularity.QUARTER:
        return _("Q%(quarter)s %(year)s") % {"quarter": (start.month - 1) // 3 + 1, "year": start.year}
    return f"{start:%m/%Y}"


def parse(value: str, granularity: str) -> datetime.date | None:
    """'2026-11' or 11/2026 (month), '2026-T4' or '2026-Q4' (quarter), '2026' (year) → first day,
    or None. A spreadsheet that turned the period into a date (2026-11-01, 01/11/2026) gives the
    period starting on that day."""
    value = value.strip()
    try:
        day = tabular.parse_date(value)
    except ValueError:
        day = None
    if day is not None:
        return day if start_of(day, granularity) == day else None
    if re.fullmatch(r"\d{1,2}/\d{4}", value) and granularity == Granularity.MONTH:
        month, year = value.split("/")
        value = f"{year}-{month}"
    try:
        if granularity == Granularity.YEAR:
            return datetime.date(int(value), 1, 1)
        if granularity == Granularity.QUARTER:
            year, quarter = re.split(r"-[QqTt]", value.strip())
            return datetime.date(int(year), (int(quarter) - 1) * 3 + 1, 1)
        year, month = value.split("-")
        return datetime.date(int(year), int(month), 1)
    except (ValueError, TypeError):
        return None


def key(start: datetime.date, granularity: str) -> str:
    if granularity == Granularity.YEAR:
        return str(start.year)
    if granularity == Granularity.QUARTER:
        return f"{start.year}-T{(start.month - 1) // 3 + 1}"  # T as in "trimestre"; Q is accepted too
    return f"{start:%Y-%m}"
