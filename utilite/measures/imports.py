"""Indicator values from a CSV or XLSX file, and the file to fill for a period.

Each row is checked with the same rules as the value grid; one problem refuses the whole file,
and every problem names its row and column. A file of values is small (a row per indicator,
action and period), so it is checked and saved during the request.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import tablib
from django.db import transaction
from django.utils.translation import gettext as _

from utilite.activities.vocabulary import COUNT_COLUMN_OF, COUNT_HEADERS
from utilite.core import tabular
from utilite.core.tabular import Problem
from utilite.organisations.models import Action, Organisation
from utilite.referentiels.enums import IndicatorKind
from utilite.referentiels.models import Indicator

from . import periods, services
from .forms import ValueForm
from .grid import granularity_of, plans_of
from .models import IndicatorValue

if TYPE_CHECKING:
    from utilite.accounts.models import User

MAX_ROWS = 5000
MAX_PROBLEMS = 200
COLUMNS = ["identifiant", "indicateur", "action", "periode", "valeur", "observation", "commentaire", "source"]
REQUIRED = ["periode"]
FIELD_COLUMNS = {
    "value": "valeur",
    "text": "observation",
    "comment": "commentaire",
    "source": "source",
    **COUNT_COLUMN_OF,
}
YES_NO = {"oui": "1", "non": "0", "1": "1", "0": "0"}
ALIASES = {column: column for column in [*COLUMNS, *COUNT_HEADERS]} | {
    "valeurs": "valeur",
    "indicateurs": "indicateur",
}
PERIOD_EXAMPLES = {"month": "2026-11", "quarter": "2026-T4", "year": "2026"}

logger = logging.getLogger(__name__)


@dataclass
class Row:
    indicator: Indicator
    action: Action | None
    granularity: str
    start: datetime.date
    data: dict[str, Any]


def template(
    organisation: Organisation, indicators: list[Indicator], granularity: str, start: datetime.date
) -> tablib.Dataset:
    """One row per indicator (and action) entered by hand at this rhythm, with what is already entered."""
    plans = plans_of(organisation)
    existing = {
        (value.indicator_uid, value.action_id): value
        for value in IndicatorValue.objects.filter(
            organisation=organisation, granularity=granularity, period_start=start
        )
    }
    dataset = tablib.Dataset(headers=[*COLUMNS, *COUNT_HEADERS], title=_("Values")[:31])
    for indicator in indicators:
        plan = plans.get(indicator.uid)
        if granularity_of(indicator, plans) != granularity or (plan and plan.computed_from):
            continue
        actions: list[Action | None] = [*indicator.actions.all()] or [None]
        for action in actions:
            value = existing.get((indicator.uid, action.pk if action else None))
            breakdown = value.breakdown if value else {}
            dataset.append(
                [
                    str(indicator.uid),
                    indicator.title,
                    action.title if action else "",
                    periods.key(start, granularity),
                    value.value if value else None,
                    value.text if value else "",
                    value.comment if value else "",
                    value.source if value else "",
                    *[breakdown.get(field_name) for field_name in COUNT_COLUMN_OF],
                ]
            )
    return dataset


def check(
    organisation: Organisation, indicators: list[Indicator], name: str, content: bytes
) -> tuple[list[Row], list[Problem]]:
    """The rows to save, or the problems of the file (then nothing may be saved)."""
    problems = tabular.header_problems(name, content, REQUIRED, ALIASES)
    if problems:
        return [], problems
    plans = plans_of(organisation)
    try:
        return _check_rows(plans, indicators, tabular.records(name, content, ALIASES))
    except tabular.UNREADABLE_ODS:
        return [], [tabular.unreadable()]


def _check_rows(
    plans: dict[Any, Any], indicators: list[Indicator], cells_by_row: Iterator[tuple[int, dict[str, str]]]
) -> tuple[list[Row], list[Problem]]:
    by_uid = {str(indicator.uid): indicator for indicator in indicators}
    by_title: dict[str, list[Indicator]] = {}
    for item in indicators:
        by_title.setdefault(item.title.casefold(), []).append(item)
    problems: list[Problem] = []
    rows: list[Row] = []
    seen: dict[tuple[Any, ...], int] = {}
    for number, cells in cells_by_row:
        if number - 1 > MAX_ROWS:
            return [], [Problem(number, "", _("A file of values has %(max)s rows at most.") % {"max": MAX_ROWS})]
        if not any(cells.get(column) for column in [*COLUMNS[4:], *COUNT_HEADERS]):
            continue  # a row of the template left empty

        def problem(column: str, message: str, number: int = number) -> None:
            problems.append(Problem(number, column, message))

        indicator = by_uid.get(cells.get("identifiant", ""))
        if indicator is None:
            matches = by_title.get(cells.get("indicateur", "").casefold(), [])
            if len(matches) == 1:
                indicator = matches[0]
            else:
                column = "identifiant" if cells.get("identifiant") else "indicateur"
                problem(
                    column,
                    _("Unknown indicator in the validated référentiel.")
                    if not matches
                    else _("Several indicators have this title: give its identifier."),
                )
                continue
        plan = plans.get(indicator.uid)
        if plan and plan.computed_from:
            problem("valeur", _("This indicator is filled from the sessions."))
            continue
        granularity = granularity_of(indicator, plans)
        start = periods.parse(cells.get("periode", ""), granularity)
        if start is None:
            problem(
                "periode",
                _("Write the period as %(example)s for this indicator.") % {"example": PERIOD_EXAMPLES[granularity]},
            )
        actions = {action.title.casefold(): action for action in indicator.actions.all()}
        action = None
        title = cells.get("action", "").casefold()
        if actions and title not in actions:
            problem(
                "action",
                _("Give one of the actions of this indicator: %(titles)s.")
                % {"titles": ", ".join(a.title for a in actions.values())},
            )
        elif not actions and title:
            problem("action", _("This indicator concerns the whole structure: leave the action empty."))
        else:
            action = actions.get(title)
        form = ValueForm(_form_data(indicator, cells), indicator=indicator)
        for field_name, messages in (form.errors if not form.is_valid() else {}).items():
            for message in messages:
                problem(FIELD_COLUMNS.get(field_name, ""), str(message))
        if indicator.kind == IndicatorKind.QUALITATIVE and cells.get("valeur"):
            problem("valeur", _("This indicator takes an observation, not a number."))
        elif indicator.kind != IndicatorKind.QUALITATIVE and cells.get("observation"):
            problem("observation", _("This indicator takes a number: write it in “valeur”."))
        if start is None or not form.is_valid():
            continue
        key = (indicator.uid, action.pk if action else None, start)
        if key in seen:
            problem("periode", _("This value is already given on row %(row)s.") % {"row": seen[key]})
            continue
        seen[key] = number
        data = {name: value for name, value in form.cleaned_data.items() if name != "revision"}
        rows.append(Row(indicator, action, granularity, start, data))
    if not problems and not rows:
        problems.append(Problem(2, "", _("The file has no value to import.")))
    return rows, problems


def _form_data(indicator: Indicator, cells: dict[str, str]) -> dict[str, str]:
    value = cells.get("valeur", "")
    with contextlib.suppress(ValueError):  # not a number: the form says what is expected
        value = str(tabular.parse_decimal(value))
    if indicator.kind == IndicatorKind.YES_NO:
        value = YES_NO.get(value.casefold(), value)
    return {
        field_name: value if column == "valeur" else cells.get(column, "")
        for field_name, column in FIELD_COLUMNS.items()
    }


@transaction.atomic
def save_values(organisation: Organisation, user: User, rows: list[Row]) -> int:
    """Record every row (a change keeps the previous value in the history)."""
    logger.info("values import: %s rows", len(rows), extra={"organisation": organisation.pk})
    for row in rows:
        services.record_value(
            organisation=organisation,
            indicator=row.indicator,
            granularity=row.granularity,
            period_start=row.start,
            action=row.action,
            user=user,
            revision=None,
            **row.data,
        )
    return len(rows)
