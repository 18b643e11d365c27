"""What is due now: values of the current period not entered yet, for many structures at once
(a fixed number of queries, whatever the number of structures or indicators)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Max, Q

from utilite.organisations.models import Organisation
from utilite.referentiels.models import Indicator, Referentiel

from . import periods
from .enums import GRANULARITY_OF, PeriodType
from .models import CollectionPlan, IndicatorValue


def missing_now(organisations: Iterable[Organisation], today: datetime.date) -> dict[int, int]:
    """For each structure with a validated référentiel: how many values of the current period are missing."""
    ids = [organisation.pk for organisation in organisations]
    latest = (
        Referentiel.objects.validated()
        .filter(organisation_id__in=ids)
        .values("organisation_id")
        .annotate(version=Max("version"))
    )
    condition = Q()
    for row in latest:
        condition |= Q(
            criterion__registre__referentiel__organisation_id=row["organisation_id"],
            criterion__registre__referentiel__version=row["version"],
        )
    if not condition:
        return {}
    indicators = Indicator.objects.filter(condition).values_list(
        "uid", "criterion__registre__referentiel__organisation_id"
    )
    plans = {
        (plan.organisation_id, plan.indicator_uid): plan
        for plan in CollectionPlan.objects.filter(organisation_id__in=ids)
    }
    starts = {granularity: periods.start_of(today, granularity) for granularity in ("month", "quarter", "year")}
    entered = set(
        IndicatorValue.objects.filter(
            Q(granularity="month", period_start=starts["month"])
            | Q(granularity="quarter", period_start=starts["quarter"])
            | Q(granularity="year", period_start=starts["year"]),
            organisation_id__in=ids,
        ).values_list("organisation_id", "indicator_uid", "granularity")
    )
    missing: dict[int, int] = {}
    for uid, organisation_id in indicators:
        plan = plans.get((organisation_id, uid))
        if plan and plan.computed_from:
            continue
        granularity = GRANULARITY_OF[PeriodType(plan.period_type if plan else PeriodType.MONTHLY)]
        missing.setdefault(organisation_id, 0)
        if (organisation_id, uid, granularity) not in entered:
            missing[organisation_id] += 1
    return missing
