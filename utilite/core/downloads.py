"""Files sent to the browser: one way to attach them, and spreadsheets made safe to open."""

from __future__ import annotations

import tablib
from django.http import HttpResponse

from .tabular import neutralised

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def attachment(content: bytes | str, name: str) -> HttpResponse:
    """`content` offered as the file `name`; its type follows the extension. Text is sent as
    UTF-8 with a byte order mark, which spreadsheets need to read accents in CSV."""
    extension = name.rsplit(".", 1)[-1]
    body = content.encode("utf-8-sig" if extension == "csv" else "utf-8") if isinstance(content, str) else content
    response = HttpResponse(body, content_type=CONTENT_TYPES.get(extension, "application/octet-stream"))
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def spreadsheet(dataset: tablib.Dataset, name: str) -> HttpResponse:
    """A dataset as CSV or XLSX (from the name's extension); no cell can run as a formula."""
    safe = tablib.Dataset(*neutralised(dataset), headers=dataset.headers, title=dataset.title)
    return attachment(safe.export(name.rsplit(".", 1)[-1]), name)
