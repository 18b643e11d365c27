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
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from utilite.core import jobs, tabular
from utilite.core.tabular import Problem
from utilite.networks.models import Network

from . import hours, schema, services
from .exchange import ATTRIBUTE
from .models import Place, PlaceChange, PlaceImport

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
    places: list[Place] = field(default_factory=list)


def _canonical(name: str, value: str) -> str | None:
    """The schema's spelling of a value written with other accents or case (v1.0.0 files say
    « Comprehension du monde numérique »); None when the column does not know it."""
    allowed = schema.choices(name)
    if not allowed or value in allowed:
        return value
    folded = {services.fold(choice): choice for choice in allowed}
    return folded.get(services.fold(value))


def _value(name: str, raw: str) -> Any:
    """The value of one cell, or ValueError with the reason in French."""
    if name in schema.multi_valued():
        values = [value for value in SPLIT.split(raw) if value]
        canonical = [_canonical(name, value) for value in values]
        wrong = [value for value, known in zip(values, canonical, strict=True) if known is None]
        if wrong:
            raise ValueError(
                _("“%(value)s” is not one of the values of this column (%(allowed)s).")
                % {"value": wrong[0], "allowed": ", ".join(schema.choices(name))}
            )
        return list(dict.fromkeys(value for value in canonical if value))
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
    if name == "horaires":
        return hours.check(raw)
    if name == "telephone":
        raw = raw.replace(" ", "").replace(".", "").replace("-", "")
        french = FRENCH_PHONE.fullmatch(raw)
        raw = f"+33{french.group(1)}" if french else raw
    regex = schema.pattern(name)
    if regex and not re.fullmatch(regex, raw):
        raise ValueError(_("“%(value)s” does not have the form the national schema asks for.") % {"value": raw})
    return raw


def read(name: str, content: bytes, warnings: list[Problem] | None = None) -> tuple[list[Row], list[Problem]]:
    """Every row of the file, checked; the problems of all rows. Opening hours that cannot be
    read are left out of their row only, and named in `warnings`."""
    warnings = [] if warnings is None else warnings
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
                found_in = warnings if column == "horaires" else problems
                found_in.append(Problem(number, headers.get(column, column), str(error)))
        rows.append(row)
    ids = [row.values.get("id_lieu") for row in rows]
    for row in rows:
        if row.values.get("id_lieu") and ids.count(row.values["id_lieu"]) > 1:
            problems.append(Problem(row.number, headers.get("id", "id"), _("Another row has the same identifier.")))
    if not rows and not problems:
        problems.append(Problem(2, "", _("The file has no data row.")))
    return rows, problems


@transaction.atomic
def save(network: Network, rows: list[Row], *, user: User | None) -> Outcome:
    """Create or update the network's places from checked rows (all of them, or none); every
    change goes to the history of its place."""
    existing = {place.id_lieu: place for place in Place.objects.filter(network=network)}
    outcome = Outcome()
    created: list[Place] = []
    updated: list[tuple[Place, dict[str, list[Any]]]] = []
    for row in rows:
        values = {name: row.values.get(name, _empty(name)) for name in services.fields_of_schema()}
        place = existing.get(values["id_lieu"])
        if place is None:
            created.append(Place(network=network, updated_by=user, **values))
            continue
        changes = services.differences(place, values)
        if not changes:
            outcome.unchanged += 1
            continue
        for name, value in values.items():
            setattr(place, name, value)
        place.revision += 1
        place.updated_by = user
        updated.append((place, changes))
    Place.objects.bulk_create(created, batch_size=500)
    fields = [*services.fields_of_schema(), "revision", "updated_by", "updated_at"]
    now = timezone.now()
    for place, _changes in updated:
        place.updated_at = now
    Place.objects.bulk_update([place for place, _changes in updated], fields, batch_size=500)
    PlaceChange.objects.bulk_create(
        [
            *(
                PlaceChange(place=place, user=user, origin="import", fields=services.created_fields(place))
                for place in created
            ),
            *(PlaceChange(place=place, user=user, origin="import", fields=changes) for place, changes in updated),
        ],
        batch_size=500,
    )
    outcome.created, outcome.updated = len(created), len(updated)
    outcome.places = created + [place for place, _changes in updated]
    services.refresh(outcome.places)
    services.geocode_later([place.pk for place in outcome.places if not place.has_position])
    if len(outcome.places) >= services.LARGE_WRITE:
        services.update_statistics()
    logger.info(
        "places import: %s created, %s updated, %s unchanged",
        outcome.created,
        outcome.updated,
        outcome.unchanged,
        extra={"network": network.pk},
    )
    return outcome


def _empty(attribute: str) -> Any:
    column = next((name for name, value in ATTRIBUTE.items() if value == attribute), attribute)
    if column in schema.multi_valued():
        return []
    if column in {"latitude", "longitude"}:
        return None
    return ""


MAX_ERRORS_KEPT = 200


def run(job: PlaceImport) -> PlaceImport:
    """The background import of a file: checked, then saved whole, or refused whole."""
    with jobs.running(job):
        with job.file.open("rb") as handle:
            content = handle.read()
        warnings: list[Problem] = []
        rows, problems = read(job.original_name, content, warnings)
        jobs.advance(job, 40)
        kept_warnings = [problem.as_dict() for problem in warnings[:MAX_ERRORS_KEPT]]
        if problems:
            logger.warning("places import %s refused: %s problems in %s rows", job.pk, len(problems), len(rows))
            jobs.fail(
                job,
                ngettext(
                    "%(count)s problem: nothing was imported.",
                    "%(count)s problems: nothing was imported.",
                    len(problems),
                )
                % {"count": len(problems)},
                errors=[problem.as_dict() for problem in problems[:MAX_ERRORS_KEPT]],
                error_count=len(problems),
                total_rows=len(rows),
                warnings=kept_warnings,
            )
            return job
        outcome = save(job.network, rows, user=job.created_by)
        jobs.succeed(
            job,
            total_rows=len(rows),
            created_count=outcome.created,
            updated_count=outcome.updated,
            unchanged_count=outcome.unchanged,
            warnings=kept_warnings,
        )
    return job
