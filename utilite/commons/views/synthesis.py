"""The territory synthesis and panoramas, the data package, and the network's own evaluation."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django_htmx.http import HttpResponseClientRefresh

from utilite.accounts.http import AuthenticatedHttpRequest
from utilite.core.downloads import attachment
from utilite.core.htmx import render_page_or_partial
from utilite.core.permissions import require
from utilite.organisations.permissions import can_view_private, get_organisation_or_404
from utilite.testimonies.models import ConsentScope

from .. import evaluation, opendata, snapshots
from ..evaluation import network_indicators
from ..forms import SynthesisFilterForm
from ..permissions import can_view_synthesis, get_network_for
from ..synthesis import coverage, latest_published, structure_panorama, taking_part

MATRIX_ROWS = 25  # structures per page of the coverage matrix


def territory(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    network = get_network_for(request.user, slug, can_view_synthesis)
    form = SynthesisFilterForm(request.GET or None)
    filters = form.filters(timezone.localdate())
    if not form.is_bound:
        form = SynthesisFilterForm(initial={"start": filters.start, "end": filters.end})
    reading = snapshots.read(network, filters, audience=ConsentScope.FUNDERS)
    result = reading.synthesis
    if result is None:  # a large network's first look at these filters: computed in the background
        context = {"network": network, "form": form, "filters": filters}
        return render_page_or_partial(request, "commons/synthesis_computing.html", context, "progress")
    if getattr(request, "htmx", False):  # the computing page's poll: the figures are there, show the whole page
        return HttpResponseClientRefresh()
    dimensions = [summary.dimension for summary in result.dimensions]
    organisations = taking_part(network, filters).order_by("name")
    paginator = Paginator(organisations, MATRIX_ROWS)
    paginator.__dict__["count"] = result.structures  # counted once, by the synthesis
    page = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    by_criterion = request.GET.get("colonnes") == "criteres"
    params.pop("colonnes", None)
    context = {
        "network": network,
        "form": form,
        "filters": filters,
        "s": result,
        "reading": reading,
        "matrix": coverage(page.object_list, dimensions, by_criterion=by_criterion) if dimensions else [],
        "by_criterion": by_criterion,
        "columns": [c for d in dimensions for c in d.criteria.all()] if by_criterion else dimensions,
        "page": page,
        "querystring": params.urlencode(),
        "matrix_querystring": request.GET.urlencode() if by_criterion else params.urlencode(),
    }
    return render(request, "commons/synthesis.html", context)


def data_package(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    network = get_network_for(request.user, slug, can_view_synthesis)
    filters = SynthesisFilterForm(request.GET or None).filters(timezone.localdate())
    result = snapshots.read(network, filters, audience=ConsentScope.PUBLIC).synthesis
    if result is None:  # not computed yet for these filters: the page says when it is
        return redirect(f"{reverse('commons:synthesis', args=[network.slug])}?{request.GET.urlencode()}")
    content = opendata.data_package(result, filters, network_name=network.name)
    return attachment(content, f"utilite-sociale-{slugify(network.name)}-{filters.start:%Y}.zip")


def structure(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """A structure's panorama of its social utility, in the common dimensions and its own."""
    organisation = get_organisation_or_404(request.user, slug)
    if not can_view_private(request.user, organisation):  # the synthesis's readers, for structures taking part
        require(can_view_synthesis(request.user, organisation.network))
        require(taking_part(organisation.network).filter(pk=organisation.pk).exists())
    common = latest_published(organisation.network)
    context = {"organisation": organisation, "p": structure_panorama(organisation, common), "common": common}
    return render(request, "commons/panorama.html", context)


def network_evaluation(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    network = get_network_for(request.user, slug, can_view_synthesis)
    year = timezone.localdate().year
    years = [year - 2, year - 1, year]
    return render(
        request,
        "commons/evaluation.html",
        {
            "network": network,
            "years": years,
            "rows": network_indicators(network, years),
            "sections": evaluation.sections(network, timezone.localdate()),
        },
    )
