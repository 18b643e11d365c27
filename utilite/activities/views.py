from django.contrib import messages
from django.core.paginator import Paginator
from django.forms.models import model_to_dict
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from utilite.accounts.http import AuthenticatedHttpRequest
from utilite.core import tabular
from utilite.core.downloads import requested_format, spreadsheet
from utilite.core.htmx import render_page_or_partial
from utilite.organisations.permissions import (
    get_organisation_or_404,
    get_team_organisation_or_404,
    organisation_abilities,
)

from . import exports, imports, reads, services
from .forms import ActivityRecordForm, ImportForm
from .models import ActivityRecord, ImportJob

PAGE_SIZE = 50


def record_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_or_404(request.user, slug, private=True)
    records = ActivityRecord.objects.for_organisation(organisation).for_listing()
    context = {
        "organisation": organisation,
        "page": Paginator(records, PAGE_SIZE).get_page(request.GET.get("page")),
        "totals": reads.totals(organisation),
        "abilities": organisation_abilities(request.user, organisation),
    }
    return render(request, "activities/record_list.html", context)


def record_export(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The sessions as a file: `?format=` (xlsx, ods, csv-excel, csv), `?modele=coop` for the
    Coop's layout, `?du=` and `?au=` (dates) to keep a period."""
    organisation = get_organisation_or_404(request.user, slug, private=True)
    layout = request.GET.get("modele", "utilite")
    dates = []
    for name in ("du", "au"):
        try:
            dates.append(tabular.parse_date(request.GET[name]) if request.GET.get(name) else None)
        except ValueError:
            dates.append(None)
    records = exports.in_period(ActivityRecord.objects.for_organisation(organisation), *dates)
    table = exports.sessions_table(records, layout if layout in exports.LAYOUTS else "utilite")
    stem = f"seances-{organisation.slug}{'-coop' if layout == 'coop' else ''}"
    return spreadsheet(table, stem, requested_format(request))


def record_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Log a session; `?depuis=<id>` starts from a copy of an earlier one, dated today."""
    organisation = get_team_organisation_or_404(request.user, slug)
    initial = {}
    source_pk = request.GET.get("depuis", "")
    if source_pk.isdigit():
        source = get_object_or_404(ActivityRecord.objects.for_organisation(organisation), pk=source_pk)
        initial = model_to_dict(source, exclude=["id", "organisation", "created_by"])
        initial |= {"date": timezone.localdate(), "themes": list(source.themes.values_list("code", flat=True))}
    form = ActivityRecordForm(request.POST or None, organisation=organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.log_activity(organisation=organisation, user=request.user, **form.cleaned_data)
        messages.success(request, _("The session has been logged."))
        if "another" in request.POST:
            return redirect("activities:create", slug=slug)
        return redirect("activities:list", slug=slug)
    return render(request, "activities/record_form.html", {"organisation": organisation, "form": form})


def record_update(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = get_team_organisation_or_404(request.user, slug)
    record = get_object_or_404(ActivityRecord.objects.for_organisation(organisation), pk=pk)
    form = ActivityRecordForm(request.POST or None, instance=record, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        services.update_activity(record, **form.cleaned_data)
        messages.success(request, _("The session has been saved."))
        return redirect("activities:list", slug=slug)
    context = {"organisation": organisation, "form": form, "record": record}
    return render(request, "activities/record_form.html", context)


def record_delete(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = get_team_organisation_or_404(request.user, slug)
    record = get_object_or_404(ActivityRecord.objects.for_organisation(organisation), pk=pk)
    if request.method == "POST":
        services.delete_activity(record)
        messages.success(request, _("The session has been deleted."))
        return redirect("activities:list", slug=slug)
    return render(request, "activities/record_delete.html", {"organisation": organisation, "record": record})


def import_start(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Upload a file of sessions; it is checked and imported in the background."""
    organisation = get_team_organisation_or_404(request.user, slug)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = imports.start_import(organisation, form.cleaned_data["file"], user=request.user)
        return redirect("activities:import_status", slug=slug, pk=job.pk)
    context = {
        "organisation": organisation,
        "form": form,
        "columns": [*imports.REQUIRED, *imports.OPTIONAL],
        "recent": ImportJob.objects.filter(organisation=organisation)[:5],
    }
    return render(request, "activities/import.html", context)


def import_status(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = get_team_organisation_or_404(request.user, slug)
    job = get_object_or_404(ImportJob.objects.filter(organisation=organisation), pk=pk)
    return render_page_or_partial(
        request, "activities/import_status.html", {"organisation": organisation, "job": job}, "progress"
    )
