"""Building a questionnaire: sections, questions, validated scales, the bank, indicator links."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from utilite.accounts.http import AuthenticatedHttpRequest
from utilite.core.permissions import require
from utilite.organisations.permissions import (
    get_organisation_or_404,
    get_team_organisation_or_404,
    organisation_abilities,
)

from .. import services
from ..forms import IndicatorLinkForm, ModuleForm, QuestionForm, QuestionnaireForm, SectionForm
from ..models import Campaign, Question, Questionnaire, Section
from ..permissions import get_questionnaire_or_404

QUESTION_FIELDS = ("wording", "help_text", "kind", "allow_skip", "choices")


def questionnaire_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_or_404(request.user, slug, private=True)
    questionnaires = (
        Questionnaire.objects.filter(organisation=organisation)
        .annotate(question_count=Count("sections__questions", distinct=True))
        .prefetch_related(Prefetch("campaigns", queryset=Campaign.objects.select_related("action")))
    )
    context = {
        "organisation": organisation,
        "questionnaires": questionnaires,
        "abilities": organisation_abilities(request.user, organisation),
    }
    return render(request, "questionnaires/list.html", context)


def questionnaire_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = get_team_organisation_or_404(request.user, slug)
    form = QuestionnaireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        questionnaire = services.create_questionnaire(
            organisation=organisation, user=request.user, **form.cleaned_data
        )
        messages.success(request, _("The questionnaire has been created. Add its questions."))
        return redirect(questionnaire)
    return render(request, "questionnaires/form.html", {"organisation": organisation, "form": form})


def questionnaire_update(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation, questionnaire = get_questionnaire_or_404(request.user, slug, pk, edit=True)
    form = QuestionnaireForm(request.POST or None, instance=questionnaire)
    if request.method == "POST" and form.is_valid():
        services.update_questionnaire(questionnaire, **form.cleaned_data)
        messages.success(request, _("The questionnaire has been saved."))
        return redirect(questionnaire)
    context = {"organisation": organisation, "form": form, "questionnaire": questionnaire}
    return render(request, "questionnaires/form.html", context)


def questionnaire_detail(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """The builder: every section and question, and what can be added."""
    organisation, questionnaire = get_questionnaire_or_404(request.user, slug, pk)
    sections = questionnaire.sections.prefetch_related("questions")
    context = {
        "organisation": organisation,
        "questionnaire": questionnaire,
        "sections": sections,
        "campaigns": questionnaire.campaigns.select_related("action"),
        "section_form": SectionForm(),
        "module_form": ModuleForm(),
        "abilities": organisation_abilities(request.user, organisation),
    }
    return render(request, "questionnaires/detail.html", context)


@require_POST
def section_add(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    _organisation, questionnaire = get_questionnaire_or_404(request.user, slug, pk, edit=True)
    form = SectionForm(request.POST)
    if form.is_valid():
        services.add_section(questionnaire, form.cleaned_data["title"])
        messages.success(request, _("The section has been added."))
    else:
        messages.error(request, _("Give the section a title."))
    return redirect(questionnaire)


@require_POST
def module_add(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Add a validated scale (its wording locked) as a section."""
    _organisation, questionnaire = get_questionnaire_or_404(request.user, slug, pk, edit=True)
    form = ModuleForm(request.POST)
    if form.is_valid():
        services.add_module(questionnaire, form.cleaned_data["module"])
        messages.success(request, _("The validated scale has been added."))
    else:
        messages.error(request, _("Choose a validated scale."))
    return redirect(questionnaire)


def _section(questionnaire: Questionnaire, section_pk: int) -> Section:
    return get_object_or_404(Section.objects.filter(questionnaire=questionnaire), pk=section_pk)


def _question(questionnaire: Questionnaire, question_pk: int) -> Question:
    return get_object_or_404(
        Question.objects.filter(section__questionnaire=questionnaire).select_related("section"), pk=question_pk
    )


@require_POST
def section_move(request: AuthenticatedHttpRequest, slug: str, pk: int, section_pk: int) -> HttpResponse:
    _organisation, questionnaire = get_questionnaire_or_404(request.user, slug, pk, edit=True)
    section = _section(questionnaire, section_pk)
    require(request.POST.get("move") in {"up", "down"})
    services.move(section, -1 if request.POST["move"] == "up" else 1)
    return redirect(questionnaire)


@require_POST
def section_delete(request: AuthenticatedHttpRequest, slug: str, pk: int, section_pk: int) -> HttpResponse:
    _organisation, questionnaire = get_questionnaire_or_404(request.user, slug, pk, edit=True)
    services.delete_section(_section(questionnaire, section_pk))
    messages.success(request, _("The section and its questions have been deleted."))
    return redirect(questionnaire)


def question_create(request: AuthenticatedHttpRequest, slug: str, pk: int, section_pk: int) -> HttpResponse:
    organisation, questionnaire = get_questionnaire_or_404(request.user, slug, pk, edit=True)
    section = _section(questionnaire, section_pk)
    require(not section.module)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {key: form.cleaned_data[key] for key in QUESTION_FIELDS}
        services.add_question(section, **data)
        messages.success(request, _("The question has been added."))
        return redirect(questionnaire)
    context = {"organisation": organisation, "questionnaire": questionnaire, "section": section, "form": form}
    return render(request, "questionnaires/question_form.html", context)


def question_update(request: AuthenticatedHttpRequest, slug: str, pk: int, question_pk: int) -> HttpResponse:
    """Change a question (a validated scale's wording stays as published) and its indicator link."""
    organisation, questionnaire = get_questionnaire_or_404(request.user, slug, pk, edit=True)
    question = _question(questionnaire, question_pk)
    data = request.POST if request.method == "POST" else None
    form = None if question.section.module else QuestionForm(data, instance=question)
    link_form = IndicatorLinkForm(data, target=question, organisation=organisation)
    if data is not None and link_form.is_valid() and (form is None or form.is_valid()):
        fields = link_form.link()
        if form is not None:
            fields |= {key: form.cleaned_data[key] for key in QUESTION_FIELDS}
        services.update_question(question, **fields)
        messages.success(request, _("The question has been saved."))
        return redirect(questionnaire)
    context = {
        "organisation": organisation,
        "questionnaire": questionnaire,
        "question": question,
        "form": form,
        "link_form": link_form,
    }
    return render(request, "questionnaires/question_update.html", context)


def section_link(request: AuthenticatedHttpRequest, slug: str, pk: int, section_pk: int) -> HttpResponse:
    """Link a validated scale's score to an indicator."""
    organisation, questionnaire = get_questionnaire_or_404(request.user, slug, pk, edit=True)
    section = _section(questionnaire, section_pk)
    require(bool(section.module))
    data = request.POST if request.method == "POST" else None
    link_form = IndicatorLinkForm(data, target=section, organisation=organisation)
    if request.method == "POST" and link_form.is_valid():
        services.link_section(section, **link_form.link())
        messages.success(request, _("The link of the score has been saved."))
        return redirect(questionnaire)
    context = {
        "organisation": organisation,
        "questionnaire": questionnaire,
        "section": section,
        "link_form": link_form,
    }
    return render(request, "questionnaires/section_link.html", context)


@require_POST
def question_move(request: AuthenticatedHttpRequest, slug: str, pk: int, question_pk: int) -> HttpResponse:
    """Move a question up or down (not inside a validated scale)."""
    _organisation, questionnaire = get_questionnaire_or_404(request.user, slug, pk, edit=True)
    question = _question(questionnaire, question_pk)
    require(not question.section.module and request.POST.get("move") in {"up", "down"})
    services.move(question, -1 if request.POST["move"] == "up" else 1)
    return redirect(questionnaire)


@require_POST
def question_delete(request: AuthenticatedHttpRequest, slug: str, pk: int, question_pk: int) -> HttpResponse:
    """Delete a question (not inside a validated scale)."""
    _organisation, questionnaire = get_questionnaire_or_404(request.user, slug, pk, edit=True)
    question = _question(questionnaire, question_pk)
    require(not question.section.module)
    services.delete_question(question)
    messages.success(request, _("The question has been deleted."))
    return redirect(questionnaire)


def bank(request: AuthenticatedHttpRequest, slug: str, pk: int, section_pk: int) -> HttpResponse:
    """Reuse questions of the structure's other questionnaires."""
    organisation, questionnaire = get_questionnaire_or_404(request.user, slug, pk, edit=True)
    section = _section(questionnaire, section_pk)
    require(not section.module)
    questions = (
        Question.objects.filter(section__questionnaire__organisation=organisation, section__module="")
        .exclude(section__questionnaire=questionnaire)
        .select_related("section__questionnaire")
        .order_by("wording", "pk")
    )
    if request.method == "POST":
        chosen = questions.filter(pk__in=request.POST.getlist("questions"))
        for question in chosen:
            services.copy_question(question, section)
        messages.success(
            request,
            ngettext("%(count)s question added.", "%(count)s questions added.", len(chosen)) % {"count": len(chosen)},
        )
        return redirect(questionnaire)
    seen: set[tuple[str, str]] = set()
    unique = []
    for question in questions:
        if (question.wording, question.kind) not in seen:
            seen.add((question.wording, question.kind))
            unique.append(question)
    context = {"organisation": organisation, "questionnaire": questionnaire, "section": section, "questions": unique}
    return render(request, "questionnaires/bank.html", context)
