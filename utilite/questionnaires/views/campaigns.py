"""Running a questionnaire: campaigns, their anonymous link and QR code, results."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from utilite.accounts.http import AuthenticatedHttpRequest
from utilite.core.permissions import require
from utilite.core.qr import qr_svg
from utilite.organisations.models import Organisation
from utilite.organisations.permissions import organisation_abilities
from utilite.referentiels.models import Criterion

from .. import results as computation
from .. import services
from ..enums import CampaignStatus, QuestionKind
from ..forms import CampaignForm
from ..models import Answer
from ..permissions import get_campaign_or_404, get_questionnaire_or_404


def campaign_create(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation, questionnaire = get_questionnaire_or_404(request.user, slug, pk, edit=True)
    form = CampaignForm(request.POST or None, questionnaire=questionnaire)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields} | {
            "period_start": form.cleaned_data["period_start"]
        }
        campaign = services.create_campaign(questionnaire=questionnaire, user=request.user, **fields)
        messages.success(request, _("The campaign is open: share its link or print its poster."))
        return redirect(campaign)
    context = {"organisation": organisation, "questionnaire": questionnaire, "form": form}
    return render(request, "questionnaires/campaign_form.html", context)


def _qr_svg(url: str) -> SafeString:
    return qr_svg(url, _("QR code of the answer link"))


def campaign_detail(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation, campaign = get_campaign_or_404(request.user, slug, pk)
    url = request.build_absolute_uri(campaign.public_path)
    context = {
        "organisation": organisation,
        "campaign": campaign,
        "url": url,
        "qr": _qr_svg(url),
        "responses": campaign.responses.count(),
        "abilities": organisation_abilities(request.user, organisation),
    }
    return render(request, "questionnaires/campaign.html", context)


def campaign_poster(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """A page to print: the question to passers-by, the QR code and the short link."""
    organisation, campaign = get_campaign_or_404(request.user, slug, pk)
    url = request.build_absolute_uri(campaign.public_path)
    context = {"organisation": organisation, "campaign": campaign, "url": url, "qr": _qr_svg(url)}
    return render(request, "questionnaires/poster.html", context)


@require_POST
def campaign_status(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Close or reopen a campaign."""
    _organisation, campaign = get_campaign_or_404(request.user, slug, pk, edit=True)
    require(request.POST.get("status") in CampaignStatus.values)
    services.set_status(campaign, request.POST["status"])
    closed = campaign.status == CampaignStatus.CLOSED
    messages.success(request, _("The campaign is closed.") if closed else _("The campaign is open again."))
    return redirect(campaign)


def campaign_delete_answers(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Delete a campaign's answers, after a confirmation page."""
    organisation, campaign = get_campaign_or_404(request.user, slug, pk, edit=True)
    if request.method == "POST":
        count = services.delete_answers(campaign)
        messages.success(
            request,
            ngettext("%(count)s response has been deleted.", "%(count)s responses have been deleted.", count)
            % {"count": count},
        )
        return redirect(campaign)
    context = {"organisation": organisation, "campaign": campaign, "responses": campaign.responses.count()}
    return render(request, "questionnaires/campaign_delete_answers.html", context)


def _criteria(organisation: Organisation) -> list[Criterion]:
    """The criteria of the structure's validated référentiel, in table order (two queries)."""
    latest = organisation.referentiels.latest_validated()
    if latest is None:
        return []
    return list(
        Criterion.objects.filter(registre__referentiel=latest).order_by(
            "registre__position", "registre__pk", "position", "pk"
        )
    )


def campaign_results(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation, campaign = get_campaign_or_404(request.user, slug, pk)
    context = {
        "organisation": organisation,
        "campaign": campaign,
        "results": computation.compute(campaign),
        "criteria": _criteria(organisation),
        "abilities": organisation_abilities(request.user, organisation),
    }
    return render(request, "questionnaires/results.html", context)


@require_POST
def text_answer(request: AuthenticatedHttpRequest, slug: str, pk: int, answer_pk: int) -> HttpResponse:
    """Tag a free-text answer with criteria; with the person's consent, make it a testimony."""
    organisation, campaign = get_campaign_or_404(request.user, slug, pk, edit=True)
    answer = get_object_or_404(
        Answer.objects.filter(response__campaign=campaign, question__kind=QuestionKind.TEXT).select_related(
            "response__campaign__questionnaire__organisation"
        ),
        pk=answer_pk,
    )
    known = {str(criterion.uid) for criterion in _criteria(organisation)}
    chosen = [uid for uid in request.POST.getlist("criteria") if uid in known]
    services.tag_text_answer(answer, criteria=chosen, promote="promote" in request.POST, user=request.user)
    if answer.testimony_id and "promote" in request.POST:
        messages.success(request, _("The answer has been added to the testimonies, with the consent the person gave."))
    else:
        messages.success(request, _("The criteria of the answer have been saved."))
    return redirect(f"{reverse('questionnaires:results', kwargs={'slug': slug, 'pk': pk})}#answer-{answer.pk}")
