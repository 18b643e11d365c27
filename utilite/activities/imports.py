"""Import activity records from CSV, XLSX or ODS — our own layout, everyday spreadsheets and the
Coop's export (see vocabulary.py): every row is checked first; any problem refuses the
whole file (nothing is saved) and each problem names its row and column. Large files run as a
background task that reports its progress on the ImportJob."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.core.cache import cache as progress_cache
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from utilite.core import jobs, tabular
from utilite.core.tabular import Problem
from utilite.core.tasks import enqueue_on_commit
from utilite.organisations.models import Action, Organisation

from .enums import (
    ADMINISTRATIVE_THEMES,
    BREAKDOWN_FIELDS,
    COUNT_FIELDS,
    DIMENSION_LABELS,
    MAX_MINUTES,
    ActivityType,
    Theme,
)
from .models import ActivityRecord, ActivityTheme, ImportJob
from .services import rebuild_aggregates
from .vocabulary import (
    COLUMNS,
    COUNT_COLUMNS,
    COUNT_HEADERS,
    NOT_COMMUNICATED,
    OWN_COLUMNS,
    PER_PERSON_COLUMNS,
    code_of,
)

if TYPE_CHECKING:
    from utilite.accounts.models import User

logger = logging.getLogger(__name__)

BATCH = 5000
MAX_ERRORS_KEPT = 200
REQUIRED = ["date", "duree", "type", "participants"]
OPTIONAL = [column for column in [*OWN_COLUMNS, *COUNT_HEADERS] if column not in REQUIRED]
TEXT_LIMITS = {"orientation": 200}


@transaction.atomic
def start_import(organisation: Organisation, upload: UploadedFile, *, user: User) -> ImportJob:
    """Keep the file and check and import it in the background."""
    from .tasks import import_activity_file

    job = ImportJob.objects.create(
        organisation=organisation, file=upload, original_name=(upload.name or "")[:200], created_by=user
    )
    logger.info("import %s of %s queued", job.pk, upload.name, extra={"organisation": organisation.pk})
    enqueue_on_commit(import_activity_file, job.pk)
    return job


def header_problems(name: str, content: bytes) -> list[Problem]:
    return tabular.header_problems(name, content, REQUIRED, COLUMNS)


def _codes(column: str, raw: str, problem: Any) -> list[str]:
    codes = []
    for label in tabular.split_values(raw):
        code = code_of(column, label)
        if code is None:
            problem(column, _("Unknown value “%(value)s”.") % {"value": label})
        else:
            codes.append(code)
    return list(dict.fromkeys(codes))


def parse_row(
    number: int, cells: dict[str, str], actions: dict[str, int]
) -> tuple[dict[str, Any], list[str], list[Problem]]:
    problems: list[Problem] = []
    record: dict[str, Any] = {}

    def problem(column: str, message: str) -> None:
        problems.append(Problem(number, column, message))

    try:
        record["date"] = tabular.parse_date(cells.get("date", ""))
    except ValueError:
        problem("date", _("Write the date as 17/11/2026 or 2026-11-17."))
    try:
        record["duration_minutes"] = tabular.parse_minutes(cells.get("duree", ""))
        if not 1 <= record["duration_minutes"] <= MAX_MINUTES:
            raise ValueError
    except ValueError:
        problem("duree", _("Write the duration in minutes (90, 90 min or 1h30), at most 24 hours."))
    kind = code_of("type", cells.get("type", ""))
    if kind is None:
        problem("type", _("The type is “Accompagnement individuel” or “Atelier collectif”."))
    record["activity_type"] = kind
    numbers: dict[str, int] = dict.fromkeys(BREAKDOWN_FIELDS, 0)
    try:
        numbers["participants"] = tabular.parse_int(cells.get("participants", ""))
        if numbers["participants"] < 1:
            raise ValueError
    except ValueError:
        problem("participants", _("A whole number is expected (at least 1 participant)."))
    for column, field_name in COUNT_COLUMNS.items():
        raw = cells.get(column, "")
        if not raw:
            continue
        try:
            count = tabular.parse_int(raw)
            if count < 0:
                raise ValueError
            numbers[field_name] += count
        except ValueError:
            problem(column, _("A whole number is expected."))
    for column, dimension in PER_PERSON_COLUMNS.items():
        for label in tabular.split_values(cells.get(column, "")):
            code = code_of(column, label)
            if code is None:
                problem(column, _("Unknown value “%(value)s”.") % {"value": label})
            elif code != NOT_COMMUNICATED:
                numbers[f"{dimension}_{code}"] += 1
    record.update(numbers)
    total = numbers.get("participants", 0)
    for dimension, names in COUNT_FIELDS.items():
        if total and sum(numbers[name] for name in names) > total:
            column = next((c for c, d in PER_PERSON_COLUMNS.items() if d == dimension and cells.get(c)), "") or next(
                c for c, name in COUNT_COLUMNS.items() if name == names[0]
            )
            problem(
                column,
                _("The counts by %(dimension)s exceed the participants.") % {"dimension": DIMENSION_LABELS[dimension]},
            )
    if kind == ActivityType.INDIVIDUAL and total not in (0, 1):
        problem("participants", _("An individual support concerns one person."))
    title = cells.get("action", "")
    if title:
        if title not in actions:
            problem("action", _("Unknown action “%(title)s”.") % {"title": title})
        record["action_id"] = actions.get(title)
    if cells.get("canal"):
        place = code_of("canal", cells["canal"])
        if place is None:
            problem("canal", _("Unknown value “%(value)s”.") % {"value": cells["canal"]})
        else:
            record["place_type"] = place
    elif cells.get("lieu") and code_of("canal", cells["lieu"]):  # else an address: not kept
        record["place_type"] = code_of("canal", cells["lieu"])
    record["material"] = _codes("materiel", cells.get("materiel", ""), problem)
    if cells.get("autonomie"):
        autonomy = code_of("autonomie", cells["autonomie"])
        if autonomy is None:
            problem("autonomie", _("Unknown value “%(value)s”.") % {"value": cells["autonomie"]})
        record["autonomy"] = autonomy or ""
    record["orientation"] = cells.get("orientation", "")[: TEXT_LIMITS["orientation"]]
    themes = _codes("themes", cells.get("themes", ""), problem)
    if tabular.key(cells.get("type", "")) == "demarche_administrative":
        themes.append(Theme.PROCEDURES)  # the Coop's older third type of activity
    if any(theme in ADMINISTRATIVE_THEMES for theme in themes) and Theme.PROCEDURES not in themes:
        themes.append(Theme.PROCEDURES)  # a procedure's subject implies help with the procedure
    return record, themes, problems


def _named(problem: Problem, headers: dict[str, str]) -> dict[str, Any]:
    """A problem as stored, its column named as in the file (“Durée (min)” rather than duree)."""
    return problem.as_dict() | {"column": headers.get(problem.column, problem.column)}


def _progress(job: ImportJob, **fields: Any) -> None:
    ImportJob.objects.filter(pk=job.pk).update(**fields)


def run(job: ImportJob) -> ImportJob:
    """Check every row, then import all of them in one transaction, or none."""
    with jobs.running(job):
        _check_and_import(job)
    job.refresh_from_db()
    return job


def _check_and_import(job: ImportJob) -> None:
    with job.file.open("rb") as handle:
        content = handle.read()
    problems = header_problems(job.original_name, content)
    headers: dict[str, str] = {}
    actions = dict(Action.objects.for_organisation(job.organisation).values_list("title", "pk"))
    parsed: list[tuple[dict[str, Any], list[str]]] = []
    if not problems:
        try:
            for number, cells in tabular.records(job.original_name, content, COLUMNS, headers=headers):
                if not any(cells.values()):
                    continue
                record, themes, row_problems = parse_row(number, cells, actions)
                problems += row_problems
                parsed.append((record, themes))
                if len(parsed) % BATCH == 0:
                    _progress(job, total_rows=len(parsed) * 2, processed_rows=len(parsed))
                    jobs.advance(job, 25)
        except tabular.UNREADABLE_ODS:
            problems = [tabular.unreadable()]
    total = len(parsed)
    if problems or not total:
        if not problems:
            problems = [Problem(2, "", _("The file has no data row."))]
        logger.warning("session import %s refused: %s problems in %s rows", job.pk, len(problems), total)
        jobs.fail(
            job,
            ngettext(
                "%(count)s problem: nothing was imported.", "%(count)s problems: nothing was imported.", len(problems)
            )
            % {"count": len(problems)},
            errors=[_named(problem, headers) for problem in problems[:MAX_ERRORS_KEPT]],
            error_count=len(problems),
            total_rows=total,
            processed_rows=total,
        )
        return
    _progress(job, total_rows=total * 2, processed_rows=total)
    jobs.advance(job, 50)
    with transaction.atomic():
        for start in range(0, total, BATCH):
            batch = parsed[start : start + BATCH]
            records = ActivityRecord.objects.bulk_create(
                ActivityRecord(organisation=job.organisation, created_by=job.created_by, **record)
                for record, _themes in batch
            )
            ActivityTheme.objects.bulk_create(
                ActivityTheme(record=record, code=code)
                for record, (_data, themes) in zip(records, batch, strict=True)
                for code in themes
            )
            progress_cache.set(job.progress_key, total + start + len(batch), timeout=3600)
        rebuild_aggregates(job.organisation)
        jobs.succeed(job, imported_rows=total, processed_rows=total * 2)
    progress_cache.delete(job.progress_key)
