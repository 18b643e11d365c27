"""Disclosure control: the one module that decides how a count of people may be shown.

Two rules, applied by every display or export of people (breakdowns, territory synthesis,
open data, the network's own indicators):

1. **Small groups.** A count from 1 to 4 is never shown ("fewer than 5"); a breakdown of a group
   under 5 is not shown at all; when a single cell of a breakdown would be hidden, the next
   smallest is hidden too, so that it cannot be recomputed from the total.
2. **Rounding to base 5.** Every other count of people that is shown is rounded to the nearest
   multiple of 5 (halves up); 0 stays 0. Because readers choose periods, actions, districts and
   filters freely, two exact figures could be subtracted to recover a small group (249 people
   over the year and 246 until November give 3 in December). Rounded figures carry an
   uncertainty of ±2 each, so the difference of two of them only says "between 0 and 9" — a
   hidden small group cannot be recovered from any pair of published figures.

A structure's own team sees its own totals exactly (it entered each session); its breakdowns
follow both rules like every other display.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

SMALL_GROUP = 5
ROUNDING_BASE = 5


@dataclass(frozen=True)
class Cell:
    label: str
    count: int | None  # None: hidden, fewer than SMALL_GROUP or hidden to protect another cell

    @property
    def hidden(self) -> bool:
        return self.count is None


def is_small(count: int | Decimal) -> bool:
    return 0 < count < SMALL_GROUP


def rounded(count: int | Decimal) -> int:
    """`count` to the nearest multiple of `ROUNDING_BASE`, halves up (247 → 245, 248 → 250)."""
    steps = (Decimal(count) / ROUNDING_BASE).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(steps) * ROUNDING_BASE


def published(count: int | Decimal | None) -> int | None:
    """A count of people as it may be shown outside the team: None ("fewer than 5") from 1 to 4,
    otherwise rounded to base 5 (0 stays 0)."""
    if count is None or is_small(count):
        return None
    return rounded(count)


def protect(cells: Sequence[tuple[str, int]], total: int | None = None) -> list[Cell] | None:
    """The cells of one breakdown, small ones hidden and the others rounded; None if the whole
    group is small (then nothing of the breakdown may be shown)."""
    total = sum(count for _label, count in cells) if total is None else total
    if total < SMALL_GROUP:
        return None
    hidden = {index for index, (_label, count) in enumerate(cells) if is_small(count)}
    if len(hidden) == 1:
        others = [(count, index) for index, (_label, count) in enumerate(cells) if index not in hidden and count > 0]
        if others:
            hidden.add(min(others)[1])
    return [Cell(label, None if index in hidden else rounded(count)) for index, (label, count) in enumerate(cells)]
