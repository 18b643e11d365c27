"""The national format of places, in: every row is checked against the schema v1.0.2 first (each
problem named by row and by the column as written in the file), then all rows are saved in one
transaction, or none. Rows are matched on the schema's `id`: created, updated or unchanged.

Files really published in France are read as they are: CSV, XLSX or ODS, any column order,
optional columns missing, `;` as well as `|` between values, dates as `2026-11-30` or `30/11/2026`,
telephone numbers written `02 98 00 00 00`."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from utilite.core import tabular
from utilite.core.tabular import Problem
from utilite.networks.models import Network

from . import schema
from .exchange import ATTRIBUTE
from .models import Place

if TYPE_CHECKING:
    from utilite.accounts.models import User

logger = logging.getLogger(__name__)

SPLIT = re.compile(r"\s*[|;]\s*")
FRENCH_PHONE = re.compile(r"0(\d{9})")


@dataclass
class Row:
    number: int
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class Outcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _value(name: str, raw: str) -> Any:
    """The value of one cell, or ValueError with the reason in French."""
    if name in schema.multi_valued():
        values = [value for value in SPLIT.split(raw) if value]
        allowed = schema.choices(name)
        wrong = [value for value in values if allowed and value not in allowed]
        if wrong:
            raise ValueError(
                _("“%(value)s” is not one of the values of this column (%(allowed)s).")
                % {"value": wrong[0], "allowed": ", ".join(allowed)}
            )
        return values
    if name == "date_maj":
        try:
            return tabular.parse_date(raw)
        except ValueError:
            raise ValueError(_("The date is not read: write it 2026-11-30 or 30/11/2026.")) from None
    if name in {"latitude", "longitude"}:
        try:
            number = Decimal(raw.replace(",", "."))
        except InvalidOperation:
            raise ValueError(_("A number is expected, such as 48.39.")) from None
        limit = 90 if name == "latitude" else 180
        if not -limit <= number <= limit:
            raise ValueError(_("Between -%(limit)s and %(limit)s.") % {"limit": limit})
        return number.quantize(Decimal("0.000001"))
    if name == "telephone":
        raw = raw.replace(" ", "").replace(".", "").replace("-", "")
        french = FRENCH_PHONE.fullmatch(raw)
        raw = f"+33{french.group(1)}" if french else raw
    regex = schema.pattern(name)
    if regex and not re.fullmatch(regex, raw):
        raise ValueError(_("“%(value)s” does not have the form the national schema asks for.") % {"value": raw})
    return raw


def read(name: str, content: bytes) -> tuple[list[Row], list[Problem]]:
    """Every row of the file, checked; the problems of all rows."""
    aliases = {tabular.key(column): column for column in schema.field_names()}
    headers: dict[str, str] = {}
    rows: list[Row] = []
    problems: list[Problem] = []
    try:
        found = list(tabular.records(name, content, aliases, headers=headers))
    except tabular.UNREADABLE_ODS:
        return [], [tabular.unreadable()]
    missing = [column for column in sorted(schema.required()) if column not in headers]
    if missing:
        columns = ", ".join(f"« {column} »" for column in missing)
        return [], [Problem(1, "", _("Required columns are missing: %(columns)s.") % {"columns": columns})]
    for number, cells in found:
        if not any(cells.values()):
            continue
        row = Row(number)
        for column in schema.field_names():
            raw = tabular.text(cells.get(column, "")).strip()
            if not raw:
                if column in schema.required():
                    problems.append(Problem(number, headers.get(column, column), _("This column is required.")))
                continue
            try:
                row.values[ATTRIBUTE.get(column, column)] = _value(column, raw)
            except ValueError as error:
                problems.append(Problem(number, headers.get(column, column), str(error)))
        rows.append(row)
    ids = [row.values.get("id_lieu") for row in rows]
    for row in rows:
        if row.values.get("id_lieu") and ids.count(row.values["id_lieu"]) > 1:
            problems.append(Problem(row.number, headers.get("id", "id"), _("Another row has the same identifier.")))
    if not rows and not problems:
        problems.append(Problem(2, "", _("The file has no data row.")))
    return rows, problems


@transaction.atomic
def save(network: Network, rows: list[Row], *, user: User) -> Outcome:
    """Create or update the network's places from checked rows (all of them, or none)."""
    existing = {place.id_lieu: place for place in Place.objects.filter(network=network)}
    outcome = Outcome()
    for row in rows:
        values = {name: row.values.get(name, _empty(name)) for name in _attributes()}
        place = existing.get(values["id_lieu"])
        if place is None:
            Place.objects.create(network=network, updated_by=user, **values)
            outcome.created += 1
        elif all(getattr(place, name) == value for name, value in values.items()):
            outcome.unchanged += 1
        else:
            for name, value in values.items():
                setattr(place, name, value)
            place.revision += 1
            place.updated_by = user
            place.save()
            outcome.updated += 1
    logger.info(
        "places import: %s created, %s updated, %s unchanged",
        outcome.created,
        outcome.updated,
        outcome.unchanged,
        extra={"network": network.pk},
    )
    return outcome


def _attributes() -> list[str]:
    return [ATTRIBUTE.get(name, name) for name in schema.field_names()]


def _empty(attribute: str) -> Any:
    column = next((name for name, value in ATTRIBUTE.items() if value == attribute), attribute)
    if column in schema.multi_valued():
        return []
    if column in {"latitude", "longitude"}:
        return None
    return ""
