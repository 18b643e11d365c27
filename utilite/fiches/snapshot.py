"""Everything a fiche shows, gathered once into plain data (JSON): the draft is previewed from a
fresh snapshot, a published version is shown and rendered from its frozen one."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, cast

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from utilite.activities.reads import participants_breakdown
from utilite.core.markdown import render_markdown
from utilite.core.privacy import published
from utilite.measures.dashboard import figures_of
from utilite.measures.grid import plans_of
from utilite.questionnaires.models import Campaign
from utilite.questionnaires.results import compute
from utilite.testimonies.models import ConsentScope, Testimony

from . import annexes
from .enums import LICENCE_URLS, NARRATIVE, Licence
from .models import Fiche

SCHEMA = 1


def _number(value: Decimal | None) -> str | None:
    return None if value is None else f"{value.normalize():f}"


def _months(start: datetime.date, end: datetime.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month + 1


def build(fiche: Fiche, *, version: int | None = None) -> dict[str, Any]:
    organisation = fiche.organisation
    action_key = fiche.action_id
    snapshot: dict[str, Any] = {
        "schema": SCHEMA,
        "version": version or fiche.version,
        "generated_on": timezone.localdate().isoformat(),
        "generated_label": date_format(timezone.localdate(), "j F Y"),
        "title": fiche.title,
        "licence": {
            "code": fiche.licence,
            "label": str(Licence(fiche.licence).label),
            "url": LICENCE_URLS.get(Licence(fiche.licence), ""),
        },
        "period": {
            "start": fiche.period_start.isoformat(),
            "end": fiche.period_end.isoformat(),
            "label": _("%(start)s to %(end)s")
            % {"start": date_format(fiche.period_start, "j F Y"), "end": date_format(fiche.period_end, "j F Y")},
        },
        "organisation": {
            "name": organisation.name,
            "kind": organisation.get_kind_display(),
            "district": organisation.district,
            "description": organisation.description,
        },
        "action": None,
        "narrative": [
            {
                "key": key,
                "title": str(cast(models.Field, Fiche._meta.get_field(key)).verbose_name),
                "html": str(render_markdown(getattr(fiche, key))),
            }
            for key in NARRATIVE
        ],
    }
    if fiche.action is not None:
        snapshot["action"] = {
            "title": fiche.action.title,
            "description": fiche.action.description,
            "publics": [str(public) for public in fiche.action.publics.all()],
        }
    snapshot["referentiel"] = _referentiel(fiche, action_key)
    total, breakdowns = participants_breakdown(
        organisation, since=fiche.period_start.replace(day=1), until=fiche.period_end, action_key=action_key
    )
    snapshot["public"] = {
        "total": published(total),  # rounded to base 5, None under 5 (core.privacy)
        "small": published(total) is None,
        "breakdowns": [
            {
                "dimension": breakdown.dimension,
                "cells": None
                if breakdown.cells is None
                else [{"label": cell.label, "count": cell.count} for cell in breakdown.cells],
            }
            for breakdown in breakdowns
        ],
    }
    snapshot["questionnaires"] = _questionnaires(fiche)
    snapshot["testimonies"] = _testimonies(fiche)
    snapshot["annexes"] = annexes.build(fiche)
    return snapshot


def _referentiel(fiche: Fiche, action_key: int | None) -> dict[str, Any] | None:
    referentiel = fiche.organisation.referentiels.latest_validated()
    if referentiel is None:
        return None
    plans = plans_of(fiche.organisation)
    items = figures_of(
        fiche.organisation,
        referentiel,
        until=fiche.period_end,
        months=_months(fiche.period_start, fiche.period_end),
        action_key=action_key,
    )
    registres: list[dict[str, Any]] = []
    for item in items:
        indicator = item.indicator
        criterion, registre = indicator.criterion, indicator.criterion.registre
        if not registres or registres[-1]["title"] != registre.title:
            registres.append({"title": registre.title, "criteria": []})
        criteria = registres[-1]["criteria"]
        if not criteria or criteria[-1]["title"] != criterion.title:
            criteria.append({"title": criterion.title, "uid": str(criterion.uid), "indicators": []})
        plan = plans.get(indicator.uid)
        latest = item.latest
        criteria[-1]["indicators"].append(
            {
                "title": indicator.title,
                "level": indicator.get_level_display(),
                "kind": indicator.kind,
                "unit": indicator.unit,
                "source": indicator.data_source,
                "frequency": plan.get_period_type_display() if plan else indicator.frequency,
                "target": indicator.target,
                "computed": item.computed,
                "points": [
                    {"period": point.period, "value": _number(point.value), "text": point.text}
                    for point in item.points
                    if point.value is not None or point.text
                ],
                "latest": None
                if latest is None
                else {"period": latest.period, "value": _number(latest.value), "text": latest.text},
                "progress": item.progress,
            }
        )
    return {"version": referentiel.version, "registres": registres}


def _questionnaires(fiche: Fiche) -> list[dict[str, Any]]:
    campaigns = Campaign.objects.for_organisation(fiche.organisation).filter(
        period_start__gte=fiche.period_start, period_start__lte=fiche.period_end
    )
    if fiche.action_id:
        campaigns = campaigns.filter(action_id=fiche.action_id)
    result = []
    for campaign in campaigns.select_related("questionnaire", "compared_with").order_by("period_start", "pk"):
        results = compute(campaign)
        entry: dict[str, Any] = {
            "title": campaign.questionnaire.title,
            "moment": campaign.get_moment_display(),
            "responses": results.responses,
            "rate": _number(results.response_rate),
            "shown": results.shown,
            "scores": [],
            "questions": [],
        }
        if results.shown:
            for score in results.scores:
                if score.shown:
                    entry["scores"].append(
                        {
                            "title": score.section.title,
                            "mean": _number(score.mean),
                            "before": _number(score.before_mean),
                            "range": list(score.score_range),
                            "improved": score.change.improved if score.change and score.change.shown else None,
                            "pairs": score.change.pairs if score.change and score.change.shown else None,
                        }
                    )
            for item in results.questions:
                if item.shown and item.numeric and not item.in_scale:
                    entry["questions"].append(
                        {
                            "wording": item.question.wording,
                            "mean": _number(item.mean),
                            "before": _number(item.before_mean),
                        }
                    )
        result.append(entry)
    return result


def _testimonies(fiche: Fiche) -> list[dict[str, Any]]:
    """Testimonies a report to funders may use, collected during the period."""
    testimonies = (
        Testimony.objects.for_organisation(fiche.organisation)
        .usable_for(ConsentScope.FUNDERS)
        .filter(collected_on__gte=fiche.period_start, collected_on__lte=fiche.period_end)
        .order_by("collected_on", "pk")
    )
    return [
        {
            "id": testimony.pk,
            "kind": testimony.kind,
            "text": testimony.text,
            "caption": testimony.caption,
            "speaker": testimony.speaker,
            "collected_on": testimony.collected_on.isoformat(),
        }
        for testimony in testimonies
    ]


def still_consented(snapshot: dict[str, Any]) -> dict[str, Any]:
    """A snapshot without the testimonies whose consent was withdrawn since: a withdrawal
    reaches every future output, published versions included (one query)."""
    ids = [testimony["id"] for testimony in snapshot.get("testimonies", [])]
    if not ids:
        return snapshot
    kept = set(Testimony.objects.filter(pk__in=ids, revoked_at__isnull=True).values_list("pk", flat=True))
    return {**snapshot, "testimonies": [t for t in snapshot["testimonies"] if t["id"] in kept]}


def _chart(points: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Geometry of a small bar chart (SVG viewBox: width by 60), one bar per period with a number."""
    values = [Decimal(point["value"]) for point in points if point.get("value") is not None]
    if not values:
        return None
    top = max([*values, Decimal(1)])
    bars = []
    for index, value in enumerate(values):
        height = int(value / top * 50)
        bars.append({"x": index * 12 + 1, "y": 55 - height, "height": height})
    return {"width": max(len(values) * 12, 24), "bars": bars}


def for_display(snapshot: dict[str, Any]) -> dict[str, Any]:
    """What a page or a file shows: still-consented testimonies, and charts worked out."""
    shown = still_consented(snapshot)
    referentiel = shown.get("referentiel")
    if referentiel:
        registres = [
            {
                **registre,
                "criteria": [
                    {
                        **criterion,
                        "indicators": [
                            {**indicator, "chart": _chart(indicator["points"])}
                            for indicator in criterion["indicators"]
                        ],
                    }
                    for criterion in registre["criteria"]
                ],
            }
            for registre in referentiel["registres"]
        ]
        shown = {**shown, "referentiel": {**referentiel, "registres": registres}}
    return shown


def for_public(snapshot: dict[str, Any]) -> dict[str, Any]:
    """What anyone may read (a fiche shown on a place's sheet): only the testimonies whose
    consent covers the public, and is not withdrawn (one query)."""
    shown = for_display(snapshot)
    ids = [testimony["id"] for testimony in shown.get("testimonies", [])]
    public = set(Testimony.objects.filter(pk__in=ids).usable_for(ConsentScope.PUBLIC).values_list("pk", flat=True))
    return {
        **shown,
        "testimonies": [testimony for testimony in shown.get("testimonies", []) if testimony["id"] in public],
    }
