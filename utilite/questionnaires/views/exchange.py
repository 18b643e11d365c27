"""Files: a questionnaire as XLSForm (out and in), the answers of a campaign as CSV or XLSX."""

from __future__ import annotations

import tablib
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from utilite.accounts.http import AuthenticatedHttpRequest
from utilite.core.downloads import attachment, requested_format, spreadsheet
from utilite.organisations.permissions import get_team_organisation_or_404

from .. import xlsform
from ..enums import QuestionKind
from ..forms import XLSFormImportForm
from ..models import Answer, Response
from ..permissions import get_campaign_or_404, get_questionnaire_or_404


def xlsform_export(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    _organisation, questionnaire = get_questionnaire_or_404(request.user, slug, pk)
    name = f"{slugify(questionnaire.title) or 'questionnaire'}.xlsform.xlsx"
    return attachment(xlsform.export(questionnaire), name)


def xlsform_import(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = get_team_organisation_or_404(request.user, slug)
    form = XLSFormImportForm(request.POST or None, request.FILES or None)
    problems: list = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        draft, problems = xlsform.read(upload.read(), upload.name)
        if draft is not None:
            questionnaire = xlsform.create_from(draft, organisation=organisation, user=request.user)
            messages.success(request, _("The questionnaire has been imported."))
            if not draft.warnings:
                return redirect(questionnaire)
            context = {"organisation": organisation, "questionnaire": questionnaire, "warnings": draft.warnings}
            return render(request, "questionnaires/xlsform_imported.html", context)
    context = {"organisation": organisation, "form": form, "problems": problems, "problem_count": len(problems)}
    return render(request, "questionnaires/xlsform_import.html", context, status=422 if problems else 200)


def _cell(question_kind: str, answers: list[Answer]) -> str:
    if not answers:
        return ""
    first = answers[0]
    if first.skipped:
        return first.get_skipped_display()
    if question_kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        return "|".join(answer.choice for answer in answers)
    if first.number is not None:
        return f"{first.number.normalize():f}"
    return first.text


def answers_export(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """One row per response, one column per question (choices separated by |)."""
    _organisation, campaign = get_campaign_or_404(request.user, slug, pk)
    questions = campaign.questionnaire.questions_in_order()
    responses = list(Response.objects.filter(campaign=campaign).order_by("pk"))
    by_response: dict[int, dict[int, list[Answer]]] = {}
    for answer in Answer.objects.filter(response__campaign=campaign).order_by("pk"):
        by_response.setdefault(answer.response_id, {}).setdefault(answer.question_id, []).append(answer)
    dataset = tablib.Dataset(
        headers=[_("response"), _("day"), _("how"), _("pair key"), *[question.name for question in questions]],
        title=_("Answers")[:31],
    )
    for number, response in enumerate(responses, start=1):
        answers = by_response.get(response.pk, {})
        dataset.append(
            [
                number,
                response.answered_on,
                response.get_mode_display(),
                response.code_digest[:12],
                *[_cell(question.kind, answers.get(question.pk, [])) for question in questions],
            ]
        )
    stem = f"reponses-{slugify(campaign.questionnaire.title)}-{campaign.pk}"
    return spreadsheet(dataset, stem, requested_format(request, default="csv"))
