from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from utilite.accounts.http import AuthenticatedHttpRequest
from utilite.core.permissions import require

from .. import services
from ..forms import OrganisationForm
from ..models import Action, Membership
from ..permissions import (
    can_add_organisation,
    can_change_organisation,
    get_network_or_404,
    get_organisation_or_404,
    organisation_abilities,
)


def organisation_detail(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_or_404(request.user, slug)
    abilities = organisation_abilities(request.user, organisation)
    actions = Action.objects.for_organisation(organisation).visible_to(request.user).for_listing()
    team = (
        Membership.objects.for_organisation(organisation) if abilities["view_private"] else Membership.objects.none()
    )
    context = {
        "organisation": organisation,
        "abilities": abilities,
        "actions": actions,
        "team": team,
        "sectors": organisation.sectors.all(),
        "publics": organisation.publics.all(),
    }
    return render(request, "organisations/organisation_detail.html", context)


def organisation_create(request: AuthenticatedHttpRequest, network_slug: str) -> HttpResponse:
    network = get_network_or_404(request.user, network_slug)
    require(can_add_organisation(request.user, network))
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = services.create_organisation(network=network, **form.cleaned_data)
        messages.success(request, _("The structure has been created. Invite its administrator from the team page."))
        return redirect(organisation)
    return render(request, "organisations/organisation_form.html", {"form": form, "network": network})


def organisation_update(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_or_404(request.user, slug, private=True)
    require(can_change_organisation(request.user, organisation))
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        services.update_organisation(organisation, **form.cleaned_data)
        messages.success(request, _("The structure's details have been saved."))
        return redirect(organisation)
    context = {"form": form, "organisation": organisation, "network": organisation.network}
    return render(request, "organisations/organisation_form.html", context)
