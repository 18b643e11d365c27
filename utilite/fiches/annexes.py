"""Annexes of a fiche that apps above it provide (the timeline of a wiki space's work): each
registered builder gives sections — a title, column headers and rows of plain text — which the
snapshot freezes with the rest, so a published version keeps them as they were."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import Fiche

Builder = Callable[["Fiche"], list[dict[str, Any]]]
_BUILDERS: list[Builder] = []


def register(builder: Builder) -> None:
    if builder not in _BUILDERS:
        _BUILDERS.append(builder)


def build(fiche: Fiche) -> list[dict[str, Any]]:
    sections: list[dict[str, Any]] = []
    for builder in _BUILDERS:
        sections.extend(builder(fiche))
    return sections
