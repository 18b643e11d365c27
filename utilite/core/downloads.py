"""Files sent to the browser: one way to attach them, and one writer for every table.

A table is written in four ways (`FORMATS`):
- XLSX: cells typed (numbers as numbers, dates as dates shown 17/11/2026), bold header frozen
  on top, columns wide enough, text never read as a formula;
- ODS (LibreOffice): cells typed the same way;
- "CSV (Excel, point-virgule)": what French Excel opens with a double-click — `;` between cells,
  decimal commas, dates as 17/11/2026, UTF-8 with a byte order mark;
- "CSV (standard, virgule)": RFC 4180 — `,`, decimal points, ISO dates; open data use it.
In CSV, a text starting like a formula (`=`, `+`, `-`, `@`) gets an apostrophe in front (OWASP
"CSV injection"); typed spreadsheet cells need none and keep the text as written.
"""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal
from typing import Any

import tablib
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from .tabular import neutralise

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Format key → (label, extension). The key is what `?format=` says.
FORMATS = {
    "xlsx": (_("Excel (XLSX)"), "xlsx"),
    "ods": (_("LibreOffice (ODS)"), "ods"),
    "csv-excel": (_("CSV (Excel, semicolon)"), "csv"),
    "csv": (_("CSV (standard, comma)"), "csv"),
}
DATE_FORMAT = "DD/MM/YYYY"


def attachment(content: bytes | str, name: str) -> HttpResponse:
    """`content` offered as the file `name`; its type follows the extension. Text is sent as
    UTF-8 with a byte order mark, which spreadsheets need to read accents in CSV."""
    extension = name.rsplit(".", 1)[-1]
    body = content.encode("utf-8-sig" if extension == "csv" else "utf-8") if isinstance(content, str) else content
    response = HttpResponse(body, content_type=CONTENT_TYPES.get(extension, "application/octet-stream"))
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def requested_format(request: HttpRequest, default: str = "xlsx") -> str:
    """The format asked by `?format=`, among `FORMATS`; anything else gives the default."""
    asked = request.GET.get("format", default)
    return asked if asked in FORMATS else default


def _number(value: Decimal) -> Decimal | int:
    """7.50 → 7.5, 12.00 → 12: a stored decimal as people write it."""
    if value == value.to_integral_value():
        return int(value)
    return value.normalize()


def _csv_cell(value: Any, excel: bool) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M") if excel else value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y") if excel else value.isoformat()
    if isinstance(value, (Decimal, float)):
        rounded = _number(Decimal(str(value)))
        number = str(rounded) if isinstance(rounded, int) else format(rounded, "f")
        return number.replace(".", ",") if excel else number
    if isinstance(value, int):
        return str(value)
    return neutralise(str(value))


def to_csv(dataset: tablib.Dataset, *, excel: bool = False) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if excel else ",", lineterminator="\r\n")
    writer.writerow([_csv_cell(header, excel) for header in dataset.headers or []])
    for row in dataset:
        writer.writerow([_csv_cell(cell, excel) for cell in row])
    return out.getvalue()


def _sheet_title(title: str | None) -> str:
    cleaned = "".join(" " if c in "[]:*?/\\" else c for c in str(title or "")).strip()
    return cleaned[:31] or str(_("Data"))


def to_xlsx(dataset: tablib.Dataset) -> bytes:
    import openpyxl
    from openpyxl.cell.cell import Cell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101 (a new workbook has its sheet)  # nosec B101
    sheet.title = _sheet_title(dataset.title)
    headers = [str(header) for header in dataset.headers or []]
    widths = [len(header) for header in headers]
    sheet.append(headers)
    for header_cell in sheet[1]:
        header_cell.font = Font(bold=True)
    for row_number, row in enumerate(dataset, start=2):
        for column, value in enumerate(row, start=1):
            cell: Cell = sheet.cell(row=row_number, column=column)
            if isinstance(value, bool) or value is None:
                cell.value = value
            elif isinstance(value, (datetime.date, int, float)):
                cell.value = value
                if isinstance(value, datetime.datetime):
                    cell.number_format = "DD/MM/YYYY HH:MM"
                elif isinstance(value, datetime.date):
                    cell.number_format = DATE_FORMAT
            elif isinstance(value, Decimal):
                number = _number(value)
                cell.value = number
                if isinstance(number, Decimal):
                    cell.number_format = "0." + "0" * max(1, -int(number.as_tuple().exponent))
            else:
                text = str(value)
                cell.value = text
                cell.data_type = "s"  # a text, even one starting with "=": never a formula
                if "\n" in text:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
            shown = 10 if isinstance(value, datetime.date) else max(map(len, str(value or "").split("\n")))
            if column <= len(widths):
                widths[column - 1] = max(widths[column - 1], shown)
            else:
                widths.append(shown)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def to_ods(dataset: tablib.Dataset) -> bytes:
    plain = tablib.Dataset(
        *[[_number(cell) if isinstance(cell, Decimal) else cell for cell in row] for row in dataset],
        headers=dataset.headers,
        title=_sheet_title(dataset.title),
    )
    return bytes(plain.export("ods"))


def table_file(dataset: tablib.Dataset, file_format: str) -> bytes:
    """A table as the bytes of a file in one of `FORMATS`."""
    if file_format == "xlsx":
        return to_xlsx(dataset)
    if file_format == "ods":
        return to_ods(dataset)
    text = to_csv(dataset, excel=file_format == "csv-excel")
    return text.encode("utf-8-sig")


def spreadsheet(dataset: tablib.Dataset, stem: str, file_format: str = "xlsx") -> HttpResponse:
    """A table offered as the file `stem` + the extension of `file_format` (one of `FORMATS`)."""
    file_format = file_format if file_format in FORMATS else "xlsx"
    return attachment(table_file(dataset, file_format), f"{stem}.{FORMATS[file_format][1]}")


def inline(file: FieldFile, *, cache: str) -> FileResponse:
    """A stored picture shown in the page (type sniffing off), cached as `cache` says."""
    response = FileResponse(file.open("rb"))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = cache
    return response
