"""Parts of a place's sheet that apps above this one add (what people published there, through
co-publication): a template and what it shows, read in a bounded number of queries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import Place


@dataclass(frozen=True)
class SheetSection:
    template: str
    read: Callable[[Place], dict[str, Any] | None]  # None: nothing to show on this sheet


SHEET_SECTIONS: list[SheetSection] = []


def register_sheet_section(template: str, read: Callable[[Place], dict[str, Any] | None]) -> None:
    if all(section.template != template for section in SHEET_SECTIONS):
        SHEET_SECTIONS.append(SheetSection(template, read))


def sheet_sections(place: Place) -> list[tuple[str, dict[str, Any]]]:
    return [(section.template, found) for section in SHEET_SECTIONS if (found := section.read(place)) is not None]
