"""A structure and the common référentiel: adopt common items, map its own items to them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from utilite.accounts.http import AuthenticatedHttpRequest
from utilite.core.permissions import require
from utilite.organisations.permissions import get_team_organisation_or_404
from utilite.referentiels import models as structure

from .. import services
from ..enums import Kind
from ..models import CommonCriterion, CommonIndicator, Mapping
from ..synthesis import dimensions_of, latest_published


def get_object_or_404_in(items: dict[str, Any], key: str) -> Any:
    require(key in items)
    return items[key]


def _own_items(organisation: Any) -> tuple[structure.Referentiel | None, list[structure.Criterion]]:
    """The référentiel people work on (the draft, else the latest validated), with its items."""
    referentiel = organisation.referentiels.drafts().first() or organisation.referentiels.latest_validated()
    if referentiel is None:
        return None, []
    criteria = list(
        structure.Criterion.objects.filter(registre__referentiel=referentiel)
        .select_related("registre")
        .prefetch_related("indicators")
        .order_by("registre__position", "registre__pk", "position", "pk")
    )
    return referentiel, criteria


def structure_commons(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = get_team_organisation_or_404(request.user, slug)
    common = latest_published(organisation.network)
    referentiel, criteria = _own_items(organisation)
    mappings = {mapping.item_uid: mapping for mapping in Mapping.objects.filter(organisation=organisation)}
    dimensions = dimensions_of(common) if common else []
    commons_by_uid: dict[Any, Any] = {}
    for dimension in dimensions:
        for criterion in dimension.criteria.all():
            commons_by_uid[criterion.uid] = criterion
            for indicator in criterion.indicators.all():
                commons_by_uid[indicator.uid] = indicator
    adopted_uids = {m.common_uid for m in mappings.values()}  # adopted or mapped: already there
    changed = [
        commons_by_uid[m.common_uid]
        for m in mappings.values()
        if m.adopted
        and m.common_uid in commons_by_uid
        and commons_by_uid[m.common_uid].changed_in > (m.adopted_version or 0)
    ]
    rows = [
        {
            "item": criterion,
            "kind": Kind.CRITERION,
            "mapping": mappings.get(criterion.uid),
            "common": commons_by_uid.get(getattr(mappings.get(criterion.uid), "common_uid", None)),
            "indicators": [
                {
                    "item": indicator,
                    "kind": Kind.INDICATOR,
                    "mapping": mappings.get(indicator.uid),
                    "common": commons_by_uid.get(getattr(mappings.get(indicator.uid), "common_uid", None)),
                }
                for indicator in criterion.indicators.all()
            ],
        }
        for criterion in criteria
    ]
    context = {
        "organisation": organisation,
        "common": common,
        "dimensions": dimensions,
        "referentiel": referentiel,
        "rows": rows,
        "adopted_uids": adopted_uids,
        "changed": changed,
    }
    return render(request, "commons/structure.html", context)


@require_POST
def adopt(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = get_team_organisation_or_404(request.user, slug)
    common = latest_published(organisation.network)
    require(common is not None)
    kind, pk = request.POST.get("kind"), request.POST.get("pk", "")
    require(kind in {Kind.CRITERION, Kind.INDICATOR} and pk.isdigit())
    if kind == Kind.CRITERION:
        item: Any = get_object_or_404(CommonCriterion.objects.filter(dimension__referentiel=common), pk=pk)
    else:
        item = get_object_or_404(CommonIndicator.objects.filter(criterion__dimension__referentiel=common), pk=pk)
    try:
        draft = services.adopt(organisation, item, user=request.user)
    except services.Refused as refusal:
        messages.error(request, str(refusal))
        return redirect("commons:structure", slug=slug)
    messages.success(
        request,
        _("“%(title)s” is copied into version %(version)s of your référentiel (a draft: validate it when ready).")
        % {"title": item.title, "version": draft.version},
    )
    return redirect("commons:structure", slug=slug)


@require_POST
def map_item(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Map one of the structure's own items to a common one, or undo it (empty choice)."""
    organisation = get_team_organisation_or_404(request.user, slug)
    common = latest_published(organisation.network)
    require(common is not None)
    _referentiel, criteria = _own_items(organisation)
    own_by_pk: dict[str, structure.Criterion | structure.Indicator] = {f"criterion-{c.pk}": c for c in criteria}
    own_by_pk |= {f"indicator-{i.pk}": i for c in criteria for i in c.indicators.all()}
    own = get_object_or_404_in(own_by_pk, request.POST.get("item", ""))
    chosen = request.POST.get("common", "")
    if not chosen:
        services.unmap_item(organisation, own.uid)
        messages.success(request, _("“%(title)s” no longer corresponds to a common item.") % {"title": own.title})
        return redirect("commons:structure", slug=slug)
    require(chosen.isdigit())
    if isinstance(own, structure.Indicator):
        target: Any = get_object_or_404(
            CommonIndicator.objects.filter(criterion__dimension__referentiel=common), pk=chosen
        )
    else:
        target = get_object_or_404(CommonCriterion.objects.filter(dimension__referentiel=common), pk=chosen)
    mapping = services.map_item(organisation, own, target, user=request.user)
    message = _("“%(own)s” corresponds to “%(common)s”.") % {"own": own.title, "common": target.title}
    if mapping.kind == Kind.INDICATOR and not mapping.unit_matches:
        message += " " + _("Its type or unit differ: its values are not added up with the others.")
    messages.success(request, message)
    return redirect("commons:structure", slug=slug)
