"""What the territory's structures show together, read from indexed aggregates in a fixed number
of queries whatever the number of structures: coverage of the common référentiel, aggregated
values of common indicators (units matching), people reached, testimonies per dimension.

Only structures that share their validated référentiel with the network take part; a figure
counting people goes through `core.privacy.published` (hidden under 5, rounded to base 5)."""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, QuerySet, Subquery, Sum, Value, When
from django.utils.translation import gettext as _

from utilite.activities.models import MonthlyActivity
from utilite.core.privacy import published
from utilite.measures import sources
from utilite.measures.figures import computed, for_kind
from utilite.measures.models import CollectionPlan, IndicatorValue
from utilite.networks.models import Network
from utilite.organisations.models import Organisation, PublicGroup, Sector
from utilite.referentiels.models import Criterion, Indicator, Referentiel
from utilite.testimonies.models import Testimony, TestimonyCriterion

from .enums import Aggregation, Kind
from .models import CommonIndicator, CommonReferentiel, Dimension, Mapping


@dataclass
class Filters:
    start: datetime.date
    end: datetime.date
    sector: Sector | None = None
    public: PublicGroup | None = None
    district: str = ""


def taking_part(network: Network, filters: Filters | None = None) -> QuerySet[Organisation]:
    """The structures whose validated référentiel is shared with the network (and match)."""
    shared = Referentiel.objects.validated().shared_with_network().filter(organisation=OuterRef("pk"))
    organisations = Organisation.objects.filter(network=network).filter(Exists(shared))
    if filters is not None:
        if filters.sector:
            organisations = organisations.filter(sectors=filters.sector)
        if filters.public:
            organisations = organisations.filter(publics=filters.public)
        if filters.district:
            organisations = organisations.filter(district__iexact=filters.district)
    return organisations


def latest_published(network: Network) -> CommonReferentiel | None:
    return network.common_referentiels.published().first()


def dimensions_of(referentiel: CommonReferentiel, *, with_sources: bool = False) -> list[Dimension]:
    """Dimensions → criteria → indicators, in three queries (five more with the structure items
    each common one is drawn from)."""
    dimensions = referentiel.dimensions.order_by("position", "pk").prefetch_related("criteria__indicators")
    if with_sources:
        dimensions = dimensions.prefetch_related(
            "criteria__sources__registre__referentiel__organisation",
            "criteria__indicators__sources__criterion__registre__referentiel__organisation",
        )
    return list(dimensions)


def _column_index(columns: list[list[Any]]) -> Case:
    """A SQL expression giving the column (a set of common criterion uids) of a mapping."""
    whens = [When(common_criterion_uid__in=uids, then=Value(index)) for index, uids in enumerate(columns) if uids]
    return Case(*whens, default=Value(-1), output_field=IntegerField())


def _dimension_index(dimensions: list[Dimension]) -> Case:
    """The position of the dimension a mapping's common criterion belongs to."""
    return _column_index([[criterion.uid for criterion in dimension.criteria.all()] for dimension in dimensions])


@dataclass
class Figure:
    indicator: CommonIndicator
    structures: int = 0
    value: Decimal | None = None  # the sum or the mean, as the indicator declares
    lowest: Decimal | int | None = None  # None also when it would show fewer than 5 people
    median: Decimal | int | None = None
    highest: Decimal | int | None = None
    small: bool = False  # a number of people under 5: not shown

    @property
    def shown(self) -> bool:
        return self.structures > 0 and not self.small

    @property
    def spread(self) -> list[Decimal | int | None]:
        return [self.lowest, self.median, self.highest]


@dataclass(frozen=True)
class Quote:
    text: str
    organisation: str


@dataclass
class DimensionSummary:
    dimension: Dimension
    structures: int = 0
    criteria_covered: int = 0
    figures: list[Figure] = field(default_factory=list)
    testimonies: int = 0
    quotes: list[Quote] = field(default_factory=list)

    @property
    def criteria_total(self) -> int:
        return len(self.dimension.criteria.all())


@dataclass
class Synthesis:
    referentiel: CommonReferentiel | None
    structures: int
    people: int | None
    dimensions: list[DimensionSummary]
    specific_criteria: int

    @property
    def panorama(self) -> dict[str, Any]:
        return bars([(str(summary.dimension.title), summary.structures) for summary in self.dimensions])


def figures(organisations: QuerySet[Organisation], filters: Filters, dimensions: list[Dimension]) -> dict[Any, Figure]:
    """Each common indicator's value across structures, from their own mapped indicators whose
    unit matches (two queries: the mappings, then a total per structure and own indicator, put
    together per common indicator here)."""
    mappings = Mapping.objects.comparable().filter(organisation__in=organisations)
    common_of = {
        (organisation, item): common
        for organisation, item, common in mappings.values_list("organisation", "item_uid", "common_uid")
    }
    totals = (
        IndicatorValue.objects.filter(
            organisation__in=organisations,
            indicator_uid__in=mappings.values("item_uid"),
            period_start__gte=filters.start,
            period_start__lte=filters.end,
            value__isnull=False,
        )
        .values_list("organisation", "indicator_uid")
        .annotate(total=Sum("value"), entered=Count("value"))
        .order_by()
    )
    combined: dict[tuple[Any, int], list[Decimal]] = {}
    for organisation, item, total, entered in totals:
        common_uid = common_of.get((organisation, item))
        if common_uid is not None:  # an item another structure maps (a copied référentiel)
            sums = combined.setdefault((common_uid, organisation), [Decimal(0), Decimal(0)])
            sums[0] += total
            sums[1] += entered
    rows = [
        {"common_uid": common_uid, "organisation": organisation, "total": total, "mean": total / entered}
        for (common_uid, organisation), (total, entered) in combined.items()
    ]
    per_indicator: dict[Any, list[Any]] = defaultdict(list)
    for row in [*rows, *_computed(organisations, filters)]:
        per_indicator[row["common_uid"]].append(row)
    result = {}
    for dimension in dimensions:
        for criterion in dimension.criteria.all():
            for indicator in criterion.indicators.all():
                figure = Figure(indicator)
                found = per_indicator.get(indicator.uid, [])
                if found:
                    mean_kind = indicator.aggregation != Aggregation.SUM
                    values = sorted(Decimal(row["mean"] if mean_kind else row["total"]) for row in found)
                    figure.structures = len(values)
                    total = Decimal(sum(values))
                    figure.value = for_kind(total / len(values) if mean_kind else total, indicator.indicator_kind)
                    figure.lowest, figure.highest = values[0], values[-1]
                    figure.median = for_kind(statistics.median(values), indicator.indicator_kind)
                    if indicator.counts_people:  # fewer than 5 hidden, the rest rounded to base 5
                        people = published(figure.value)
                        figure.small = people is None
                        figure.value = None if people is None else Decimal(people)
                        figure.lowest, figure.median, figure.highest = (
                            published(value) for value in (figure.lowest, figure.median, figure.highest)
                        )
                result[indicator.uid] = figure
    return result


def _computed(organisations: QuerySet[Organisation], filters: Filters) -> list[dict[str, Any]]:
    """The mapped indicators that fill themselves from sessions, per structure, over the period:
    what the structure's dashboard shows, added up (three queries)."""
    common = Mapping.objects.comparable().filter(
        organisation=OuterRef("organisation"), item_uid=OuterRef("indicator_uid")
    )
    plans = list(
        CollectionPlan.objects.filter(organisation__in=organisations)
        .exclude(computed_from="")
        .annotate(common_uid=Subquery(common.values("common_uid")[:1]))
        .filter(common_uid__isnull=False)
        .values("organisation", "indicator_uid", "computed_from", "common_uid")
    )
    if not plans:
        return []
    concerned: dict[tuple[int, Any], set[int]] = defaultdict(set)  # the actions an indicator concerns
    for organisation, uid, action in Indicator.actions.through.objects.filter(
        indicator__uid__in=[plan["indicator_uid"] for plan in plans],
        indicator__criterion__registre__referentiel=Subquery(
            Referentiel.objects.latest_validated_pk_of("indicator__criterion__registre__referentiel__organisation")
        ),
    ).values_list("indicator__criterion__registre__referentiel__organisation", "indicator__uid", "action"):
        concerned[organisation, uid].add(action)
    monthly: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in sources.totals(
        {plan["organisation"] for plan in plans},
        filters.start,
        filters.end + datetime.timedelta(days=1),
        ("organisation", "action_key"),
        {plan["computed_from"] for plan in plans},
    ):
        monthly[row["organisation"]].append(row)
    result = []
    for plan in plans:
        actions = concerned.get((plan["organisation"], plan["indicator_uid"]))
        rows = [row for row in monthly[plan["organisation"]] if not actions or row["action_key"] in actions]
        value = computed(plan["computed_from"], rows)
        result.append({**plan, "total": value, "mean": value})
    return result


def synthesis(network: Network, filters: Filters, *, audience: str) -> Synthesis:
    """The territory at a glance. `audience` is the consent scope its testimonies need."""
    referentiel = latest_published(network)
    organisations = taking_part(network, filters)
    structures = organisations.count()
    participants = MonthlyActivity.objects.filter(
        organisation__in=organisations, month__gte=filters.start.replace(day=1), month__lte=filters.end
    ).aggregate(total=Sum("participants"))["total"]
    people = published(participants or 0)
    specific = specific_criteria(organisations).count()
    if referentiel is None:
        return Synthesis(None, structures, people, [], specific)
    dimensions = dimensions_of(referentiel)
    summaries = [DimensionSummary(dimension) for dimension in dimensions]
    index = _dimension_index(dimensions)
    mappings = Mapping.objects.filter(organisation__in=organisations).annotate(dimension=index)
    spread = mappings.values("dimension").annotate(
        structures=Count("organisation", distinct=True), criteria=Count("common_criterion_uid", distinct=True)
    )
    for row in spread:
        if row["dimension"] >= 0:
            summaries[row["dimension"]].structures = row["structures"]
            summaries[row["dimension"]].criteria_covered = row["criteria"]
    found = figures(organisations, filters, dimensions)
    for summary in summaries:
        summary.figures = [
            found[indicator.uid]
            for criterion in summary.dimension.criteria.all()
            for indicator in criterion.indicators.all()
        ]
    _testimonies(summaries, organisations, filters, audience, index)
    return Synthesis(referentiel, structures, people, summaries, specific)


def specific_criteria(organisations: QuerySet[Organisation]) -> QuerySet[Criterion]:
    """Criteria of the structures' latest validated référentiel that stand for no common one:
    what is specific to each structure, kept visible."""
    latest = Referentiel.objects.latest_validated_pk_of("registre__referentiel__organisation")
    mapped = Mapping.objects.filter(
        organisation=OuterRef("registre__referentiel__organisation"), kind=Kind.CRITERION, item_uid=OuterRef("uid")
    )
    return Criterion.objects.filter(
        registre__referentiel__organisation__in=organisations, registre__referentiel=Subquery(latest)
    ).exclude(Exists(mapped))


def _testimonies(
    summaries: list[DimensionSummary],
    organisations: QuerySet[Organisation],
    filters: Filters,
    audience: str,
    index: Case,
) -> None:
    """Testimonies tagged with a criterion mapped to a common one, per dimension (two queries)."""
    usable = Testimony.objects.usable_for(audience).filter(
        organisation__in=organisations, collected_on__gte=filters.start, collected_on__lte=filters.end
    )
    mapped = Mapping.objects.filter(
        organisation=OuterRef("testimony__organisation"), kind=Kind.CRITERION, item_uid=OuterRef("criterion_uid")
    )
    links = (
        TestimonyCriterion.objects.filter(testimony__in=usable)
        .annotate(common_criterion_uid=Subquery(mapped.values("common_criterion_uid")[:1]))
        .filter(common_criterion_uid__isnull=False)
        .annotate(dimension=index)
        .values("testimony_id", "dimension", "testimony__text", "testimony__caption", "testimony__organisation__name")
        .order_by("testimony__collected_on", "testimony_id")
    )
    seen: dict[int, set[int]] = defaultdict(set)
    for link in links:
        position = link["dimension"]
        if position < 0 or link["testimony_id"] in seen[position]:
            continue
        seen[position].add(link["testimony_id"])
        summary = summaries[position]
        summary.testimonies += 1
        if len(summary.quotes) < 2:
            summary.quotes.append(
                Quote(
                    text=link["testimony__text"] or link["testimony__caption"],
                    organisation=link["testimony__organisation__name"],
                )
            )


@dataclass
class CoverageRow:
    organisation: Organisation
    cells: list[int]  # items mapped, per dimension
    specific: int


def coverage(
    organisations: Iterable[Organisation], dimensions: list[Dimension], *, by_criterion: bool = False
) -> list[CoverageRow]:
    """The matrix of structures by dimensions (or by common criteria) for one page of
    structures (two queries)."""
    page = list(organisations)
    counts: dict[tuple[int, int], int] = {}
    if by_criterion:
        columns = [[criterion.uid] for dimension in dimensions for criterion in dimension.criteria.all()]
    else:
        columns = [[criterion.uid for criterion in dimension.criteria.all()] for dimension in dimensions]
    rows = (
        Mapping.objects.filter(organisation__in=page)
        .annotate(dimension=_column_index(columns))
        .values("organisation", "dimension")
        .annotate(items=Count("pk"))
    )
    for row in rows:
        counts[row["organisation"], row["dimension"]] = row["items"]
    specific = dict(
        specific_criteria(Organisation.objects.filter(pk__in=[o.pk for o in page]))
        .values("registre__referentiel__organisation")
        .annotate(n=Count("pk"))
        .values_list("registre__referentiel__organisation", "n")
    )
    return [
        CoverageRow(
            organisation,
            [counts.get((organisation.pk, i), 0) for i in range(len(columns))],
            specific.get(organisation.pk, 0),
        )
        for organisation in page
    ]


def structure_panorama(organisation: Organisation, referentiel: CommonReferentiel | None) -> dict[str, Any]:
    """A structure's criteria placed in the common dimensions, and those that are its own."""
    latest = organisation.referentiels.latest_validated()
    own = (
        list(
            Criterion.objects.filter(registre__referentiel=latest)
            .select_related("registre")
            .order_by("registre__position", "position", "pk")
        )
        if latest
        else []
    )
    mapped = dict(
        Mapping.objects.filter(organisation=organisation, kind=Kind.CRITERION).values_list(
            "item_uid", "common_criterion_uid"
        )
    )
    placed: dict[Any, list[Criterion]] = defaultdict(list)
    specific = []
    for criterion in own:
        if criterion.uid in mapped:
            placed[mapped[criterion.uid]].append(criterion)
        else:
            specific.append(criterion)
    dimensions: list[dict[str, Any]] = []
    if referentiel is not None:
        for dimension in dimensions_of(referentiel):
            items = [{"common": common, "own": placed.get(common.uid, [])} for common in dimension.criteria.all()]
            count = sum(len(placed.get(common.uid, [])) for common in dimension.criteria.all())
            dimensions.append({"dimension": dimension, "items": items, "count": count})
    chart = bars(
        [(str(entry["dimension"].title), int(entry["count"])) for entry in dimensions]
        + [(str(_("Specific to the structure")), len(specific))]
    )
    return {"referentiel": latest, "dimensions": dimensions, "specific": specific, "chart": chart}


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    y: int
    width: int


ROW = 18  # height of a bar's row in the panorama's SVG (viewBox units; the SVG is 400 wide)


def bars(items: list[tuple[str, int]]) -> dict[str, Any]:
    """The geometry of a panorama: one horizontal bar per item, scaled to the widest."""
    widest = max([count for _label, count in items] + [1])
    rows = [Bar(label, count, index * ROW, round(count / widest * 190)) for index, (label, count) in enumerate(items)]
    return {"bars": rows, "height": max(len(rows), 1) * ROW}
