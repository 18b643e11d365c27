from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from utilite.accounts.http import AuthenticatedHttpRequest
from utilite.core.downloads import attachment
from utilite.core.permissions import require
from utilite.organisations.permissions import get_organisation_or_404
from utilite.organisations.services import ActionRefused

from .. import exchange
from ..permissions import can_start_version, get_referentiel_or_404

MAX_UPLOAD = 2 * 1024 * 1024


def version_export(request: AuthenticatedHttpRequest, slug: str, version: int, file_format: str) -> HttpResponse:
    organisation = get_organisation_or_404(request.user, slug)
    referentiel = get_referentiel_or_404(request.user, organisation, version)
    return attachment(
        exchange.export(referentiel, file_format), f"referentiel-{slugify(organisation.name)}-v{version}.{file_format}"
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File to import"),
        help_text=gettext_lazy(
            "A file exported by Utilité (JSON, XLSX, ODS or CSV), or your own table with the columns "
            "Registre, Critère and Indicateur (2 MB at most)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,.xlsx,.ods,.csv"}),
    )

    def clean_file(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is too large (2 MB at most)."))
        return upload


def referentiel_import(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Import a JSON, XLSX, ODS or CSV file as a new draft; a bad file changes nothing and lists its problems."""
    organisation = get_organisation_or_404(request.user, slug, private=True)
    require(can_start_version(request.user, organisation))
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[exchange.Problem] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            referentiel = exchange.import_file(upload.name, upload.read(), organisation, request.user)
        except exchange.ImportRefused as refusal:
            problems = refusal.problems
        except ActionRefused as refusal:
            form.add_error("file", str(refusal))
        else:
            messages.success(request, _("Imported as version %(version)s (draft).") % {"version": referentiel.version})
            return redirect(referentiel)
    context = {"organisation": organisation, "form": form, "problems": problems}
    return render(request, "referentiels/import.html", context, status=400 if problems else 200)
