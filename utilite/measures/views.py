import datetime
from typing import Any

import tablib
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from utilite.accounts.http import AuthenticatedHttpRequest
from utilite.activities.reads import participants_breakdown
from utilite.core.downloads import FORMATS, spreadsheet
from utilite.core.permissions import require
from utilite.organisations.models import Organisation
from utilite.organisations.permissions import can_contribute, get_organisation_or_404, organisation_abilities

from . import imports, periods, services
from .dashboard import figures_of
from .enums import Granularity
from .forms import DashboardFilterForm, PeriodForm, PlanForm, ScenarioForm, ValuesImportForm
from .grid import rows as grid_rows
from .models import CollectionPlan, IndicatorValue, StructureScenario


def _period(request: AuthenticatedHttpRequest) -> tuple[str, datetime.date]:
    """The period asked for in the query string (`periode`, `p`), or the current month."""
    form = PeriodForm(request.GET or None)
    granularity = Granularity.MONTH
    if form.is_valid():
        granularity = Granularity(form.cleaned_data["periode"] or Granularity.MONTH)
        start = periods.parse(form.cleaned_data["p"], granularity)
        if start is not None:
            return granularity, start
    return granularity, periods.start_of(timezone.localdate(), granularity)


def plan(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """When and how each indicator of the validated référentiel is collected, and what for."""
    organisation = get_organisation_or_404(request.user, slug, private=True)
    referentiel = organisation.referentiels.latest_validated()
    abilities = organisation_abilities(request.user, organisation)
    if referentiel is None:
        return render(request, "measures/no_referentiel.html", {"organisation": organisation})
    indicators = referentiel.indicators_in_order()
    plans = {plan.indicator_uid: plan for plan in CollectionPlan.objects.filter(organisation=organisation)}
    data = request.POST if request.method == "POST" else None
    forms = [
        PlanForm(data, indicator=indicator, instance=plans.get(indicator.uid), prefix=f"i{indicator.pk}")
        for indicator in indicators
    ]
    scenario_form = ScenarioForm(
        data,
        initial={
            "scenarios": list(
                StructureScenario.objects.filter(organisation=organisation).values_list("code", flat=True)
            )
        },
    )
    if data is not None:
        require(abilities["contribute"])
        if all(form.is_valid() for form in forms) and scenario_form.is_valid():
            services.save_collection_plan(
                organisation,
                plans=[(form.indicator, form.cleaned_data) for form in forms],
                scenarios=scenario_form.cleaned_data["scenarios"],
            )
            messages.success(request, _("The collection plan has been saved."))
            return redirect("measures:plan", slug=slug)
    context = {
        "organisation": organisation,
        "referentiel": referentiel,
        "forms": forms,
        "scenario_form": scenario_form,
        "abilities": abilities,
    }
    return render(request, "measures/plan.html", context)


def grid(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Enter the values of one period, for every indicator collected at that rhythm."""
    organisation = get_organisation_or_404(request.user, slug, private=True)
    referentiel = organisation.referentiels.latest_validated()
    if referentiel is None:
        return render(request, "measures/no_referentiel.html", {"organisation": organisation})
    abilities = organisation_abilities(request.user, organisation)
    period_form = PeriodForm(request.GET or None)
    granularity, start = _period(request)
    data = request.POST if request.method == "POST" else None
    rows = grid_rows(organisation, referentiel.indicators_in_order(), granularity=granularity, start=start, data=data)
    conflicts: list[IndicatorValue] = []
    if data is not None:
        require(abilities["contribute"])
        entries = [entry for row in rows for entry in row.entries if entry.form is not None]
        if all(entry.form.is_valid() for entry in entries if entry.form):
            changed = [
                (entry.form.indicator, entry.action, entry.form.cleaned_data)
                for entry in entries
                if entry.form is not None and entry.form.has_changed()
            ]
            try:
                services.record_values(
                    organisation, granularity=granularity, period_start=start, user=request.user, values=changed
                )
            except services.ValueConflict as conflict:
                conflicts.append(conflict.current)
            else:
                messages.success(
                    request,
                    _("The values of %(period)s have been saved.") % {"period": periods.label(start, granularity)},
                )
                return redirect(f"{request.path}?periode={granularity}&p={periods.key(start, granularity)}")
    if not period_form.is_bound:
        period_form = PeriodForm(initial={"periode": granularity, "p": periods.key(start, granularity)})
    context = {
        "organisation": organisation,
        "rows": rows,
        "period_form": period_form,
        "granularity": granularity,
        "period_label": periods.label(start, granularity),
        "period_key": periods.key(start, granularity),
        "previous_key": periods.key(periods.start_of(start - datetime.timedelta(days=1), granularity), granularity),
        "next_key": periods.key(periods.next_start(start, granularity), granularity),
        "granularities": Granularity.choices,
        "abilities": abilities,
        "conflicts": conflicts,
    }
    return render(request, "measures/grid.html", context, status=409 if conflicts else 200)


def values_import(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Download the file of a period to fill in a spreadsheet, and import it back."""
    organisation = get_organisation_or_404(request.user, slug, private=True)
    require(can_contribute(request.user, organisation))
    referentiel = organisation.referentiels.latest_validated()
    if referentiel is None:
        return render(request, "measures/no_referentiel.html", {"organisation": organisation})
    granularity, start = _period(request)
    file_format = request.GET.get("modele")
    if file_format in FORMATS:
        dataset = imports.template(organisation, referentiel.indicators_in_order(), granularity, start)
        return spreadsheet(dataset, f"valeurs-{organisation.slug}-{periods.key(start, granularity)}", file_format)
    form = ValuesImportForm(request.POST or None, request.FILES or None)
    problems: list[Any] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        rows, problems = imports.check(organisation, referentiel.indicators_in_order(), upload.name, upload.read())
        if not problems:
            count = imports.save_values(organisation, request.user, rows)
            messages.success(
                request,
                ngettext("%(count)s value has been imported.", "%(count)s values have been imported.", count)
                % {"count": count},
            )
            return redirect("measures:grid", slug=slug)
    context = {
        "organisation": organisation,
        "form": form,
        "problems": problems[: imports.MAX_PROBLEMS],
        "problem_count": len(problems),
        "columns": [*imports.COLUMNS, *imports.COUNT_HEADERS],
        "period_form": PeriodForm(initial={"periode": granularity, "p": periods.key(start, granularity)}),
    }
    return render(request, "measures/import.html", context, status=422 if problems else 200)


def dashboard(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Each indicator's latest value, trend, progress toward its target and what is missing."""
    organisation = get_organisation_or_404(request.user, slug, private=True)
    referentiel = organisation.referentiels.latest_validated()
    if referentiel is None:
        return render(request, "measures/no_referentiel.html", {"organisation": organisation})
    form = DashboardFilterForm(request.GET or None, organisation=organisation)
    months, action_key = 12, None
    if form.is_valid():
        months = int(form.cleaned_data["mois"] or 12)
        action_key = form.cleaned_data["action"].pk if form.cleaned_data["action"] else None
    items = figures_of(organisation, referentiel, until=timezone.localdate(), months=months, action_key=action_key)
    file_format = request.GET.get("format")
    if file_format in FORMATS:
        return _dashboard_export(organisation, items, file_format)
    since = periods.previous_starts(timezone.localdate(), "month", months)[0]
    public_total, public = participants_breakdown(organisation, since=since, action_key=action_key)
    groups: dict[Any, dict[Any, list[Any]]] = {}
    for item in items:
        criterion = item.indicator.criterion
        groups.setdefault(criterion.registre, {}).setdefault(criterion, []).append(item)
    context = {
        "organisation": organisation,
        "referentiel": referentiel,
        "groups": groups,
        "form": form,
        "missing": sum(item.missing for item in items),
        "querystring": request.GET.urlencode(),
        "since": since,
        "public_total": public_total,
        "public": public,
    }
    return render(request, "measures/dashboard.html", context)


def _dashboard_export(organisation: Organisation, items: list[Any], file_format: str) -> HttpResponse:
    dataset = tablib.Dataset(
        headers=[
            _("Registre"),
            _("Criterion"),
            _("Indicator"),
            _("Period"),
            _("Value"),
            _("Observation"),
            _("Target"),
        ],
        title=_("Dashboard")[:31],
    )
    for item in items:
        for point in item.points:
            dataset.append(
                [
                    item.indicator.criterion.registre.title,
                    item.indicator.criterion.title,
                    item.indicator.title,
                    point.period,
                    point.value,
                    point.text,
                    item.indicator.target,
                ]
            )
    return spreadsheet(dataset, f"tableau-de-bord-{organisation.slug}", file_format)


def calendar(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """What is due period by period, most recent first: entered, missing, or to come."""
    organisation = get_organisation_or_404(request.user, slug, private=True)
    referentiel = organisation.referentiels.latest_validated()
    if referentiel is None:
        return render(request, "measures/no_referentiel.html", {"organisation": organisation})
    today = timezone.localdate()
    until = periods.next_start(periods.next_start(periods.start_of(today, "month"), "month"), "month")
    items = figures_of(organisation, referentiel, until=until, months=14)
    by_period: dict[tuple[datetime.date, str], list[dict[str, Any]]] = {}
    for item in items:
        for point in item.points:
            if point.start is None:
                continue
            if point.start > today:
                state = "upcoming"
            elif not item.is_due(point) and not point.entered:
                continue  # before the référentiel was validated: nothing was due
            elif item.computed:
                state = "computed"
            else:
                state = "missing" if point.missing else "done"
            by_period.setdefault((point.start, point.period), []).append({"item": item, "state": state})
    rows = [(label, entries) for (_start, label), entries in sorted(by_period.items(), reverse=True)]
    return render(request, "measures/calendar.html", {"organisation": organisation, "rows": rows})
