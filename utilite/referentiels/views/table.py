from dataclasses import dataclass, field
from typing import cast

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from utilite.accounts.http import AuthenticatedHttpRequest
from utilite.core.ids import IdChoiceField
from utilite.organisations.models import Action
from utilite.organisations.permissions import get_organisation_or_404

from ..enums import Level, Stakeholder
from ..models import Criterion, Indicator, Registre
from ..permissions import get_referentiel_or_404


class TableFilterForm(forms.Form):
    level = forms.ChoiceField(label=_("Level"), required=False, choices=[("", _("All levels")), *Level.choices])
    stakeholder = forms.ChoiceField(
        label=_("Stakeholder"), required=False, choices=[("", _("All stakeholders")), *Stakeholder.choices]
    )
    action = IdChoiceField(
        label=_("Action"), required=False, queryset=Action.objects.none(), empty_label=_("All actions")
    )

    def keeps(self, indicator: Indicator) -> bool:
        if not self.is_valid():
            return True
        data = self.cleaned_data
        if data["level"] and indicator.level != data["level"]:
            return False
        if data["stakeholder"] and data["stakeholder"] not in indicator.stakeholders:
            return False
        return not (data["action"] and data["action"] not in indicator.actions.all())


@dataclass
class Row:
    """One line of the synthetic table; registre and criterion cells span their rows."""

    indicator: Indicator | None
    registre: Registre | None = None
    registre_span: int = 0
    criterion: Criterion | None = None
    criterion_span: int = 0
    extra: dict[str, str] = field(default_factory=dict)


def build_rows(registres: list[Registre], form: TableFilterForm) -> list[Row]:
    rows: list[Row] = []
    for registre in registres:
        registre_rows: list[Row] = []
        for criterion in registre.criteria.all():
            kept = [indicator for indicator in criterion.indicators.all() if form.keeps(indicator)]
            criterion_rows = [Row(indicator) for indicator in kept] or [Row(None)]
            criterion_rows[0].criterion, criterion_rows[0].criterion_span = criterion, len(criterion_rows)
            registre_rows += criterion_rows
        if not registre_rows:
            registre_rows = [Row(None)]
        registre_rows[0].registre, registre_rows[0].registre_span = registre, len(registre_rows)
        rows += registre_rows
    return rows


def synthetic_table(request: AuthenticatedHttpRequest, slug: str, version: int) -> HttpResponse:
    organisation = get_organisation_or_404(request.user, slug)
    referentiel = get_referentiel_or_404(request.user, organisation, version)
    form = TableFilterForm(request.GET or None)
    action_field = cast(forms.ModelChoiceField, form.fields["action"])
    action_field.queryset = Action.objects.for_organisation(organisation).order_by("title")
    rows = build_rows(list(referentiel.registres_with_items()), form)
    context = {"organisation": organisation, "referentiel": referentiel, "form": form, "rows": rows}
    return render(request, "referentiels/table.html", context)
