"""Sessions as a table, in our layout (it imports back as it is) or in the Coop's layout.

Only what a session holds: counts, never people. In the Coop's layout the counts by gender, age
band and situation are written one line per participant, as the Coop's own export does
("Féminin", "Féminin", "Non communiqué"…), so that a file made here reads like one made there.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

import tablib
from django.utils import translation
from django.utils.translation import gettext as _

from .enums import COUNT_FIELDS, DIMENSION_CHOICES, Autonomy, Theme
from .models import ActivityRecord, ActivityRecordQuerySet
from .vocabulary import COUNT_COLUMN_OF, COUNT_HEADERS, OWN_COLUMNS

LAYOUTS = ("utilite", "coop")
COOP_HEADERS = [
    "Date",
    "Type",
    "Nombre de participants",
    "Canaux d\u2019accompagnement",
    "Durée (min)",
    "Matériel numérique utilisé",
    "Thématique(s) d\u2019accompagnement",
    "Niveau d\u2019autonomie du bénéficiaire",
    "Structure de redirection",
    "Genre du bénéficiaire",
    "Tranche d\u2019âge du bénéficiaire",
    "Statut du bénéficiaire",
]
COOP_NOT_COMMUNICATED = {
    "gender": "Non communiqué",
    "age": "Non communiqué",
    "status": "Non communiqué ou hétérogène",
}
STARS = {Autonomy.FULLY_ASSISTED: "1/3", Autonomy.PARTIALLY_AUTONOMOUS: "2/3", Autonomy.AUTONOMOUS: "3/3"}
CHUNK = 2000
THEME_ORDER = {code: index for index, code in enumerate(Theme.values)}


def in_period(
    records: ActivityRecordQuerySet, since: datetime.date | None, until: datetime.date | None
) -> ActivityRecordQuerySet:
    if since:
        records = records.filter(date__gte=since)
    if until:
        records = records.filter(date__lte=until)
    return records


def _lines(record: ActivityRecord, dimension: str) -> str:
    choices = DIMENSION_CHOICES[dimension]
    lines = []
    for code, label in choices.choices:
        lines += [str(label)] * getattr(record, f"{dimension}_{code}")
    lines += [COOP_NOT_COMMUNICATED[dimension]] * record.not_communicated(dimension)
    return "\n".join(lines)


def _rows(records: Iterable[ActivityRecord], layout: str) -> Iterable[list[Any]]:
    for record in records:
        ordered = sorted(record.themes.all(), key=lambda theme: THEME_ORDER.get(theme.code, len(THEME_ORDER)))
        themes = "\n".join(str(theme.get_code_display()) for theme in ordered)
        material = "\n".join(str(record.material_label(code)) for code in record.material)
        if layout == "coop":
            yield [
                record.date,
                record.get_activity_type_display(),
                record.participants,
                record.get_place_type_display(),
                record.duration_minutes,
                material,
                themes,
                STARS.get(record.autonomy, ""),  # type: ignore[call-overload]
                record.orientation,
                *[_lines(record, dimension) for dimension in COUNT_FIELDS],
            ]
        else:
            yield [
                record.date,
                record.duration_minutes,
                record.get_activity_type_display(),
                record.participants,
                record.action.title if record.action else "",
                themes,
                record.get_place_type_display(),
                material,
                record.get_autonomy_display(),
                record.orientation,
                *[getattr(record, field_name) for field_name in COUNT_COLUMN_OF],
            ]


def sessions_table(records: ActivityRecordQuerySet, layout: str = "utilite") -> tablib.Dataset:
    """The sessions (already filtered), oldest first, in French labels: 2 queries per 2,000 rows."""
    headers = COOP_HEADERS if layout == "coop" else [*OWN_COLUMNS, *COUNT_HEADERS]
    with translation.override("fr"):
        dataset = tablib.Dataset(headers=headers, title=_("Sessions"))
        ordered = records.select_related("action").prefetch_related("themes").order_by("date", "pk")
        for row in _rows(ordered.iterator(chunk_size=CHUNK), layout):
            dataset.append(row)
    return dataset
