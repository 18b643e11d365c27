"""A questionnaire as an XLSForm: the open spreadsheet format of KoboToolbox and ODK.

Sheets `survey` (one row per question, sections as groups), `choices` (one list per choice
question) and `settings`. Columns starting with `utilite_` carry what XLSForm has no word for
(the kind of a question, reversed items, the two ways not to answer, validated scales); other
tools ignore them, so a file made here opens in Kobo and comes back identical.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import openpyxl
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from utilite.core import tabular
from utilite.core.tabular import Problem

from .enums import QuestionKind, Skip
from .models import DEFAULT_SCALE, Question, Questionnaire, Section
from .modules import modules
from .services import create_questionnaire, questions_in_order

if TYPE_CHECKING:
    from utilite.accounts.models import User
    from utilite.organisations.models import Organisation

SURVEY = [
    "type",
    "name",
    "label",
    "hint",
    "required",
    "utilite_type",
    "utilite_inverse",
    "utilite_passer",
    "utilite_echelle",
]
CHOICES = ["list_name", "name", "label"]
SETTINGS = ["form_title", "form_id", "version", "default_language", "utilite_intro"]
SKIP_NAMES = {Skip.DONT_KNOW: "nsp", Skip.RATHER_NOT: "nrp"}
SELECT_KINDS = {QuestionKind.SCALE, QuestionKind.YES_NO, QuestionKind.SINGLE, QuestionKind.MULTIPLE}
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


def _choices_of(question: Question) -> list[tuple[str, str]]:
    if question.kind == QuestionKind.SCALE:
        return [(str(i), label) for i, label in enumerate(question.scale_labels, start=1)]
    if question.kind == QuestionKind.YES_NO:
        return [("1", str(_("Yes"))), ("0", str(_("No")))]
    return [(choice["name"], choice["label"]) for choice in question.choices]


def export(questionnaire: Questionnaire) -> bytes:
    book = openpyxl.Workbook()
    survey = book.active
    assert survey is not None  # noqa: S101 (a new workbook has its sheet)  # nosec B101
    survey.title = "survey"
    survey.append(SURVEY)
    choices = book.create_sheet("choices")
    choices.append(CHOICES)
    section_id = None
    for question in questions_in_order(questionnaire):
        section = question.section
        if section.pk != section_id:
            if section_id is not None:
                survey.append(["end_group"])
            survey.append(
                [
                    "begin_group",
                    f"partie_{section.position}_{section.pk}",
                    section.title,
                    "",
                    "",
                    "",
                    "",
                    "",
                    section.module,
                ]
            )
            section_id = section.pk
        kind = QuestionKind(question.kind)
        if kind in SELECT_KINDS:
            xls_type = f"{'select_multiple' if kind == QuestionKind.MULTIPLE else 'select_one'} {question.name}"
            options = _choices_of(question)
            if question.allow_skip:
                options += [(SKIP_NAMES[skip], str(skip.label)) for skip in Skip]
            for name, label in options:
                choices.append([question.name, name, label])
        else:
            xls_type = "decimal" if kind == QuestionKind.NUMBER else "text"
        survey.append(
            [
                xls_type,
                question.name,
                question.wording,
                question.help_text,
                "",
                kind.value,
                "oui" if question.reversed else "",
                "oui" if question.allow_skip else "non",
                "",
            ]
        )
    if section_id is not None:
        survey.append(["end_group"])
    settings = book.create_sheet("settings")
    settings.append(SETTINGS)
    settings.append(
        [
            questionnaire.title,
            slugify(questionnaire.title).replace("-", "_") or "questionnaire",
            "1",
            "French (fr)",
            questionnaire.intro,
        ]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@dataclass
class _Draft:
    title: str = ""
    intro: str = ""
    sections: list[dict[str, Any]] = field(default_factory=list)


def _rows(sheet: Any) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    values = sheet.iter_rows(values_only=True)
    header = [str(cell or "").strip().lower() for cell in next(values, ())]
    rows = []
    for number, raw in enumerate(values, start=2):
        cells = {header[i]: str(cell).strip() for i, cell in enumerate(raw) if i < len(header) and cell is not None}
        if any(cells.values()):
            rows.append((number, cells))
    return header, rows


def read(content: bytes) -> tuple[_Draft | None, list[Problem]]:
    """The questionnaire described by an XLSForm, or the problems found (sheet, row, column)."""
    try:
        book = tabular.open_workbook(content)
    except Exception:
        return None, [Problem(1, "", _("This file cannot be read: send an XLSForm saved as XLSX."))]
    problems: list[Problem] = []

    def problem(sheet: str, row: int, column: str, message: str) -> None:
        problems.append(Problem(row, f"{sheet} · {column}" if column else sheet, message))

    for sheet_name in ("survey", "choices"):
        if sheet_name not in book.sheetnames:
            problem(sheet_name, 1, "", _("The sheet “%(sheet)s” is missing.") % {"sheet": sheet_name})
    if problems:
        return None, problems
    survey_header, survey_rows = _rows(book["survey"])
    choices_header, choices_rows = _rows(book["choices"])
    for column in ("type", "name", "label"):
        if column not in survey_header:
            problem("survey", 1, column, _("This column is missing."))
    for column in CHOICES:
        if column not in choices_header:
            problem("choices", 1, column, _("This column is missing."))
    if problems:
        return None, problems
    lists: dict[str, list[tuple[str, str]]] = {}
    for number, cells in choices_rows:
        list_name, name, label = cells.get("list_name", ""), cells.get("name", ""), cells.get("label", "")
        if not (list_name and name and label):
            column = "list_name" if not list_name else "name" if not name else "label"
            problem("choices", number, column, _("This cell is empty."))
            continue
        if name in dict(lists.get(list_name, [])):
            problem(
                "choices",
                number,
                "name",
                _("“%(name)s” is already in the list “%(list)s”.") % {"name": name, "list": list_name},
            )
        lists.setdefault(list_name, []).append((name, label))

    draft = _Draft()
    if "settings" in book.sheetnames:
        _header, settings_rows = _rows(book["settings"])
        if settings_rows:
            draft.title = settings_rows[0][1].get("form_title", "")
            draft.intro = settings_rows[0][1].get("utilite_intro", "")
    names: set[str] = set()
    current: dict[str, Any] | None = None
    for number, cells in survey_rows:
        xls_type = cells.get("type", "")
        parts = xls_type.split()
        base = parts[0] if parts else ""
        name, label = cells.get("name", ""), cells.get("label", "")
        if base == "begin_group":
            current = {
                "title": label or name or _("Questions"),
                "module": cells.get("utilite_echelle", ""),
                "questions": [],
            }
            if current["module"] and current["module"] not in modules():
                problem("survey", number, "utilite_echelle", _("Unknown validated scale."))
            draft.sections.append(current)
            continue
        if base == "end_group":
            current = None
            continue
        if base not in {"select_one", "select_multiple", "integer", "decimal", "text"}:
            problem(
                "survey", number, "type", _("The type “%(type)s” is not supported here.") % {"type": xls_type or "—"}
            )
            continue
        if not NAME.match(name):
            problem("survey", number, "name", _("A name starts with a letter and has only letters, digits and _."))
        elif name in names:
            problem("survey", number, "name", _("The name “%(name)s” is used twice.") % {"name": name})
        names.add(name)
        if not label:
            problem("survey", number, "label", _("The question has no wording."))
        question = _question(base, parts, cells, lists, number, problem)
        if question is None:
            continue
        if current is None:
            current = {"title": draft.title or _("Questions"), "module": "", "questions": []}
            draft.sections.append(current)
        current["questions"].append(question)
    if not any(section["questions"] for section in draft.sections) and not problems:
        problem("survey", 2, "", _("The form has no question."))
    draft.title = (draft.title or _("Imported questionnaire"))[:200]
    return (None, problems) if problems else (draft, [])


def _question(
    base: str,
    parts: list[str],
    cells: dict[str, str],
    lists: dict[str, list[tuple[str, str]]],
    number: int,
    problem: Any,
) -> dict[str, Any] | None:
    declared = cells.get("utilite_type", "")
    if declared and declared not in QuestionKind.values:
        problem("survey", number, "utilite_type", _("Unknown kind of question."))
        return None
    question: dict[str, Any] = {
        "name": cells.get("name", ""),
        "wording": cells.get("label", "")[:300],
        "help_text": cells.get("hint", "")[:300],
        "reversed": cells.get("utilite_inverse", "").lower() in {"oui", "yes", "true", "1"},
        "choices": [],
    }
    if base in {"integer", "decimal", "text"}:
        question["kind"] = QuestionKind.TEXT if base == "text" else QuestionKind.NUMBER
        question["allow_skip"] = cells.get("utilite_passer", "oui").lower() not in {"non", "no", "false", "0"}
        return question
    if len(parts) != 2 or parts[1] not in lists:
        problem(
            "survey",
            number,
            "type",
            _("The list of choices “%(list)s” is not in the sheet “choices”.")
            % {"list": parts[1] if len(parts) > 1 else "—"},
        )
        return None
    options = [(name, label) for name, label in lists[parts[1]] if name not in SKIP_NAMES.values()]
    question["allow_skip"] = len(options) < len(lists[parts[1]])
    if base == "select_multiple":
        question["kind"] = QuestionKind.MULTIPLE
    elif declared == QuestionKind.YES_NO or (not declared and [n for n, _l in options] == ["1", "0"]):
        question["kind"] = QuestionKind.YES_NO
    elif declared == QuestionKind.SCALE or (
        not declared and [n for n, _l in options] == [str(i) for i in range(1, len(options) + 1)]
    ):
        question["kind"] = QuestionKind.SCALE
        labels = [label for _n, label in options]
        question["choices"] = [] if labels == [str(label) for label in DEFAULT_SCALE] else labels
    else:
        question["kind"] = QuestionKind.SINGLE
    if question["kind"] in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        question["choices"] = [{"name": name, "label": label} for name, label in options]
    return question


@transaction.atomic
def create_from(draft: _Draft, *, organisation: Organisation, user: User) -> Questionnaire:
    questionnaire = create_questionnaire(organisation=organisation, user=user, title=draft.title, intro=draft.intro)
    questionnaire.sections.all().delete()
    for position, spec in enumerate(draft.sections, start=1):
        section = Section.objects.create(
            questionnaire=questionnaire, title=spec["title"][:200], module=spec["module"], position=position
        )
        Question.objects.bulk_create(
            Question(section=section, position=index, **question)
            for index, question in enumerate(spec["questions"], start=1)
        )
    return questionnaire
