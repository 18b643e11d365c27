"""Reading the tables people send (CSV, XLSX, ODS) and reporting their problems by row and column.

One reader for every import. It takes the files people really have:
- CSV in UTF-8 (with or without a byte order mark) or Windows-1252 (French Excel), separated by
  `,`, `;`, tabs or `|`;
- XLSX from Excel or LibreOffice, ODS from LibreOffice, the first sheet or a named one;
- title rows above the header (the header is the first row that names known columns);
- column names written in any case, with or without accents, spaces or punctuation;
- dates as 2026-11-17 or 17/11/2026, decimals as 7,5 or 7.5, durations as 90, 1h30 or 90 min.
"""

from __future__ import annotations

import csv
import datetime
import io
import itertools
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
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


# --- Names ---------------------------------------------------------------------------------


def key(text: Any) -> str:
    """A column name or a label as a comparable key: `Durée (min)` → `duree_min`,
    `Thématique(s) d'accompagnement` → `thematique_s_d_accompagnement`."""
    decomposed = unicodedata.normalize("NFKD", str(text or "").casefold().replace("œ", "oe").replace("æ", "ae"))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"[^a-z0-9]+", "_", plain).strip("_")


# --- Files → rows of cells ------------------------------------------------------------------

# What reading a file that is not really a table may raise.
# XLSX and ODS are zips: what they hold once unzipped is capped, so that a "zip bomb" (a few
# hundred kilobytes that inflate to gigabytes) is refused before it is read.
MAX_UNZIPPED = 200 * 1024 * 1024
# A row or a column repeated more than this in an ODS file is an empty filler (LibreOffice writes
# "1,048,000 empty rows"): it is cut there.
MAX_REPEAT = 1000
SPREADSHEETS = (".xlsx", ".xlsm", ".ods")
EXTENSIONS = (".csv", ".txt", *SPREADSHEETS)


class TooLargeUnzipped(ValueError):
    pass


def _check_zip(content: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        inflated = sum(info.file_size for info in archive.infolist())
    if inflated > MAX_UNZIPPED:
        raise TooLargeUnzipped(f"{inflated} bytes once unzipped")


def open_workbook(content: bytes) -> Any:
    """An XLSX workbook in read-only mode, after checking what its zip would inflate to."""
    _check_zip(content)
    return openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)


def decode(content: bytes) -> str:
    """Text of a CSV file: UTF-8 (byte order mark or not), UTF-16 with its mark, else Windows-1252."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def _separator(text: str) -> str:
    """The separator used most often on the first lines, quoted parts aside."""
    sample = re.sub(r'"[^"]*"', "", text[:8192])
    lines = [line for line in sample.splitlines() if line.strip()][:10]
    counts = {sep: sum(line.count(sep) for line in lines) for sep in (";", ",", "\t", "|")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _csv_rows(content: bytes) -> Iterator[list[Any]]:
    text = decode(content)
    if "\x00" in text:
        raise csv.Error("NUL in text")
    yield from csv.reader(io.StringIO(text, newline=""), delimiter=_separator(text))


def _xlsx_rows(content: bytes, sheet: str | None) -> Iterator[list[Any]]:
    book = open_workbook(content)
    worksheet = book[sheet] if sheet else book.worksheets[0]
    for row in worksheet.iter_rows(values_only=True):
        yield list(row)


def _ods_tables(content: bytes) -> dict[str, Any]:
    from odf.opendocument import load
    from odf.table import Table

    _check_zip(content)
    document = load(io.BytesIO(content))
    return {table.getAttribute("name"): table for table in document.spreadsheet.getElementsByType(Table)}


def _ods_value(cell: Any) -> Any:
    from odf import teletype
    from odf.text import P

    kind = cell.getAttribute("valuetype")
    if kind in ("float", "percentage", "currency"):
        return Decimal(cell.getAttribute("value"))
    if kind == "date":
        value = cell.getAttribute("datevalue")
        return datetime.datetime.fromisoformat(value) if "T" in value else datetime.date.fromisoformat(value)
    if kind == "boolean":
        return cell.getAttribute("booleanvalue") == "true"
    paragraphs = [teletype.extractText(p) for p in cell.getElementsByType(P)]
    return "\n".join(paragraphs) if paragraphs else None


def _ods_rows(content: bytes, sheet: str | None) -> Iterator[list[Any]]:
    from odf.table import TableRow

    tables = _ods_tables(content)
    if not tables:
        return
    table = tables[sheet] if sheet else next(iter(tables.values()))
    pending_empty = 0
    for row in table.getElementsByType(TableRow):
        cells: list[Any] = []
        for cell in row.childNodes:
            if cell.qname[1] not in ("table-cell", "covered-table-cell"):
                continue
            repeat = min(int(cell.getAttribute("numbercolumnsrepeated") or 1), MAX_REPEAT)
            cells.extend([_ods_value(cell)] * repeat)
        while cells and cells[-1] in (None, ""):
            cells.pop()
        times = min(int(row.getAttribute("numberrowsrepeated") or 1), MAX_REPEAT)
        if not cells:
            pending_empty += times  # trailing empty rows are not rows
            continue
        for _empty in range(pending_empty):
            yield []
        pending_empty = 0
        for _time in range(times):
            yield list(cells)


def sheet_names(name: str, content: bytes) -> list[str]:
    lower = name.lower()
    if lower.endswith(".ods"):
        return list(_ods_tables(content))
    if lower.endswith((".xlsx", ".xlsm")):
        return list(open_workbook(content).sheetnames)
    return [""]


def raw_rows(name: str, content: bytes, sheet: str | None = None) -> Iterator[list[Any]]:
    """Every row of the file's first sheet (or of `sheet`), cells as the file types them."""
    lower = name.lower()
    if lower.endswith((".xlsx", ".xlsm")):
        return _xlsx_rows(content, sheet)
    if lower.endswith(".ods"):
        return _ods_rows(content, sheet)
    return _csv_rows(content)


def text(cell: Any) -> str:
    """A cell as text: dates in ISO form, whole numbers without decimals, line breaks kept."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "1" if cell else "0"
    if isinstance(cell, datetime.datetime):
        return cell.date().isoformat() if cell.time() == datetime.time() else cell.isoformat(sep=" ")
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    if isinstance(cell, (float, Decimal)):
        number = Decimal(str(cell))
        return format(number.quantize(Decimal(1)) if number == number.to_integral() else number.normalize(), "f")
    return str(cell).replace("\r\n", "\n").replace("\r", "\n").strip()


HEADER_SEARCH = 30  # rows looked at to find the header


def records(
    name: str,
    content: bytes,
    aliases: Mapping[str, str] | None = None,
    *,
    sheet: str | None = None,
    fill_down: Iterable[str] = (),
    headers: dict[str, str] | None = None,
) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number as a spreadsheet shows it, cells by column) for each data row.

    Columns are named by `aliases` (a `key()` of a name people write → our column), else by the
    `key()` of their header. The header is the first row naming at least two known columns (or the
    first non-empty row when none is known). Columns in `fill_down` that are empty take the value
    of the row above, as merged cells and "same as above" habits mean; they form a hierarchy: a
    new value in one of them clears what the later ones carried. `headers`, if given, is
    filled with each column's header as written in the file (for messages)."""
    aliases = aliases or {}
    rows: Iterator[tuple[int, list[Any]]] = enumerate(raw_rows(name, content, sheet), start=1)
    header: list[str] = []
    first: list[str] | None = None
    looked: list[tuple[int, list[Any]]] = []
    for number, raw in rows:
        looked.append((number, raw))
        names = [key(text(cell)) for cell in raw]
        if not any(names):
            continue
        if first is None:
            first = names
        if sum(1 for n in names if n in aliases) >= min(2, len(set(aliases.values())) or 1):
            header = names
            break
        if number >= HEADER_SEARCH:
            break
    if not header:
        if first is None:
            return
        header = first  # no known column: the first non-empty row is the header
        start = next(i for i, (_n, raw) in enumerate(looked) if any(text(c) for c in raw))
        rows = itertools.chain(looked[start + 1 :], rows)
    columns = [aliases.get(name, name) for name in header]
    if headers is not None:
        header_row = next(raw for number, raw in looked if [key(text(cell)) for cell in raw] == header)
        for column, cell in zip(columns, header_row, strict=False):
            if column:
                headers.setdefault(column, text(cell))
    carried = list(fill_down)
    above: dict[str, str] = {}
    for number, raw in rows:
        cells = {column: restore(text(cell)) for column, cell in zip(columns, raw, strict=False) if column}
        if not any(cells.values()):
            continue
        for index, column in enumerate(carried):
            if cells.get(column):
                if above.get(column) != cells[column]:
                    for lower in carried[index + 1 :]:  # a new registre starts with no criterion
                        above.pop(lower, None)
                above[column] = cells[column]
            elif column in above:
                cells[column] = above[column]
        yield number, cells


UNREADABLE = (UnicodeDecodeError, csv.Error, OSError, KeyError, ValueError, zipfile.BadZipFile, InvalidFileException)
# odfpy reading a broken file may also raise these
UNREADABLE_ODS = (*UNREADABLE, AttributeError, IndexError, TypeError)


def unreadable() -> Problem:
    return Problem(1, "", _("This file cannot be read: send a CSV, XLSX or ODS file."))


def header_problems(
    name: str, content: bytes, required: Iterable[str], aliases: Mapping[str, str] | None = None
) -> list[Problem]:
    """A problem if the file cannot be read, and one per required column that is missing."""
    try:
        first = next(records(name, content, aliases), None)
    except UNREADABLE_ODS:
        return [unreadable()]
    if first is None:
        return []  # no data row: the caller says so
    columns = set(first[1])
    return [Problem(1, column, _("This column is missing.")) for column in required if column not in columns]


# --- Values ---------------------------------------------------------------------------------

DATE_FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d")


def parse_date(value: str) -> datetime.date:
    """2026-11-17, 17/11/2026, 17/11/26, 17-11-2026 or 17.11.2026 (a time after it is ignored)."""
    value = value.strip().split(" ")[0].split("T")[0]
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        pass
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, pattern).date()  # noqa: DTZ007 (a day, no time)
        except ValueError:
            continue
    raise ValueError(value)


def parse_decimal(value: str) -> Decimal:
    """7,5 · 7.5 · 1 234,50 · 1.234,50 · 1,234.50 → a Decimal (ValueError otherwise)."""
    cleaned = re.sub(r"[\s\u00a0\u202f']", "", value.strip())
    if "," in cleaned and "." in cleaned:
        decimal_mark = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        cleaned = cleaned.replace("." if decimal_mark == "," else ",", "")
    cleaned = cleaned.replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)", cleaned):
        raise ValueError(value)
    try:
        return Decimal(cleaned)
    except InvalidOperation as error:
        raise ValueError(value) from error


def parse_int(value: str) -> int:
    number = parse_decimal(value)
    if number != number.to_integral_value():
        raise ValueError(value)
    return int(number)


_DURATION = re.compile(r"^(?:(\d+(?:[.,]\d+)?)\s*h(?:eures?)?)?\s*(?:(\d+)\s*(?:min(?:utes?)?|mn|m)?)?$")


def parse_minutes(value: str) -> int:
    """A duration in minutes: 90 · 90 min · 1h30 · 1 h 30 · 1,5 h · 01:30 · 2 heures."""
    cleaned = value.strip().casefold()
    clock = re.fullmatch(r"(\d{1,2}):(\d{2})(?::\d{2})?", cleaned)
    if clock:
        return int(clock[1]) * 60 + int(clock[2])
    match = _DURATION.fullmatch(cleaned)
    if not cleaned or not match or not (match[1] or match[2]):
        raise ValueError(value)
    hours = Decimal(match[1].replace(",", ".")) if match[1] else Decimal(0)
    return int(hours * 60) + int(match[2] or 0)


def split_values(value: str) -> list[str]:
    """Several values in one cell: on separate lines, or separated by `|`, `;` or `,`."""
    return [part.strip() for part in re.split(r"[\n|;,]", value) if part.strip()]


# --- Safety of cells ------------------------------------------------------------------------

# A cell starting with one of these would be run as a formula by spreadsheet software:
# exports prefix it with an apostrophe, imports remove that apostrophe (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def restore(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) else value
