"""The network evaluates itself: its own réalisation indicators, computed from the platform
year by year (structures taking part, fiches published, contributions, diversity of publics and
sectors, people reached) — the indicators the 2006-2008 projects proposed for themselves."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from utilite.activities.models import NetworkActivity
from utilite.core.privacy import published
from utilite.fiches.models import PublishedVersion
from utilite.networks.models import Network
from utilite.organisations.models import Organisation, PublicGroup, Sector
from utilite.referentiels.models import Referentiel

from .models import Comment, CommonCriterion, CommonIndicator


@dataclass(frozen=True)
class Section:
    """A part of « Le réseau s'évalue » that an app above this one adds (the directory of places):
    its template and the figures it shows, read in a bounded number of queries."""

    template: str
    figures: Callable[[Network, datetime.date], dict[str, Any]]


SECTIONS: list[Section] = []


def register_section(template: str, figures: Callable[[Network, datetime.date], dict[str, Any]]) -> None:
    if all(section.template != template for section in SECTIONS):
        SECTIONS.append(Section(template, figures))


def sections(network: Network, today: datetime.date) -> list[tuple[str, dict[str, Any]]]:
    return [(section.template, section.figures(network, today)) for section in SECTIONS]


@dataclass
class Row:
    title: str
    definition: str
    values: list[int] | list[int | None]  # one per year, None: fewer than 5 people


def network_indicators(network: Network, years: list[int]) -> list[Row]:
    """Each indicator over `years`, with one query per indicator whatever the network's size."""

    def per_year(field: str) -> dict[str, Q]:
        return {f"y{year}": Q(**{f"{field}__year": year}) for year in years}

    def counted(queryset, field: str, counted_field: str = "pk", distinct: bool = False) -> list[int]:  # type: ignore[no-untyped-def]
        filters = per_year(field)
        totals = queryset.aggregate(
            **{key: Count(counted_field, filter=condition, distinct=distinct) for key, condition in filters.items()}
        )
        return [int(totals[f"y{year}"] or 0) for year in years]

    structures = Organisation.objects.filter(network=network)
    validated = Referentiel.objects.validated().filter(organisation__network=network)
    taking_part = counted(validated, "validated_at", "organisation", distinct=True)
    fiches = counted(PublishedVersion.objects.filter(fiche__organisation__network=network), "published_at")
    comments = counted(Comment.objects.filter(network=network), "created_at")
    proposed = [
        a + b
        for a, b in zip(
            counted(CommonCriterion.objects.filter(dimension__referentiel__network=network), "created_at"),
            counted(CommonIndicator.objects.filter(criterion__dimension__referentiel__network=network), "created_at"),
            strict=True,
        )
    ]
    contributions = [a + b for a, b in zip(comments, proposed, strict=True)]
    people_rows = NetworkActivity.objects.filter(network=network).aggregate(
        **{
            f"y{year}": Sum(
                "participants",
                filter=Q(month__year=year),
            )
            for year in years
        }
    )
    people = [people_rows[f"y{year}"] or 0 for year in years]
    publics = PublicGroup.objects.filter(organisations__network=network).distinct().count()
    sectors = Sector.objects.filter(organisations__network=network).distinct().count()
    total = structures.count()
    return [
        Row(
            str(_("Structures taking part")), str(_("Structures that validated a référentiel that year")), taking_part
        ),
        Row(str(_("Fiches published")), str(_("Versions of evaluation sheets published that year")), fiches),
        Row(
            str(_("Contributions to the common référentiel")),
            str(_("Comments, proposals and common items written that year")),
            contributions,
        ),
        Row(
            str(_("People reached")),
            str(_("Participations in the sessions of the network's structures, counted anonymously")),
            [published(value) for value in people],
        ),
        Row(
            str(_("Diversity of publics")),
            str(_("Different publics the structures of the network work with (today)")),
            [publics for _year in years],
        ),
        Row(
            str(_("Diversity of sectors")),
            str(_("Different sectors the structures of the network belong to (today)")),
            [sectors for _year in years],
        ),
        Row(
            str(_("Structures in the network")),
            str(_("Structures recorded (today)")),
            [total] * len(years),
        ),
    ]
