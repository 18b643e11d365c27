from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from utilite.accounts.http import AuthenticatedHttpRequest
from utilite.core.permissions import require

from .. import services
from ..forms import ActionForm
from ..permissions import action_abilities, get_action_or_404, get_organisation_or_404, get_team_organisation_or_404


def action_detail(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = get_organisation_or_404(request.user, slug)
    action = get_action_or_404(request.user, organisation, pk)
    context = {
        "organisation": organisation,
        "action": action,
        "abilities": action_abilities(request.user, action),
        "publics": action.publics.all(),
    }
    return render(request, "organisations/action_detail.html", context)


def action_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = get_team_organisation_or_404(request.user, slug)
    form = ActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action = services.create_action(organisation=organisation, created_by=request.user, **form.cleaned_data)
        messages.success(request, _("The action “%(title)s” has been added.") % {"title": action.title})
        return redirect(action)
    return render(request, "organisations/action_form.html", {"form": form, "organisation": organisation})


def action_update(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = get_organisation_or_404(request.user, slug, private=True)
    action = get_action_or_404(request.user, organisation, pk)
    require(action_abilities(request.user, action)["change"])
    form = ActionForm(request.POST or None, instance=action)
    if request.method == "POST" and form.is_valid():
        services.update_action(action, **form.cleaned_data)
        messages.success(request, _("The action has been saved."))
        return redirect(action)
    context = {"form": form, "organisation": organisation, "action": action}
    return render(request, "organisations/action_form.html", context)


def action_delete(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = get_organisation_or_404(request.user, slug, private=True)
    action = get_action_or_404(request.user, organisation, pk)
    require(action_abilities(request.user, action)["change"])
    if request.method == "POST":
        services.delete_action(action)
        messages.success(request, _("The action “%(title)s” has been deleted.") % {"title": action.title})
        return redirect(organisation)
    return render(request, "organisations/action_delete.html", {"organisation": organisation, "action": action})
