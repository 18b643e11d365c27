"""The one rule for an indicator's figures: how sessions become a number, how several values
combine, how a figure is rounded and how it is written.

The value grid, the dashboard, fiches, the territory synthesis, open data and questionnaire
statistics all go through here, so that 100 minutes reads « 1,7 » everywhere."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import formats

from utilite.referentiels.enums import IndicatorKind

from .enums import ComputedFrom

# One step per unit. Counts of sessions and participations are whole numbers.
HOURS_STEP = Decimal("0.1")
STEP = {
    IndicatorKind.COUNT: Decimal("0.1"),
    IndicatorKind.PERCENTAGE: Decimal("0.1"),
    IndicatorKind.YES_NO: Decimal("0.1"),  # a share of yes, in %
    IndicatorKind.SCALE: Decimal("0.01"),
    IndicatorKind.ORDINAL: Decimal("0.01"),
    IndicatorKind.QUALITATIVE: Decimal("0.01"),
}
MEAN_STEP = Decimal("0.01")  # a questionnaire's mean answer or score


def plain(value: Decimal) -> Decimal:
    """Without trailing zeros and without an exponent: 7.50 → 7.5, 100.00 → 100."""
    result = value.normalize()
    return result.quantize(Decimal(1)) if result == result.to_integral() else result


def rounded(value: Decimal | float | int, step: Decimal) -> Decimal:
    """`value` to `step`, halves away from zero, written plain."""
    return plain(Decimal(value).quantize(step, rounding=ROUND_HALF_UP))


def for_kind(value: Decimal | float | int, kind: str) -> Decimal:
    return rounded(value, STEP.get(IndicatorKind(kind), Decimal("0.01")))


def hours(minutes: int | Decimal) -> Decimal:
    return rounded(Decimal(minutes) / 60, HOURS_STEP)


def percentage(part: int, whole: int) -> Decimal | None:
    return rounded(Decimal(part * 100) / whole, STEP[IndicatorKind.PERCENTAGE]) if whole else None


def mean(value: Decimal | float) -> Decimal:
    return rounded(value, MEAN_STEP)


def computed(computed_from: str, totals: Iterable[Mapping[str, int | None]]) -> Decimal:
    """A réalisation indicator that fills itself: the sum of `totals` rows (`measures.sources`:
    `sessions`, `participants`, `minutes`, contributions…), in hours for hours."""
    if computed_from == ComputedFrom.HOURS:
        return hours(sum(row["minutes"] or 0 for row in totals))
    return Decimal(sum(row.get(computed_from) or 0 for row in totals))


def combined(kind: str, numbers: list[Decimal]) -> Decimal:
    """One figure from the values of several actions (or structures): their sum for counts,
    their mean otherwise."""
    if kind == IndicatorKind.COUNT:
        return rounded(sum(numbers, Decimal(0)), STEP[IndicatorKind.COUNT])
    return for_kind(sum(numbers, Decimal(0)) / len(numbers), kind)


def parse(text: str) -> Decimal | None:
    """A figure as people write it in a target ("60 %", "12,5"), or None."""
    try:
        return Decimal(text.replace(",", ".").replace("%", "").strip()) if text else None
    except InvalidOperation:
        return None


def as_text(value: Decimal | str | int | float | None) -> str:
    """A figure as the page shows it, in the current language: « 1,7 », « 1 234 »; "" for none.
    Strings (figures kept in a snapshot) are read back first."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(value)
    except InvalidOperation:
        return str(value)
    return formats.number_format(plain(number), use_l10n=True)
