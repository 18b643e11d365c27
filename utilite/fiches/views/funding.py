"""Funding applications: the structure's preview and files, the coordinator's sections."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from utilite.accounts.http import AuthenticatedHttpRequest
from utilite.core.permissions import require
from utilite.organisations.permissions import access_for, get_network_or_404, network_abilities

from .. import funding, snapshot
from ..enums import FicheStatus, Format
from ..forms import FundingSectionFormSet
from ..permissions import get_fiche_or_404


def funding_preview(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """The application the fiche gives, as the network asks for it, before downloading it."""
    organisation, fiche = get_fiche_or_404(request.user, slug, pk, edit=True)
    version = fiche.versions.first() if fiche.status == FicheStatus.PUBLISHED else None
    data = snapshot.for_display(version.snapshot if version else snapshot.build(fiche))
    context = {
        "organisation": organisation,
        "fiche": fiche,
        "s": data,
        "sections": funding.application(data, funding.sections_of(organisation.network)),
        "formats": [(Format.ODT.value, Format.ODT.label), (Format.DOCX.value, Format.DOCX.label)],
        "abilities": network_abilities(request.user, organisation.network),
    }
    return render(request, "fiches/funding_preview.html", context)


@require_POST
def funding_reset(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    network = get_network_or_404(request.user, slug)
    require(access_for(request.user).coordinates(network.pk))
    funding.reset_sections(network)
    messages.success(request, _("The sections are back to the default ones."))
    return redirect("fiches:funding_template", slug=slug)


def funding_template(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The coordinator says what the network's funding applications hold, in which order."""
    network = get_network_or_404(request.user, slug)
    require(access_for(request.user).coordinates(network.pk))
    formset = FundingSectionFormSet(
        request.POST or None, initial=None if request.method == "POST" else funding.sections_of(network)
    )
    if request.method == "POST" and formset.is_valid():
        sections = [form.cleaned_data for form in formset.ordered_forms]  # neither deleted nor left blank
        if sections:
            funding.save_sections(network, sections, user=request.user)
            messages.success(request, _("The sections of the funding application have been saved."))
            return redirect("fiches:funding_template", slug=slug)
        messages.error(request, _("Keep at least one section."))
    return render(request, "fiches/funding_template.html", {"network": network, "formset": formset})
