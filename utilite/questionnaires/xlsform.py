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
from django.utils.translation import ngettext

from utilite.core import tabular
from utilite.core.tabular import Problem

from .enums import QuestionKind, Skip
from .models import DEFAULT_SCALE, Question, Questionnaire, Section
from .modules import modules
from .services import create_questionnaire

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
    for question in questionnaire.questions_in_order():
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
    warnings: list[Problem] = field(default_factory=list)


# Rows KoboToolbox and ODK add by themselves (time, device…): never kept — answers stay anonymous.
METADATA = {
    "start",
    "end",
    "today",
    "deviceid",
    "subscriberid",
    "simserial",
    "phonenumber",
    "username",
    "email",
    "audit",
    "start-geopoint",
    "background-audio",
    "calculate",
    "hidden",
    "xml-external",
    "csv-external",
}
NUMBER_TYPES = {"integer", "decimal", "range"}
GROUP_STARTS = {"begin_group", "begin_repeat"}
GROUP_ENDS = {"end_group", "end_repeat"}
OTHER_NAME = "other"
LANGUAGE = re.compile(r"^(label|hint|media::image|image)\s*::\s*(.+)$")
FRENCH = re.compile(r"\b(fr|fra|fre|français|francais|french)\b", re.IGNORECASE)


def _normal_type(raw: str) -> tuple[str, list[str]]:
    """`begin group` → begin_group, `select_one colours or_other` → (select_one, [colours, or_other])."""
    words = raw.strip().split()
    if len(words) >= 2 and words[0].lower() in {"begin", "end"}:
        words = [f"{words[0].lower()}_{words[1].lower()}", *words[2:]]
    if not words:
        return "", []
    return words[0].lower(), words[1:]


def _sheet(book: dict[str, list[list[Any]]], name: str) -> list[list[Any]] | None:
    return next((rows for title, rows in book.items() if title.strip().lower() == name), None)


def _language_columns(header: list[str], default_language: str) -> dict[str, str]:
    """Which header gives the label and the hint: plain `label`, else the default language's,
    else a French one, else the first language of the file."""
    chosen: dict[str, str] = {}
    for base in ("label", "hint"):
        if base in header:
            chosen[base] = base
            continue
        languages = [(column, match[2]) for column in header if (match := LANGUAGE.match(column)) and match[1] == base]
        if not languages:
            continue
        default = [column for column, language in languages if default_language and language == default_language]
        french = [column for column, language in languages if FRENCH.search(language)]
        chosen[base] = (default or french or [languages[0][0]])[0]
    return chosen


def _rows(rows: list[list[Any]]) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    header: list[str] = []
    found = []
    for number, raw in enumerate(rows, start=1):
        cells_text = [tabular.text(cell) for cell in raw]
        if not header:
            if any(cells_text):
                header = [re.sub(r"\s*::\s*", "::", cell.strip().lower()) for cell in cells_text]
                header = ["list_name" if cell == "list name" else cell for cell in header]
            continue
        cells = {header[i]: cell for i, cell in enumerate(cells_text) if i < len(header) and cell}
        if any(cells.values()):
            found.append((number, cells))
    return header, found


def _book(content: bytes, name: str) -> dict[str, list[list[Any]]]:
    file_name = name if name.lower().endswith((".xlsx", ".ods")) else "form.xlsx"
    if content[:2] != b"PK":
        raise ValueError("not a zip")
    if b"opendocument.spreadsheet" in content[:200]:
        file_name = "form.ods"
    return {
        sheet: list(tabular.raw_rows(file_name, content, sheet)) for sheet in tabular.sheet_names(file_name, content)
    }


def read(content: bytes, name: str = "form.xlsx") -> tuple[_Draft | None, list[Problem]]:
    """The questionnaire described by an XLSForm (XLSX or ODS), with a warning for each row that
    could not be kept; or, when nothing usable remains, the problems (sheet, row, column)."""
    try:
        book = _book(content, name)
    except Exception:
        return None, [Problem(1, "", _("This file cannot be read: send an XLSForm saved as XLSX or ODS."))]
    warnings: list[Problem] = []

    def warn(sheet: str, row: int, column: str, message: str) -> None:
        warnings.append(Problem(row, f"{sheet} · {column}" if column else sheet, message))

    survey = _sheet(book, "survey")
    if survey is None:
        return None, [Problem(1, "survey", _("The sheet “%(sheet)s” is missing.") % {"sheet": "survey"})]
    settings_rows = _rows(_sheet(book, "settings") or [])[1]
    settings = settings_rows[0][1] if settings_rows else {}
    survey_header, survey_rows = _rows(survey)
    columns = _language_columns(survey_header, settings.get("default_language", ""))
    missing = [column for column in ("type", "name") if column not in survey_header]
    if "label" not in columns:
        missing.append("label")
    if missing:
        return None, [Problem(1, f"survey · {column}", _("This column is missing.")) for column in missing]
    lists = _choice_lists(book, settings.get("default_language", ""), warn)

    draft = _Draft(title=settings.get("form_title", ""), intro=settings.get("utilite_intro", ""))
    names: set[str] = set()
    current: dict[str, Any] | None = None
    pending_note = ""
    ignored_metadata = 0
    for number, cells in survey_rows:
        base, words = _normal_type(cells.get("type", ""))
        name = cells.get("name", "")
        label = cells.get(columns["label"], "")
        hint = cells.get(columns.get("hint", "hint"), "")
        if base in GROUP_STARTS:
            if base == "begin_repeat":
                warn("survey", number, "type", _("A repeated group is asked once here."))
            current = {
                "title": label or name or _("Questions"),
                "module": cells.get("utilite_echelle", ""),
                "questions": [],
            }
            if current["module"] and current["module"] not in modules():
                warn("survey", number, "utilite_echelle", _("Unknown validated scale: ignored."))
                current["module"] = ""
            draft.sections.append(current)
            continue
        if base in GROUP_ENDS:
            current = None
            continue
        if base in METADATA:
            ignored_metadata += 1
            continue
        if base == "note":
            pending_note = " ".join(filter(None, [pending_note, label]))
            continue
        if base not in {"select_one", "select_multiple", "text", *NUMBER_TYPES}:
            warn(
                "survey",
                number,
                "type",
                _("The type “%(type)s” is not supported here: row skipped.") % {"type": cells.get("type", "") or "—"},
            )
            continue
        if not label:
            warn("survey", number, columns["label"], _("The question has no wording: row skipped."))
            continue
        if not NAME.match(name) or "." in name or len(name) > 60 or name in names:
            new_name = f"question_{number}"
            warn(
                "survey",
                number,
                "name",
                _("The name “%(name)s” is renamed “%(new)s”.") % {"name": name or "—", "new": new_name},
            )
            name = new_name
        names.add(name)
        cells = cells | {"name": name, "label": label, "hint": " ".join(filter(None, [pending_note, hint]))}
        pending_note = ""
        questions = _question(base, words, cells, lists, number, warn)
        if not questions:
            continue
        if current is None:
            current = {"title": draft.title or _("Questions"), "module": "", "questions": []}
            draft.sections.append(current)
        for question in questions:
            if question["name"] in names and question is not questions[0]:
                question["name"] = f"{question['name']}_{number}"
            names.add(question["name"])
            current["questions"].append(question)
    if ignored_metadata:
        warn(
            "survey",
            1,
            "",
            ngettext(
                "%(count)s automatic field (start, end, device…) is not kept: answers stay anonymous.",
                "%(count)s automatic fields (start, end, device…) are not kept: answers stay anonymous.",
                ignored_metadata,
            )
            % {"count": ignored_metadata},
        )
    draft.sections = [section for section in draft.sections if section["questions"]]
    if not draft.sections:
        return None, [*warnings, Problem(2, "survey", _("The form has no question that can be kept."))]
    draft.title = (draft.title or _("Imported questionnaire"))[:200]
    draft.warnings = warnings
    return draft, []


def _choice_lists(book: dict[str, list[list[Any]]], language: str, warn: Any) -> dict[str, list[tuple[str, str]]]:
    sheet = _sheet(book, "choices")
    if sheet is None:
        return {}  # a form may have no choice question
    header, rows = _rows(sheet)
    label_column = _language_columns(header, language).get("label", "label")
    lists: dict[str, list[tuple[str, str]]] = {}
    for number, cells in rows:
        list_name, name = cells.get("list_name", ""), cells.get("name", "")
        label = cells.get(label_column, "") or name
        if not (list_name and name):
            warn("choices", number, "list_name" if not list_name else "name", _("This cell is empty: row skipped."))
            continue
        if name in dict(lists.get(list_name, [])):
            warn(
                "choices",
                number,
                "name",
                _("“%(name)s” is already in the list “%(list)s”: row skipped.") % {"name": name, "list": list_name},
            )
            continue
        lists.setdefault(list_name, []).append((name, label))
    return lists


def _question(
    base: str,
    words: list[str],
    cells: dict[str, str],
    lists: dict[str, list[tuple[str, str]]],
    number: int,
    warn: Any,
) -> list[dict[str, Any]]:
    declared = cells.get("utilite_type", "")
    if declared and declared not in QuestionKind.values:
        warn("survey", number, "utilite_type", _("Unknown kind of question: read from the type."))
        declared = ""
    question: dict[str, Any] = {
        "name": cells["name"],
        "wording": cells["label"][:300],
        "help_text": cells.get("hint", "")[:300],
        "reversed": cells.get("utilite_inverse", "").lower() in {"oui", "yes", "true", "1"},
        "choices": [],
    }
    if base == "text" or base in NUMBER_TYPES:
        question["kind"] = QuestionKind.TEXT if base == "text" else QuestionKind.NUMBER
        question["allow_skip"] = cells.get("utilite_passer", "oui").lower() not in {"non", "no", "false", "0"}
        return [question]
    list_name = words[0] if words else ""
    if list_name not in lists:
        warn(
            "survey",
            number,
            "type",
            _("The list of choices “%(list)s” is not in the sheet “choices”: question skipped.")
            % {"list": list_name or "—"},
        )
        return []
    options = [(name, label) for name, label in lists[list_name] if name not in SKIP_NAMES.values()]
    question["allow_skip"] = len(options) < len(lists[list_name])
    extra = []
    if "or_other" in words[1:]:
        if OTHER_NAME not in dict(options):
            options.append((OTHER_NAME, str(_("Other"))))
        extra.append(
            {
                "name": f"{cells['name'][:50]}_{OTHER_NAME}",
                "wording": (_("If “Other”: which one?"))[:300],
                "help_text": "",
                "reversed": False,
                "choices": [],
                "kind": QuestionKind.TEXT,
                "allow_skip": True,
            }
        )
    if base == "select_multiple":
        question["kind"] = QuestionKind.MULTIPLE
    elif declared == QuestionKind.YES_NO or (not declared and [n for n, _l in options] == ["1", "0"]):
        question["kind"] = QuestionKind.YES_NO
    elif declared == QuestionKind.SCALE or (
        not declared and [n for n, _l in options] == [str(i) for i in range(1, len(options) + 1)] and not extra
    ):
        question["kind"] = QuestionKind.SCALE
        labels = [label for _n, label in options]
        question["choices"] = [] if labels == [str(label) for label in DEFAULT_SCALE] else labels
    else:
        question["kind"] = QuestionKind.SINGLE
    if question["kind"] in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        question["choices"] = [{"name": name, "label": label} for name, label in options]
    return [question, *extra]


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
