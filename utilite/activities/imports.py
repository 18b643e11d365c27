"""Import activity records from CSV or XLSX: every row is checked first; any problem refuses the
whole file (nothing is saved) and each problem names its row and column. Large files run as a
background task that reports its progress on the ImportJob."""

from __future__ import annotations

import datetime
import logging
from functools import cache
from typing import Any

from django.core.cache import cache as progress_cache
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from utilite.core import tabular
from utilite.core.tabular import Problem, rows_of
from utilite.organisations.models import Action

from .enums import COUNT_FIELDS, DURATIONS, ActivityType, Theme
from .models import ActivityRecord, ActivityTheme, ImportJob, ImportStatus
from .services import rebuild_aggregates

logger = logging.getLogger(__name__)

BATCH = 5000
MAX_ERRORS_KEPT = 200
# Column name in the file → model field. French names, as users write them.
COUNT_COLUMNS = {
    "femmes": "gender_female",
    "hommes": "gender_male",
    "moins_12": "age_under_12",
    "12_17": "age_12_17",
    "18_24": "age_18_24",
    "25_39": "age_25_39",
    "40_59": "age_40_59",
    "60_69": "age_60_69",
    "70_plus": "age_70_plus",
    "scolarises": "status_schooled",
    "sans_emploi": "status_unemployed",
    "en_emploi": "status_employed",
    "retraites": "status_retired",
}
REQUIRED = ["date", "duree", "type", "participants"]
OPTIONAL = ["action", "themes", *COUNT_COLUMNS]
TYPES = {
    "individuel": ActivityType.INDIVIDUAL,
    "collectif": ActivityType.COLLECTIVE,
    **{v: v for v in ActivityType.values},
}
DURATION_VALUES = {minutes for minutes, _label in DURATIONS}


def header_problems(name: str, content: bytes) -> list[Problem]:
    return tabular.header_problems(name, content, REQUIRED)


def parse_row(
    number: int, cells: dict[str, str], actions: dict[str, int]
) -> tuple[dict[str, Any], list[str], list[Problem]]:
    problems: list[Problem] = []
    record: dict[str, Any] = {}

    def problem(column: str, message: str) -> None:
        problems.append(Problem(number, column, message))

    try:
        record["date"] = datetime.date.fromisoformat(cells.get("date", ""))
    except ValueError:
        problem("date", _("Write the date as 2026-11-17."))
    try:
        duration = int(cells.get("duree", ""))
        if duration not in DURATION_VALUES:
            raise ValueError
        record["duration_minutes"] = duration
    except ValueError:
        problem("duree", _("The duration is one of 15, 30, 45, 60, 90 or 120 (minutes)."))
    kind = TYPES.get(cells.get("type", "").strip().lower())
    if kind is None:
        problem("type", _("The type is “individuel” or “collectif”."))
    record["activity_type"] = kind
    numbers: dict[str, int] = {}
    for column, field_name in [("participants", "participants"), *COUNT_COLUMNS.items()]:
        raw = cells.get(column, "")
        if not raw and column != "participants":
            numbers[field_name] = 0
            continue
        try:
            numbers[field_name] = int(raw)
            if numbers[field_name] < (1 if column == "participants" else 0):
                raise ValueError
        except ValueError:
            problem(column, _("A whole number is expected (at least 1 participant)."))
    record.update(numbers)
    total = numbers.get("participants", 0)
    for dimension, names in COUNT_FIELDS.items():
        if total and sum(numbers.get(name, 0) for name in names) > total:
            column = next(column for column, name in COUNT_COLUMNS.items() if name == names[0])
            problem(column, _("The counts by %(dimension)s exceed the participants.") % {"dimension": dimension})
    if kind == ActivityType.INDIVIDUAL and total not in (0, 1):
        problem("participants", _("An individual support concerns one person."))
    title = cells.get("action", "")
    if title:
        if title not in actions:
            problem("action", _("Unknown action “%(title)s”.") % {"title": title})
        record["action_id"] = actions.get(title)
    themes = [part.strip() for part in cells.get("themes", "").split("|") if part.strip()]
    labels = _theme_lookup(translation.get_language() or "fr")
    codes = []
    for theme in themes:
        if theme.casefold() in labels:
            codes.append(labels[theme.casefold()])
        else:
            problem("themes", _("Unknown theme “%(theme)s”.") % {"theme": theme})
    return record, list(dict.fromkeys(codes)), problems


@cache
def _theme_lookup(language: str) -> dict[str, str]:
    """Theme codes and labels (case-insensitive) → code; computed once per language."""
    with translation.override(language):
        return {str(label).casefold(): code for code, label in Theme.choices} | {code: code for code in Theme.values}


def _progress(job: ImportJob, **fields: Any) -> None:
    ImportJob.objects.filter(pk=job.pk).update(**fields)


def run(job: ImportJob) -> ImportJob:
    """Check every row, then import all of them in one transaction, or none."""
    _progress(job, status=ImportStatus.RUNNING)
    with job.file.open("rb") as handle:
        content = handle.read()
    problems = header_problems(job.original_name, content)
    actions = dict(Action.objects.for_organisation(job.organisation).values_list("title", "pk"))
    parsed: list[tuple[dict[str, Any], list[str]]] = []
    if not problems:
        try:
            for number, cells in rows_of(job.original_name, content):
                if not any(cells.values()):
                    continue
                record, themes, row_problems = parse_row(number, cells, actions)
                problems += row_problems
                parsed.append((record, themes))
                if len(parsed) % BATCH == 0:
                    _progress(job, total_rows=len(parsed) * 2, processed_rows=len(parsed))
        except tabular.UNREADABLE:
            problems = [tabular.unreadable()]
    total = len(parsed)
    if problems or not total:
        if not problems:
            problems = [Problem(2, "", _("The file has no data row."))]
        logger.warning("session import %s refused: %s problems in %s rows", job.pk, len(problems), total)
        _progress(
            job,
            status=ImportStatus.FAILED,
            errors=[problem.as_dict() for problem in problems[:MAX_ERRORS_KEPT]],
            error_count=len(problems),
            total_rows=total,
            processed_rows=total,
            finished_at=timezone.now(),
        )
        job.refresh_from_db()
        return job
    _progress(job, total_rows=total * 2, processed_rows=total)
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
        _progress(
            job, status=ImportStatus.DONE, imported_rows=total, processed_rows=total * 2, finished_at=timezone.now()
        )
    progress_cache.delete(job.progress_key)
    job.refresh_from_db()
    return job
