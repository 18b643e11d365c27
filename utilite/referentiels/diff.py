"""What changed between two versions of a référentiel: items added, removed, modified field by field.

Items are matched across versions by their `uid`, which a new version keeps when it copies them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from .models import INDICATOR_TEXT_FIELDS, Criterion, Indicator, Item, Referentiel, Registre

KIND_LABELS = {Registre: _("Registre"), Criterion: _("Criterion"), Indicator: _("Indicator")}
COMMON_FIELDS = ["title", "description"]
INDICATOR_FIELDS = ["level", "kind", *INDICATOR_TEXT_FIELDS]


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class Change:
    status: str  # added, removed, modified
    kind: str
    title: str
    path: str
    fields: list[FieldChange] = field(default_factory=list)


def _display(item: Item, name: str) -> str:
    if name == "stakeholders":
        return ", ".join(item.get_stakeholders_display())  # type: ignore[attr-defined]
    if name == "actions":
        return ", ".join(sorted(action.title for action in item.actions.all()))  # type: ignore[attr-defined]
    if name == "parent":
        return str(_parent(item) or "")
    display = getattr(item, f"get_{name}_display", None)
    return str(display() if display else getattr(item, name))


def _parent(item: Item) -> Item | None:
    if isinstance(item, Criterion):
        return item.registre
    if isinstance(item, Indicator):
        return item.criterion
    return None


def _flatten(referentiel: Referentiel) -> dict[Any, Item]:
    items: dict[Any, Item] = {}
    for registre in referentiel.registres_with_items():
        items[registre.uid] = registre
        for criterion in registre.criteria.all():
            criterion.registre = registre
            items[criterion.uid] = criterion
            for indicator in criterion.indicators.all():
                indicator.criterion = criterion
                items[indicator.uid] = indicator
    return items


def _path(item: Item) -> str:
    parents: list[str] = []
    parent = _parent(item)
    while parent is not None:
        parents.insert(0, parent.title)
        parent = _parent(parent)
    return " / ".join(parents)


def _fields(item: Item) -> list[str]:
    names = COMMON_FIELDS + (["parent"] if not isinstance(item, Registre) else [])
    if isinstance(item, Indicator):
        names += [*INDICATOR_FIELDS, "stakeholders", "actions"]
    return names


def _label(item: Item, name: str) -> str:
    if name == "parent":
        return str(_("Placed under"))
    if name == "stakeholders":
        return str(_("Stakeholders concerned"))
    return str(getattr(type(item)._meta.get_field(name), "verbose_name", name)).capitalize()


def compare(old: Referentiel, new: Referentiel) -> list[Change]:
    before, after = _flatten(old), _flatten(new)
    changes = []
    for uid, item in after.items():
        kind = str(KIND_LABELS[type(item)])
        if uid not in before:
            changes.append(Change("added", kind, item.title, _path(item)))
            continue
        previous = before[uid]
        fields = [
            FieldChange(_label(item, name), _display(previous, name), _display(item, name))
            for name in _fields(item)
            if _display(previous, name) != _display(item, name)
        ]
        if fields:
            changes.append(Change("modified", kind, item.title, _path(item), fields))
    changes += [
        Change("removed", str(KIND_LABELS[type(item)]), item.title, _path(item))
        for uid, item in before.items()
        if uid not in after
    ]
    return changes
