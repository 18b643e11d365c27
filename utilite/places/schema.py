"""The national schema of digital-mediation places (schéma des lieux de médiation numérique,
v1.0.2, Licence Ouverte 2.0, `data/schema-1.0.2.json` as published): its fields, which of them
hold several values (`|` between them), and the values each enumerated field accepts — read from
the schema itself, so that a new version of the file is the only change to make."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_PATH = Path(__file__).parent / "data" / "schema-1.0.2.json"
SEPARATOR = "|"

# Free fields the schema documents as lists separated by `|` (its patterns say so for the others).
LISTS_BY_DESCRIPTION = {"typologie", "courriels", "site_web"}


@cache
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def fields() -> list[dict[str, Any]]:
    return list(schema()["fields"])


def field_names() -> list[str]:
    return [field["name"] for field in fields()]


def required() -> set[str]:
    return {field["name"] for field in fields() if field.get("constraints", {}).get("required")}


def pattern(name: str) -> str:
    """The regular expression a field's values must match ("" for none)."""
    return str(next(field for field in fields() if field["name"] == name).get("constraints", {}).get("pattern", ""))


def multi_valued() -> set[str]:
    """Fields holding several values separated by `|`."""
    return {field["name"] for field in fields() if "(?:^|\\|)" in pattern(field["name"])} | LISTS_BY_DESCRIPTION


@cache
def choices(name: str) -> tuple[str, ...]:
    """The values an enumerated field accepts, in the schema's order, read from its pattern
    `(?:(?:^|\\|)(A|B|C \\(d\\)))+$`; empty for a free field."""
    regex = pattern(name)
    start, end = "(?:(?:^|\\|)(", "))+$"
    if not (regex.startswith(start) and regex.endswith(end)):
        return ()
    body = regex[len(start) : -len(end)]
    values = re.split(r"(?<!\\)\|", body)
    return tuple(re.sub(r"\\(.)", r"\1", value) for value in values)


def enumerated() -> list[str]:
    return [name for name in field_names() if choices(name)]
