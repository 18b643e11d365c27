"""The library of suggested criteria and indicators (a version-controlled TOML file)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from .models import INDICATOR_TEXT_FIELDS

LIBRARY_FILE = Path(__file__).resolve().parent / "data" / "library.toml"
INDICATOR_FIELDS = {"title", "level", "kind", *INDICATOR_TEXT_FIELDS}


@dataclass(frozen=True)
class Suggestion:
    key: str  # stable within the file: "r1", "r1.c2", "r1.c2.i1"
    title: str
    provenance: str
    description: str = ""
    fields: dict[str, Any] = field(default_factory=dict)
    stakeholders: tuple[str, ...] = ()
    children: tuple[Suggestion, ...] = ()

    @property
    def level_label(self) -> str:
        from .enums import Level

        return str(Level(self.fields["level"]).label) if "level" in self.fields else ""


@cache
def load_library(path: Path = LIBRARY_FILE) -> tuple[Suggestion, ...]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    registres = []
    for r, registre in enumerate(data["registres"], start=1):
        criteria = []
        for c, criterion in enumerate(registre.get("criteria", []), start=1):
            indicators = tuple(
                Suggestion(
                    key=f"r{r}.c{c}.i{i}",
                    title=indicator["title"],
                    provenance=indicator["provenance"],
                    fields={name: value for name, value in indicator.items() if name in INDICATOR_FIELDS},
                    stakeholders=tuple(indicator.get("stakeholders", ())),
                )
                for i, indicator in enumerate(criterion.get("indicators", []), start=1)
            )
            criteria.append(Suggestion(f"r{r}.c{c}", criterion["title"], criterion["provenance"], children=indicators))
        registres.append(
            Suggestion(
                f"r{r}",
                registre["title"],
                registre["provenance"],
                registre.get("description", ""),
                children=tuple(criteria),
            )
        )
    return tuple(registres)
