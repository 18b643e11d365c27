"""Paper: the questionnaire as a printable PDF, and a fast screen to copy paper answers."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from utilite.accounts.http import AuthenticatedHttpRequest
from utilite.core.downloads import attachment
from utilite.core.pdf import render_pdf

from .. import services
from ..enums import Mode
from ..forms import AnswerForm, StartForm
from ..permissions import get_campaign_or_404, get_questionnaire_or_404


def paper_pdf(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation, questionnaire = get_questionnaire_or_404(request.user, slug, pk)
    questions = questionnaire.questions_in_order()
    pdf = render_pdf(
        "questionnaires/paper.html",
        {
            "organisation": organisation,
            "questionnaire": questionnaire,
            "questions": [(question, AnswerForm(question=question)) for question in questions],
        },
    )
    return attachment(pdf, f"{slugify(questionnaire.title) or 'questionnaire'}.pdf")


def paper_entry(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Every question on one screen: type a paper form in, save, start the next one."""
    organisation, campaign = get_campaign_or_404(request.user, slug, pk, edit=True)
    questions = campaign.questionnaire.questions_in_order()
    data = request.POST if request.method == "POST" else None
    code_form = StartForm(data)
    forms = [AnswerForm(data, question=question, prefix=f"q{question.pk}") for question in questions]
    if data is not None and code_form.is_valid() and all(form.is_valid() for form in forms):
        services.submit_response(
            campaign,
            {form.question.pk: form.given() for form in forms},
            code=code_form.cleaned_data["code"],
            mode=Mode.PAPER,
        )
        messages.success(request, _("The paper form has been saved. You can type the next one."))
        return redirect("questionnaires:paper_entry", slug=slug, pk=pk)
    context = {
        "organisation": organisation,
        "campaign": campaign,
        "code_form": code_form,
        "forms": forms,
        "responses": campaign.responses.count(),
    }
    return render(request, "questionnaires/paper_entry.html", context)
