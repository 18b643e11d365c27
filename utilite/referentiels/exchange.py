"""Export a référentiel (JSON, XLSX, ODS, CSV) and import one (JSON, XLSX, ODS, CSV) as a new draft.

Formats are described in docs/referentiel-format.md; the JSON Schema is docs/referentiel.schema.json.
An import validates everything first and changes nothing if any problem is found: every problem
is reported with its sheet, row and column.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import jsonschema
import tablib
from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext as _

from utilite.core import tabular
from utilite.core.downloads import table_file
from utilite.organisations.models import Action, Organisation
from utilite.organisations.services import ActionRefused

from .enums import IndicatorKind, Level, Stakeholder
from .models import INDICATOR_TEXT_FIELDS, Criterion, Indicator, Referentiel, Registre
from .services import add_item

logger = logging.getLogger(__name__)

if TYPE_CHECKING:
    from utilite.accounts.models import User

SCHEMA_FILE = Path(settings.BASE_DIR) / "docs" / "referentiel.schema.json"
SHEET = "Référentiel"
SEPARATOR = " | "
MAX_ROWS = 5000
# Column headers of the spreadsheet layout (a file format: fixed, in French).
COLUMNS = [
    ("registre", "Registre"),
    ("registre_description", "Description du registre"),
    ("criterion", "Critère"),
    ("criterion_description", "Description du critère"),
    ("indicator", "Indicateur"),
    ("indicator_description", "Description de l'indicateur"),
    ("level", "Niveau"),
    ("kind", "Type"),
    ("unit", "Unité"),
    ("definition", "Définition ou calcul"),
    ("stakeholders", "Parties prenantes"),
    ("data_source", "Source ou outil de collecte"),
    ("frequency", "Fréquence ou moment"),
    ("responsible", "Responsable"),
    ("disaggregation", "Ventilation"),
    ("baseline", "Situation de départ"),
    ("target", "Cible"),
    ("actions", "Actions"),
    ("notes", "Remarques"),
]
HEADERS = [header for _key, header in COLUMNS]


@cache
def schema() -> dict[str, Any]:
    return cast(dict[str, Any], json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))


# --- Export -----------------------------------------------------------------------------


def to_document(referentiel: Referentiel) -> dict[str, Any]:
    """The référentiel as a JSON-ready document (see the schema)."""
    registres = []
    for registre in referentiel.registres_with_items():
        criteria = []
        for criterion in registre.criteria.all():
            indicators = [_indicator_document(indicator) for indicator in criterion.indicators.all()]
            criteria.append({"title": criterion.title, "description": criterion.description, "indicators": indicators})
        registres.append({"title": registre.title, "description": registre.description, "criteria": criteria})
    return {
        "format": "utilite-referentiel",
        "format_version": 1,
        "organisation": referentiel.organisation.name,
        "version": referentiel.version,
        "status": referentiel.status,
        "registres": registres,
    }


def _indicator_document(indicator: Indicator) -> dict[str, Any]:
    return {
        "title": indicator.title,
        "description": indicator.description,
        "level": indicator.level,
        "kind": indicator.kind,
        **{name: getattr(indicator, name) for name in INDICATOR_TEXT_FIELDS},
        "stakeholders": indicator.stakeholders,
        "actions": sorted(action.title for action in indicator.actions.all()),
    }


def to_json(referentiel: Referentiel) -> bytes:
    return json.dumps(to_document(referentiel), ensure_ascii=False, indent=2).encode()


def _rows(document: dict[str, Any]) -> list[list[str]]:
    with translation.override("fr"):
        levels = {code: str(label) for code, label in Level.choices}
        kinds = {code: str(label) for code, label in IndicatorKind.choices}
        stakeholders = {code: str(label) for code, label in Stakeholder.choices}
    rows = []
    for registre in document["registres"]:
        registre_cells = [registre["title"], registre["description"]]
        criteria = registre["criteria"] or [None]
        for criterion in criteria:
            criterion_cells = [criterion["title"], criterion["description"]] if criterion else ["", ""]
            for indicator in (criterion and criterion["indicators"]) or [None]:
                cells = dict.fromkeys([key for key, _header in COLUMNS], "")
                cells.update(zip(["registre", "registre_description"], registre_cells, strict=True))
                cells.update(zip(["criterion", "criterion_description"], criterion_cells, strict=True))
                if indicator:
                    cells.update(
                        indicator=indicator["title"],
                        indicator_description=indicator["description"],
                        level=levels[indicator["level"]],
                        kind=kinds[indicator["kind"]],
                        stakeholders=SEPARATOR.join(stakeholders[code] for code in indicator["stakeholders"]),
                        actions=SEPARATOR.join(indicator["actions"]),
                        **{name: indicator[name] for name in INDICATOR_TEXT_FIELDS},
                    )
                rows.append([cells[key] for key, _header in COLUMNS])
    return rows


def to_dataset(referentiel: Referentiel) -> tablib.Dataset:
    dataset = tablib.Dataset(headers=HEADERS, title=SHEET)
    for row in _rows(to_document(referentiel)):
        dataset.append(row)
    return dataset


def export(referentiel: Referentiel, file_format: str) -> bytes:
    if file_format == "json":
        return to_json(referentiel)
    return table_file(to_dataset(referentiel), file_format)


# --- Import -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        place = ", ".join(
            part
            for part in (
                _("sheet “%(sheet)s”") % {"sheet": self.sheet} if self.sheet else "",
                _("row %(row)s") % {"row": self.row} if self.row else "",
                _("column “%(column)s”") % {"column": self.column} if self.column else "",
            )
            if part
        )
        return f"{place} : {self.message}" if place else self.message


class ImportRefused(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


def _lookup(choices: list[tuple[str, Any]]) -> dict[str, str]:
    """Codes, French and English labels, case-insensitively, all mapped to the code."""
    table = {}
    for language in ("fr", "en"):
        with translation.override(language):
            table.update({str(label).casefold(): code for code, label in choices})
    table.update({code.casefold(): code for code, _label in choices})
    return table


REQUIRED_COLUMNS = ("registre", "criterion", "indicator")
HIERARCHY = ("registre", "registre_description", "criterion", "criterion_description")
# Header as people write it (by `tabular.key`) → column; ours, and a few everyday synonyms.
ALIASES = {tabular.key(header): column for column, header in COLUMNS} | {
    "registres": "registre",
    "registre_d_utilite_sociale": "registre",
    "criteres": "criterion",
    "critere_d_evaluation": "criterion",
    "indicateurs": "indicator",
    "niveau_d_indicateur": "level",
    "type_d_indicateur": "kind",
    "unite": "unit",
    "source": "data_source",
    "outil_de_collecte": "data_source",
    "frequence": "frequency",
}


def read_table(name: str, content: bytes) -> tuple[dict[str, Any], list[Problem]]:
    """A spreadsheet (XLSX, ODS or CSV) back into a document; problems carry sheet, row and column.

    The sheet “Référentiel” is read, or the first sheet. Title rows above the header are skipped,
    merged registre and criterion cells (or cells left empty for “same as above”) are filled down,
    and only the registre, criterion and indicator columns are required."""
    try:
        names = tabular.sheet_names(name, content)
        sheet = next((title for title in names if tabular.key(title) == tabular.key(SHEET)), None)
        headers: dict[str, str] = {}
        rows = list(tabular.records(name, content, ALIASES, sheet=sheet, fill_down=HIERARCHY, headers=headers))
    except tabular.UNREADABLE_ODS:
        return {}, [Problem("", None, "", _("This file cannot be read: send a CSV, XLSX or ODS file."))]
    label = sheet or (names[0] if names and names[0] else "")
    missing = [key for key in REQUIRED_COLUMNS if key not in headers]
    if missing:
        return {}, [Problem(label, 1, dict(COLUMNS)[key], _("This column is missing.")) for key in missing]
    return _document(rows, label)


def _document(rows: list[tuple[int, dict[str, str]]], sheet: str) -> tuple[dict[str, Any], list[Problem]]:
    levels, kinds, stakeholders = _lookup(Level.choices), _lookup(IndicatorKind.choices), _lookup(Stakeholder.choices)
    problems: list[Problem] = []
    registres: list[dict[str, Any]] = []
    for number, cells in rows:
        if len(rows) > MAX_ROWS and number > MAX_ROWS:
            problems.append(Problem(sheet, number, "", _("Too many rows (at most %(max)s).") % {"max": MAX_ROWS}))
            break

        def problem(key: str, message: str, number: int = number) -> None:
            problems.append(Problem(sheet, number, dict(COLUMNS)[key], message))

        for key, limit in (("registre", 250), ("criterion", 250), ("indicator", 250), ("unit", 60), ("target", 100)):
            if len(cells.get(key, "")) > limit:
                problem(key, _("Too long: at most %(max)s characters.") % {"max": limit})
        if not cells.get("registre"):
            problem("registre", _("A registre name is required."))
            continue
        if not registres or registres[-1]["title"] != cells["registre"]:
            registres.append(
                {"title": cells["registre"], "description": cells.get("registre_description", ""), "criteria": []}
            )
        criteria = registres[-1]["criteria"]
        if not cells.get("criterion"):
            if cells.get("indicator"):
                problem("criterion", _("An indicator needs a criterion."))
            continue
        if not criteria or criteria[-1]["title"] != cells["criterion"]:
            criteria.append(
                {"title": cells["criterion"], "description": cells.get("criterion_description", ""), "indicators": []}
            )
        if not cells.get("indicator"):
            continue
        level = levels.get(cells.get("level", "").casefold()) if cells.get("level") else "realisation"
        kind = kinds.get(cells.get("kind", "").casefold()) if cells.get("kind") else "count"
        if level is None:
            problem(
                "level",
                _("Unknown level “%(value)s”: use Réalisation, Résultat or Impact.")
                % {"value": cells.get("level", "")},
            )
        if kind is None:
            problem("kind", _("Unknown type “%(value)s”.") % {"value": cells.get("kind", "")})
        codes = []
        for label in filter(None, (part.strip() for part in re.split(r"[|\n;]", cells.get("stakeholders", "")))):
            if label.casefold() in stakeholders:
                codes.append(stakeholders[label.casefold()])
            else:
                problem("stakeholders", _("Unknown stakeholder “%(value)s”.") % {"value": label})
        criteria[-1]["indicators"].append(
            {
                "title": cells["indicator"],
                "description": cells.get("indicator_description", ""),
                "level": level or "realisation",
                "kind": kind or "count",
                "stakeholders": list(dict.fromkeys(codes)),
                "actions": [part.strip() for part in re.split(r"[|\n]", cells.get("actions", "")) if part.strip()],
                "_row": number,
                **{name: cells.get(name, "") for name in INDICATOR_TEXT_FIELDS},
            }
        )
    return {"format": "utilite-referentiel", "format_version": 1, "registres": registres}, problems


def read_json(content: bytes) -> tuple[dict[str, Any], list[Problem]]:
    try:
        document = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return {}, [Problem("", getattr(error, "lineno", None), "", _("This file is not valid JSON."))]
    validator = jsonschema.Draft202012Validator(schema())
    problems = [
        Problem("", None, "/".join(str(part) for part in error.absolute_path) or "/", error.message)
        for error in sorted(validator.iter_errors(document), key=lambda error: list(map(str, error.absolute_path)))
    ]
    return document, problems


@transaction.atomic
def import_document(
    document: dict[str, Any], organisation: Organisation, user: User, *, sheet: str = ""
) -> Referentiel:
    """Create a new draft version from a document. Raises ImportRefused (nothing saved) on any problem."""
    if organisation.referentiels.drafts().exists():
        raise ActionRefused(_("A draft version already exists: validate or finish it before importing."))
    actions = {action.title: action for action in Action.objects.for_organisation(organisation)}
    problems = [
        Problem(
            sheet,
            indicator.get("_row"),
            "Actions" if sheet else "actions",
            _("Unknown action “%(title)s”.") % {"title": title},
        )
        for registre in document["registres"]
        for criterion in registre.get("criteria", [])
        for indicator in criterion.get("indicators", [])
        for title in indicator.get("actions", [])
        if title not in actions
    ]
    if problems:
        raise ImportRefused(problems)
    top = organisation.referentiels.aggregate(top=Max("version"))["top"] or 0
    referentiel = Referentiel.objects.create(organisation=organisation, version=top + 1, created_by=user)
    for registre_data in document["registres"]:
        registre = cast(
            Registre,
            add_item(
                Registre,
                parent=referentiel,
                user=user,
                title=registre_data["title"],
                description=registre_data.get("description", ""),
            ),
        )
        for criterion_data in registre_data.get("criteria", []):
            criterion = cast(
                Criterion,
                add_item(
                    Criterion,
                    parent=registre,
                    user=user,
                    title=criterion_data["title"],
                    description=criterion_data.get("description", ""),
                ),
            )
            for data in criterion_data.get("indicators", []):
                add_item(
                    Indicator,
                    parent=criterion,
                    user=user,
                    title=data["title"],
                    description=data.get("description", ""),
                    level=data["level"],
                    kind=data["kind"],
                    stakeholders=data.get("stakeholders", []),
                    actions=[actions[title] for title in data.get("actions", [])],
                    **{name: data.get(name, "") for name in INDICATOR_TEXT_FIELDS},
                )
    return referentiel


def import_file(name: str, content: bytes, organisation: Organisation, user: User) -> Referentiel:
    if name.lower().endswith(".json"):
        document, problems = read_json(content)
        sheet = ""
    elif name.lower().endswith(tabular.EXTENSIONS):
        document, problems = read_table(name, content)
        sheet = SHEET
    else:
        raise ImportRefused([Problem("", None, "", _("Send a .json, .xlsx, .ods or .csv file."))])
    if problems:
        logger.warning("référentiel import refused for structure %s: %s problems", organisation.pk, len(problems))
        raise ImportRefused(problems)
    return import_document(document, organisation, user, sheet=sheet)
