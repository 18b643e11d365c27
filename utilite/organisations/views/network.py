from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from utilite.accounts.http import AuthenticatedHttpRequest
from utilite.core.htmx import render_page_or_partial
from utilite.core.permissions import require
from utilite.networks.models import Network

from .. import services
from ..forms import DirectoryFilterForm
from ..models import Organisation
from ..permissions import (
    access_for,
    can_add_organisation,
    get_network_or_404,
    network_abilities,
)

if TYPE_CHECKING:
    pass

PAGE_SIZE = 50


def network_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The networks the user takes part in; straight to it when there is only one."""
    networks = list(Network.objects.filter(pk__in=access_for(request.user).network_ids))
    if len(networks) == 1:
        return redirect("organisations:network", slug=networks[0].slug)
    return render(request, "organisations/network_list.html", {"networks": networks})


def network_detail(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The structures of a network, filtered by kind, sector, public or keyword."""
    network = get_network_or_404(request.user, slug)
    form = DirectoryFilterForm(request.GET or None)
    organisations = Organisation.objects.in_network(network).matching(**form.filters()).for_listing()
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "network": network,
        "form": form,
        "page": page,
        "abilities": network_abilities(request.user, network),
        "querystring_without_page": _without_page(request),
    }
    return render_page_or_partial(request, "organisations/network_detail.html", context, "results")


def _without_page(request: AuthenticatedHttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def network_security(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Coordinators: require a second factor from the network's coordinators and facilitators."""
    network = get_network_or_404(request.user, slug)
    require(can_add_organisation(request.user, network))
    if request.method == "POST":
        required = request.POST.get("second_factor_required") == "on"
        services.set_second_factor_required(network, required=required, by=request.user)
        if required:
            messages.success(request, _("Coordinators and facilitators now sign in with a second factor."))
        else:
            messages.success(request, _("The second factor is now optional for everyone."))
        return redirect("organisations:network_security", slug=network.slug)
    return render(request, "organisations/network_security.html", {"network": network})
