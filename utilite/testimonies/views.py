import tablib
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from utilite.accounts.http import AuthenticatedHttpRequest
from utilite.core.downloads import requested_format, spreadsheet
from utilite.organisations.models import Organisation
from utilite.organisations.permissions import (
    get_organisation_or_404,
    get_team_organisation_or_404,
    organisation_abilities,
)
from utilite.referentiels.models import Criterion

from . import services
from .forms import TestimonyForm
from .models import ConsentScope, Testimony


def _criteria_choices(organisation: Organisation) -> list[tuple[str, str]]:
    """The criteria of the structure's latest référentiel version."""
    latest = organisation.referentiels.order_by("-version").values_list("pk", flat=True).first()
    if latest is None:
        return []
    criteria = Criterion.objects.filter(registre__referentiel_id=latest).select_related("registre")
    return [
        (str(c.uid), f"{c.registre.title} / {c.title}")
        for c in criteria.order_by("registre__position", "position", "pk")
    ]


def _testimony(request: AuthenticatedHttpRequest, organisation: Organisation, pk: int) -> Testimony:
    return get_object_or_404(Testimony.objects.for_organisation(organisation), pk=pk)


def list_testimonies(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_or_404(request.user, slug, private=True)
    testimonies = Testimony.objects.for_organisation(organisation).order_by("-collected_on", "-pk")
    context = {
        "organisation": organisation,
        "testimonies": testimonies[:200],
        "abilities": organisation_abilities(request.user, organisation),
        "scopes": ConsentScope.choices,
    }
    return render(request, "testimonies/list.html", context)


def edit_testimony(request: AuthenticatedHttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    organisation = get_team_organisation_or_404(request.user, slug)
    testimony = _testimony(request, organisation, pk) if pk else None
    if testimony and testimony.revoked_at:
        raise Http404
    initial = {} if testimony else {"collected_on": timezone.localdate(), "consent_on": timezone.localdate()}
    form = TestimonyForm(
        request.POST or None,
        request.FILES or None,
        instance=testimony,
        initial=initial,
        criteria=_criteria_choices(organisation),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if testimony:
            services.update_testimony(testimony, **data)
        else:
            services.record_testimony(organisation=organisation, user=request.user, **data)
        messages.success(request, _("The testimony has been saved."))
        return redirect("testimonies:list", slug=slug)
    return render(
        request, "testimonies/form.html", {"organisation": organisation, "form": form, "testimony": testimony}
    )


def revoke_testimony(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = get_team_organisation_or_404(request.user, slug)
    testimony = _testimony(request, organisation, pk)
    if request.method == "POST":
        services.revoke_consent(testimony)
        messages.success(request, _("Consent withdrawn: the testimony will no longer appear anywhere."))
        return redirect("testimonies:list", slug=slug)
    return render(request, "testimonies/revoke.html", {"organisation": organisation, "testimony": testimony})


def serve_photo(request: AuthenticatedHttpRequest, slug: str, pk: int) -> FileResponse:
    """Photos are private files: served only to the structure's team, never by a public address."""
    organisation = get_organisation_or_404(request.user, slug, private=True)
    testimony = _testimony(request, organisation, pk)
    if not testimony.photo or testimony.revoked_at:
        raise Http404
    response = FileResponse(testimony.photo.open("rb"))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


def export_testimonies(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """CSV of the testimonies an output for this audience may use (withdrawn ones never)."""
    organisation = get_organisation_or_404(request.user, slug, private=True)
    audience = request.GET.get("pour", ConsentScope.FUNDERS)
    if audience not in ConsentScope.values:
        raise Http404
    dataset = tablib.Dataset(
        headers=[_("Collected on"), _("Kind"), _("Words or story"), _("Caption"), _("Who speaks"), _("Consent given")],
        title=_("Testimonies"),
    )
    for testimony in Testimony.objects.for_organisation(organisation).usable_for(audience).order_by("-collected_on"):
        dataset.append(
            [
                testimony.collected_on,
                testimony.get_kind_display(),
                testimony.text,
                testimony.caption,
                testimony.speaker,
                testimony.get_consent_scope_display(),
            ]
        )
    return spreadsheet(dataset, f"temoignages-{organisation.slug}-{audience}", requested_format(request, "csv"))
