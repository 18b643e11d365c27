"""Small-group protection: a count of fewer than `SMALL_GROUP` people is never shown broken down.

Used by every display or export that splits people into categories (gender, age band, answers
to a question...). A hidden cell is shown as "fewer than 5"; when a single cell would be hidden,
the next smallest one is hidden too, so that it cannot be recomputed from the total.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

SMALL_GROUP = 5


@dataclass(frozen=True)
class Cell:
    label: str
    count: int | None  # None: hidden, fewer than SMALL_GROUP or hidden to protect another cell

    @property
    def hidden(self) -> bool:
        return self.count is None


def is_small(count: int) -> bool:
    return 0 < count < SMALL_GROUP


def protect(cells: Sequence[tuple[str, int]], total: int | None = None) -> list[Cell] | None:
    """The cells of one breakdown, with small ones hidden; None if the whole group is small
    (then nothing of the breakdown may be shown, only the total if the caller wishes)."""
    total = sum(count for _label, count in cells) if total is None else total
    if total < SMALL_GROUP:
        return None
    hidden = {index for index, (_label, count) in enumerate(cells) if is_small(count)}
    if len(hidden) == 1:
        others = [(count, index) for index, (_label, count) in enumerate(cells) if index not in hidden and count > 0]
        if others:
            hidden.add(min(others)[1])
    return [Cell(label, None if index in hidden else count) for index, (label, count) in enumerate(cells)]
