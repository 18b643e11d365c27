"""`{{ value|figure }}`: an indicator's figure written as every page writes it (measures.figures)."""

from decimal import Decimal

from django import template

from utilite.measures.figures import as_text

register = template.Library()


@register.filter
def figure(value: Decimal | str | int | float | None) -> str:
    return as_text(value)
