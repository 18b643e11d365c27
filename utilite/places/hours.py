"""Opening hours, stored in OpenStreetMap's `opening_hours` syntax and evaluated by a maintained
library (opening-hours-py, French public holidays included: `PH off`). People enter them as a
week grid (`Week`), which writes the syntax; experts may type it directly.

Nothing here parses the syntax by hand: even the grid is filled back from an expression by
asking the library for the intervals of a reference week."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.utils import formats
from django.utils.translation import gettext as _
from opening_hours import OpeningHours, ParserError, State  # type: ignore[attr-defined]

logger = logging.getLogger(__name__)

PARIS = ZoneInfo("Europe/Paris")
DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
# Weeks without public holidays, used to read an expression back into the grid.
REFERENCE_WEEK = datetime.date(2031, 3, 10)  # a Monday in March
SUMMER_WEEK = datetime.date(2031, 7, 21)  # a Monday in July
# Precomputed openings cover this many days (refreshed daily, and at every change).
HORIZON_DAYS = 21

Slot = tuple[datetime.time, datetime.time]


@lru_cache(maxsize=4096)
def parse(expression: str) -> OpeningHours:
    """The parsed expression, or ValueError with the reason in French."""
    try:
        return OpeningHours(expression, timezone=PARIS, country="FR")
    except (ParserError, SyntaxError):
        raise ValueError(
            _(
                "These hours are not in the OpenStreetMap syntax (for instance « Mo-Fr 09:00-12:00,14:00-17:30; "
                "PH off »): use the week grid instead."
            )
        ) from None


def check(expression: str) -> str:
    """The expression as saved: checked, spaces trimmed; ValueError when it cannot be read."""
    expression = " ".join(expression.split())
    if expression:
        parse(expression)
    return expression


@dataclass(frozen=True)
class Status:
    """Whether a place is open at an instant, and what changes next, to say in plain French."""

    known: bool
    is_open: bool = False
    changes_at: datetime.datetime | None = None
    at: datetime.datetime | None = None  # the instant asked about: « tomorrow » is counted from it

    @property
    def text(self) -> str:
        if not self.known:
            return _("Opening hours not given")
        if self.is_open:
            if self.changes_at is None:
                return _("Open now")
            return _("Open now · closes %(when)s") % {"when": when(self.changes_at, now=self.at)}
        if self.changes_at is None:
            return _("Closed")
        return _("Closed now · opens %(when)s") % {"when": when(self.changes_at, now=self.at)}


def status(expression: str, at: datetime.datetime) -> Status:
    if not expression:
        return Status(known=False)
    try:
        hours = parse(expression)
    except ValueError:
        return Status(known=False)
    at = at.astimezone(PARIS)  # the library wants a zoneinfo time zone
    state, _comment = hours.state(at)
    if state == State.UNKNOWN:
        return Status(known=False)
    return Status(known=True, is_open=state == State.OPEN, changes_at=hours.next_change(at), at=at)


def when(instant: datetime.datetime, *, now: datetime.datetime | None = None) -> str:
    """« at 12:00 », « tomorrow at 9:00 », « on Monday at 9:00 », « on 5 January at 9:00 »."""
    instant = instant.astimezone(PARIS)
    today = (now or datetime.datetime.now(PARIS)).astimezone(PARIS).date()
    time = formats.time_format(instant.time(), "G\\hi")
    days = (instant.date() - today).days
    if days <= 0:
        return _("at %(time)s") % {"time": time}
    if days == 1:
        return _("tomorrow at %(time)s") % {"time": time}
    if days < 7:
        return _("on %(day)s at %(time)s") % {"day": formats.date_format(instant, "l"), "time": time}
    return _("on %(date)s at %(time)s") % {"date": formats.date_format(instant, "j F"), "time": time}


def openings(
    expression: str, start: datetime.datetime, end: datetime.datetime
) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """The open intervals between two instants ([] when the hours are unknown or unreadable)."""
    if not expression:
        return []
    try:
        hours = parse(expression)
    except ValueError:
        return []
    start, end = start.astimezone(PARIS), end.astimezone(PARIS)
    return [
        (opens, closes or end) for opens, closes, state, _comment in hours.intervals(start, end) if state == State.OPEN
    ]


# --- The week grid ------------------------------------------------------------------------


@dataclass
class Week:
    """What the grid holds: up to two slots a day, optional summer hours (July and August),
    closed on public holidays or not, and closures (from one date to another)."""

    days: dict[str, list[Slot]] = field(default_factory=dict)
    summer: dict[str, list[Slot]] = field(default_factory=dict)
    holidays_off: bool = True
    closures: list[tuple[datetime.date, datetime.date]] = field(default_factory=list)

    def expression(self) -> str:
        rules = [_rules(self.days)] if self.days else []
        if self.summer:
            rules.append("Jul-Aug off")
            rules += [f"Jul-Aug {rule}" for rule in _rules(self.summer).split("; ")]
        if rules and self.holidays_off:
            rules.append("PH off")
        rules += [f"{_osm_date(start)}-{_osm_date(end)} off" for start, end in self.closures]
        return check("; ".join(rule for rule in rules if rule))

    @classmethod
    def read(cls, expression: str) -> Week:
        """The grid of an expression, read through the library; closures are not read back."""
        hours = parse(expression)
        week = cls(days=_week_of(hours, REFERENCE_WEEK), summer=_week_of(hours, SUMMER_WEEK))
        if week.summer == week.days:
            week.summer = {}
        week.holidays_off = _closed_on_holidays(hours)
        return week


def _rules(days: dict[str, list[Slot]]) -> str:
    """`Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00`: consecutive days with the same slots share a rule."""
    groups: list[tuple[list[str], str]] = []
    for day in DAYS:
        slots = ",".join(f"{start:%H:%M}-{end:%H:%M}" for start, end in sorted(days.get(day, [])))
        if not slots:
            continue
        if groups and groups[-1][1] == slots and DAYS.index(groups[-1][0][-1]) == DAYS.index(day) - 1:
            groups[-1][0].append(day)
        else:
            groups.append(([day], slots))
    return "; ".join(
        f"{names[0]}{'-' + names[-1] if len(names) > 2 else (',' + names[1] if len(names) == 2 else '')} {slots}"
        for names, slots in groups
    )


def _osm_date(day: datetime.date) -> str:
    return f"{day.year} {day:%b} {day.day:02d}"


def _week_of(hours: OpeningHours, monday: datetime.date) -> dict[str, list[Slot]]:
    """The open slots of each day of a week; an interval over midnight (`24/7`, `Fr 20:00-02:00`)
    gives a slot to each day it covers, the day's end written 23:59."""
    start = datetime.datetime.combine(monday, datetime.time(), PARIS)
    end_of_week = start + datetime.timedelta(days=7)
    week: dict[str, list[Slot]] = {}
    for opens, closes, state, _comment in hours.intervals(start, end_of_week):
        if state != State.OPEN:
            continue
        opens = opens.astimezone(PARIS)
        closes = min(closes.astimezone(PARIS), end_of_week) if closes else end_of_week
        while opens < closes:
            midnight = datetime.datetime.combine(opens.date() + datetime.timedelta(days=1), datetime.time(), PARIS)
            until = min(closes, midnight)
            end = datetime.time(23, 59) if until == midnight else until.time()
            week.setdefault(DAYS[opens.weekday()], []).append((opens.time(), end))
            opens = until
    return week


def _closed_on_holidays(hours: OpeningHours) -> bool:
    """Closed on 1 May of a year where it falls on a weekday the place otherwise opens."""
    for year in range(2031, 2038):
        may_day = datetime.date(year, 5, 1)
        week = _week_of(hours, may_day - datetime.timedelta(days=may_day.weekday() + 7))
        if week.get(DAYS[may_day.weekday()]):
            noon = datetime.datetime.combine(may_day, datetime.time(0), PARIS)
            return not any(
                state == State.OPEN for *_i, state, _c in hours.intervals(noon, noon + datetime.timedelta(days=1))
            )
    return False
