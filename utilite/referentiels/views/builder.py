from typing import Any, cast

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from utilite.accounts.http import AuthenticatedHttpRequest
from utilite.core.permissions import require
from utilite.organisations.models import Organisation
from utilite.organisations.permissions import can_view_private, get_organisation_or_404, organisation_abilities
from utilite.organisations.services import ActionRefused

from .. import services
from ..enums import Sharing
from ..forms import FORMS, IndicatorForm, SharingForm
from ..models import AnyItem, Criterion, Indicator, Referentiel, Registre
from ..permissions import can_edit_referentiel, can_start_version, get_referentiel_or_404, referentiel_abilities

MODELS: dict[str, Any] = {"registre": Registre, "critere": Criterion, "indicateur": Indicator}
CHILD = {"referentiel": "registre", "registre": "critere", "critere": "indicateur"}
ORGANISATION_LOOKUP = {
    "registre": "referentiel__organisation",
    "critere": "registre__referentiel__organisation",
    "indicateur": "criterion__registre__referentiel__organisation",
}


def referentiel_home(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The latest version, or a guided start when the structure has none yet."""
    organisation = get_organisation_or_404(request.user, slug, private=True)
    latest = organisation.referentiels.order_by("-version").first()
    if latest is not None:
        return redirect(latest)
    shared = (
        Referentiel.objects.visible_to(request.user)
        .filter(sharing=Sharing.NETWORK)
        .exclude(organisation=organisation)
        .select_related("organisation")
        .order_by("organisation__name", "-version")
    )
    context = {
        "organisation": organisation,
        "abilities": organisation_abilities(request.user, organisation),
        "shared": shared,
    }
    return render(request, "referentiels/start.html", context)


@require_POST
def referentiel_start(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_or_404(request.user, slug, private=True)
    require(can_start_version(request.user, organisation))
    try:
        referentiel = services.start_referentiel(organisation, request.user)
    except ActionRefused:
        return redirect("referentiels:home", slug=slug)
    if request.POST.get("from") == "library":
        return redirect("referentiels:library", slug=slug, version=referentiel.version)
    messages.success(request, _("Your référentiel is started. Add its first registre."))
    return redirect(referentiel)


def version_detail(request: AuthenticatedHttpRequest, slug: str, version: int) -> HttpResponse:
    organisation = get_organisation_or_404(request.user, slug)
    referentiel = get_referentiel_or_404(request.user, organisation, version)
    versions = organisation.referentiels.order_by("-version") if can_view_private(request.user, organisation) else []
    context = {
        "organisation": organisation,
        "referentiel": referentiel,
        "abilities": referentiel_abilities(request.user, referentiel),
        "registres": referentiel.registres_with_items(),
        "versions": versions,
        "sharing_form": SharingForm(initial={"sharing": referentiel.sharing}),
    }
    return render(request, "referentiels/builder.html", context)


@require_POST
def version_validate(request: AuthenticatedHttpRequest, slug: str, version: int) -> HttpResponse:
    organisation = get_organisation_or_404(request.user, slug, private=True)
    referentiel = get_referentiel_or_404(request.user, organisation, version)
    require(referentiel_abilities(request.user, referentiel)["validate"])
    try:
        services.validate_referentiel(referentiel, request.user)
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Version %(version)s is validated. It is now frozen.") % {"version": version})
    return redirect(referentiel)


@require_POST
def version_new(request: AuthenticatedHttpRequest, slug: str, version: int) -> HttpResponse:
    organisation = get_organisation_or_404(request.user, slug, private=True)
    referentiel = get_referentiel_or_404(request.user, organisation, version)
    require(referentiel_abilities(request.user, referentiel)["new_version"])
    try:
        draft = services.start_new_version(referentiel, request.user)
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
        return redirect(referentiel)
    messages.success(
        request, _("Version %(version)s is a new draft copied from the validated one.") % {"version": draft.version}
    )
    return redirect(draft)


def _editable_item(request: AuthenticatedHttpRequest, organisation: Organisation, kind: str, pk: int) -> AnyItem:
    item: AnyItem = get_object_or_404(MODELS[kind].objects.filter(**{ORGANISATION_LOOKUP[kind]: organisation}), pk=pk)
    require(can_edit_referentiel(request.user, item.referentiel))
    return item


def _form(kind: str, organisation: Organisation, *args: Any, **kwargs: Any) -> Any:
    if FORMS[kind] is IndicatorForm:
        kwargs["organisation"] = organisation
    return FORMS[kind](*args, **kwargs)


def _fields(cleaned: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in cleaned.items() if name != "revision"}


def item_add(request: AuthenticatedHttpRequest, slug: str, parent_kind: str, pk: int) -> HttpResponse:
    """Add a registre to a version, a criterion to a registre, an indicator to a criterion."""
    organisation = get_organisation_or_404(request.user, slug, private=True)
    parent: Referentiel | Registre | Criterion
    if parent_kind == "referentiel":
        referentiel = parent = get_object_or_404(Referentiel, organisation=organisation, pk=pk)
    else:
        parent = cast(Registre | Criterion, _editable_item(request, organisation, parent_kind, pk))
        referentiel = parent.referentiel
    require(can_edit_referentiel(request.user, referentiel))
    kind = CHILD[parent_kind]
    form = _form(kind, organisation, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_item(MODELS[kind], parent=parent, user=request.user, **_fields(form.cleaned_data))
        messages.success(request, _("Added."))
        return redirect(referentiel)
    context = {"organisation": organisation, "referentiel": referentiel, "form": form, "kind": kind, "parent": parent}
    return render(request, "referentiels/item_form.html", context)


def item_edit(request: AuthenticatedHttpRequest, slug: str, kind: str, pk: int) -> HttpResponse:
    organisation = get_organisation_or_404(request.user, slug, private=True)
    item = _editable_item(request, organisation, kind, pk)
    referentiel = item.referentiel
    form = _form(kind, organisation, request.POST or None, instance=item, initial={"revision": item.revision})
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_item(
                item, revision=form.cleaned_data["revision"] or 0, user=request.user, **_fields(form.cleaned_data)
            )
        except services.Conflict as error:
            conflict = error.current
        else:
            messages.success(request, _("Saved."))
            return redirect(referentiel)
    context = {
        "organisation": organisation,
        "referentiel": referentiel,
        "form": form,
        "kind": kind,
        "item": item,
        "conflict": conflict,
    }
    status = 409 if conflict else 200
    if not getattr(request, "htmx", False):
        return render(request, "referentiels/item_form.html", context, status=status)
    # In place: the form goes into the item's slot; errors and conflicts stay there.
    response = render(request, "referentiels/item_form.html#item-form", context)
    response["HX-Retarget"] = f"#slot-{kind}-{item.pk}"
    response["HX-Reswap"] = "innerHTML"
    response["HX-Reselect"] = "#item-form"
    return response


@require_POST
def item_move(request: AuthenticatedHttpRequest, slug: str, kind: str, pk: int) -> HttpResponse:
    organisation = get_organisation_or_404(request.user, slug, private=True)
    item = _editable_item(request, organisation, kind, pk)
    services.move_item(item, "up" if request.POST.get("direction") == "up" else "down")
    return redirect(f"{item.referentiel.get_absolute_url()}#{kind}-{item.pk}")


def item_delete(request: AuthenticatedHttpRequest, slug: str, kind: str, pk: int) -> HttpResponse:
    organisation = get_organisation_or_404(request.user, slug, private=True)
    item = _editable_item(request, organisation, kind, pk)
    referentiel = item.referentiel
    if request.method == "POST":
        services.delete_item(item)
        messages.success(request, _("“%(title)s” has been deleted.") % {"title": item.title})
        return redirect(referentiel)
    context = {"organisation": organisation, "referentiel": referentiel, "item": item, "kind": kind}
    return render(request, "referentiels/item_delete.html", context)
