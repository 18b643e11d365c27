"""Validated short scales offered as ready-made sections (domain guide §3), read from
`data/modules.toml`. Their wording cannot be edited; they are scored as their authors specify:
Rosenberg self-esteem (10 items, 1 to 4, items 3, 5, 8, 9, 10 reversed, total 10 to 40) and UCLA
3-item loneliness (1 to 3 each, total 3 to 9, higher = lonelier)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.db import models
from django.utils.translation import gettext_lazy as _


class Module(models.TextChoices):
    ROSENBERG = "rosenberg", _("Self-esteem (Rosenberg scale, 10 questions)")
    UCLA3 = "ucla3", _("Loneliness (UCLA scale, 3 questions)")


@dataclass(frozen=True)
class ModuleSpec:
    code: str
    title: str
    intro: str
    points: list[str]
    items: list[tuple[str, bool]]  # wording, reversed
    higher_is_better: bool
    source: str

    @property
    def score_range(self) -> tuple[int, int]:
        return len(self.items), len(self.items) * len(self.points)


@cache
def modules() -> dict[str, ModuleSpec]:
    data = tomllib.loads((Path(__file__).parent / "data" / "modules.toml").read_text(encoding="utf-8"))
    return {
        code: ModuleSpec(
            code=code,
            title=spec["title"],
            intro=spec["intro"],
            points=list(spec["points"]),
            items=[(item["wording"], bool(item["reversed"])) for item in spec["items"]],
            higher_is_better=bool(spec["higher_is_better"]),
            source=spec["source"],
        )
        for code, spec in data.items()
    }


def score(answers: list[int | None], spec: ModuleSpec) -> int | None:
    """The total of one person's answers, items reversed as specified; None unless every item
    was answered (a partial total would not be comparable)."""
    if len(answers) != len(spec.items) or any(answer is None for answer in answers):
        return None
    top = len(spec.points) + 1
    return sum(
        top - answer if reversed_ else answer
        for answer, (_wording, reversed_) in zip(answers, spec.items, strict=True)
        if answer is not None
    )
