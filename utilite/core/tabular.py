"""Reading tables sent by users (CSV or XLSX) and reporting their problems by row and column."""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import openpyxl
from django.utils.translation import gettext as _
from openpyxl.utils.exceptions import InvalidFileException


@dataclass
class Problem:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


def rows_of(name: str, content: bytes) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number as shown in a spreadsheet, cells by lower-case header) for each data row."""
    if name.lower().endswith(".xlsx"):
        sheet = open_workbook(content).worksheets[0]
        values = sheet.iter_rows(values_only=True)
        header = [str(cell or "").strip().lower() for cell in next(values, ())]
        for number, raw in enumerate(values, start=2):
            yield number, {header[i]: restore(_text(cell)) for i, cell in enumerate(raw) if i < len(header)}
    else:
        text = content.decode("utf-8-sig")
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;") if text.strip() else csv.excel
        reader = csv.reader(io.StringIO(text), dialect)
        header = [cell.strip().lower() for cell in next(reader, [])]
        for number, raw in enumerate(reader, start=2):
            yield number, {header[i]: restore(cell.strip()) for i, cell in enumerate(raw) if i < len(header)}


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime.datetime):
        return cell.date().isoformat()
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


# A cell starting with one of these would be run as a formula by spreadsheet software:
# exports prefix it with an apostrophe, imports remove that apostrophe (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def restore(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) else value


def neutralised(rows: Iterable[Iterable[Any]]) -> list[list[Any]]:
    """Rows ready for a spreadsheet export: no cell can run as a formula."""
    return [[neutralise(cell) for cell in row] for row in rows]


# What reading a file that is not really CSV (UTF-8) or XLSX may raise.
# An XLSX is a zip: what it holds once unzipped is capped, so that a "zip bomb" (a few hundred
# kilobytes that inflate to gigabytes) is refused before it is read.
MAX_UNZIPPED = 200 * 1024 * 1024


class TooLargeUnzipped(ValueError):
    pass


def open_workbook(content: bytes) -> Any:
    """An XLSX workbook in read-only mode, after checking what its zip would inflate to."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        inflated = sum(info.file_size for info in archive.infolist())
    if inflated > MAX_UNZIPPED:
        raise TooLargeUnzipped(f"{inflated} bytes once unzipped")
    return openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)


UNREADABLE = (UnicodeDecodeError, csv.Error, OSError, KeyError, ValueError, zipfile.BadZipFile, InvalidFileException)


def unreadable() -> Problem:
    return Problem(1, "", _("This file cannot be read: send a CSV (UTF-8) or XLSX file."))


def header_problems(name: str, content: bytes, required: Iterable[str]) -> list[Problem]:
    """A problem if the file cannot be read, and one per required column that is missing."""
    try:
        first = next(rows_of(name, content), None)
    except UNREADABLE:
        return [unreadable()]
    if first is None:
        return []  # no data row: the caller says so
    columns = set(first[1])
    return [Problem(1, column, _("This column is missing.")) for column in required if column not in columns]
