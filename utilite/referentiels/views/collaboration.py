"""Sharing with the network, copying a shared référentiel, the library, discussions on items."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from utilite.accounts.http import AuthenticatedHttpRequest
from utilite.core.permissions import require
from utilite.organisations.permissions import (
    can_change_organisation,
    can_view_private,
    get_organisation_or_404,
)
from utilite.organisations.services import ActionRefused

from .. import services
from ..enums import Sharing
from ..forms import CommentForm, SharingForm
from ..library import load_library
from ..models import Comment, Referentiel
from ..permissions import can_edit_referentiel, can_start_version, get_referentiel_or_404, referentiel_abilities
from .builder import MODELS, ORGANISATION_LOOKUP


@require_POST
def version_sharing(request: AuthenticatedHttpRequest, slug: str, version: int) -> HttpResponse:
    organisation = get_organisation_or_404(request.user, slug, private=True)
    referentiel = get_referentiel_or_404(request.user, organisation, version)
    require(can_change_organisation(request.user, organisation))
    form = SharingForm(request.POST)
    if form.is_valid():
        services.set_sharing(referentiel, form.cleaned_data["sharing"])
        messages.success(request, _("Sharing saved."))
    return redirect(referentiel)


@require_POST
def referentiel_copy(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Start from a référentiel another structure shared with the network."""
    organisation = get_organisation_or_404(request.user, slug, private=True)
    require(can_start_version(request.user, organisation))
    source = get_object_or_404(
        Referentiel.objects.visible_to(request.user)
        .filter(sharing=Sharing.NETWORK)
        .exclude(organisation=organisation),
        pk=pk,
    )
    try:
        draft = services.copy_referentiel(source, organisation, request.user)
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("referentiels:home", slug=slug)
    messages.success(request, _("Copied from %(name)s. Adapt it to your structure.") % {"name": source.organisation})
    return redirect(draft)


def library(request: AuthenticatedHttpRequest, slug: str, version: int) -> HttpResponse:
    """Pick suggested criteria and indicators into a draft."""
    organisation = get_organisation_or_404(request.user, slug, private=True)
    referentiel = get_referentiel_or_404(request.user, organisation, version)
    require(can_edit_referentiel(request.user, referentiel))
    suggestions = load_library()
    if request.method == "POST":
        added = services.add_from_library(referentiel, request.POST.getlist("suggestion"), request.user)
        if added:
            messages.success(request, _("%(count)s indicators added from the library.") % {"count": added})
            return redirect(referentiel)
        messages.error(request, _("Tick at least one criterion or indicator."))
    context = {"organisation": organisation, "referentiel": referentiel, "suggestions": suggestions}
    return render(request, "referentiels/library.html", context)


def item_discussion(request: AuthenticatedHttpRequest, slug: str, kind: str, pk: int) -> HttpResponse:
    """An item with all its columns, who proposed and changed it, and its comments."""
    organisation = get_organisation_or_404(request.user, slug, private=True)
    require(can_view_private(request.user, organisation))
    item = get_object_or_404(
        MODELS[kind]
        .objects.filter(**{ORGANISATION_LOOKUP[kind]: organisation})
        .select_related("proposed_by", "updated_by"),
        pk=pk,
    )
    referentiel = item.referentiel
    abilities = referentiel_abilities(request.user, referentiel)
    form = CommentForm(request.POST or None)
    if request.method == "POST":
        require(abilities["comment"])
        if form.is_valid():
            services.add_comment(referentiel, item, author=request.user, body=form.cleaned_data["body"])
            messages.success(request, _("Your comment has been added."))
            return redirect("referentiels:item_discussion", slug=slug, kind=kind, pk=pk)
    comments = Comment.objects.filter(referentiel__organisation=organisation, item_uid=item.uid).select_related(
        "author", "referentiel"
    )
    context = {
        "organisation": organisation,
        "referentiel": referentiel,
        "item": item,
        "kind": kind,
        "comments": comments,
        "form": form if abilities["comment"] else None,
        "abilities": abilities,
    }
    return render(request, "referentiels/item_discussion.html", context)
