from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from utilite.accounts.http import AuthenticatedHttpRequest
from utilite.core.permissions import require
from utilite.organisations.permissions import get_organisation_or_404

from ..diff import compare
from ..permissions import can_view_referentiel


class CompareForm(forms.Form):
    old = forms.TypedChoiceField(label=_("Compare version"), coerce=int)
    new = forms.TypedChoiceField(label=_("with version"), coerce=int)


def version_compare(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Items added, removed and modified (field by field) between two versions."""
    organisation = get_organisation_or_404(request.user, slug, private=True)
    versions = {referentiel.version: referentiel for referentiel in organisation.referentiels.order_by("version")}
    require(bool(versions) and all(can_view_referentiel(request.user, version) for version in versions.values()))
    choices = [(number, _("Version %(version)s") % {"version": number}) for number in versions]
    numbers = list(versions)
    initial = {"old": numbers[-2] if len(numbers) > 1 else numbers[0], "new": numbers[-1]}
    form = CompareForm(request.GET or initial)
    form.fields["old"].choices = form.fields["new"].choices = choices  # type: ignore[attr-defined]
    changes = None
    if form.is_valid():
        old, new = versions[form.cleaned_data["old"]], versions[form.cleaned_data["new"]]
        changes = compare(old, new)
    context = {"organisation": organisation, "form": form, "changes": changes}
    return render(request, "referentiels/compare.html", context)
