"""The national format of places, out: CSV v1.0.2 (UTF-8, comma, `|` between the values of a
field), one row per place, columns in the schema's order."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from . import schema
from .models import Place

# The schema's `id` is `id_lieu` here (Django keeps `id` for its own key).
ATTRIBUTE = {"id": "id_lieu"}


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return schema.SEPARATOR.join(str(item) for item in value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def row(place: Place) -> dict[str, str]:
    return {name: cell(getattr(place, ATTRIBUTE.get(name, name))) for name in schema.field_names()}


def to_csv(places: Iterable[Place]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=schema.field_names(), lineterminator="\n")
    writer.writeheader()
    for place in places:
        writer.writerow(row(place))
    return out.getvalue().encode("utf-8")
