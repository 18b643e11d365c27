"""The pages beneficiaries answer on: no account, one question per screen, no JavaScript needed.

Answers wait in the session until the person sends them; then one `Response` is written and
the session forgets them. Nothing identifying is stored: the rate limit keys on a digest of
the address kept a few minutes in the cache, never in the database.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache

from utilite.organisations.permissions import can_contribute

from .. import services
from ..enums import Mode
from ..forms import AnswerForm, StartForm
from ..models import Campaign

HOURLY_LIMIT = 30  # answers sent per hour from one address to one campaign (mediators are exempt)


def _campaign(token: str) -> Campaign:
    return get_object_or_404(Campaign.objects.select_related("questionnaire__organisation"), token=token)


def _state(request: HttpRequest, campaign: Campaign) -> dict:
    """What the person gave so far. Only the keyed digest of their code is kept, never the code."""
    return request.session.setdefault(f"campaign:{campaign.token}", {"digest": "", "mode": Mode.SELF, "answers": {}})


def _while_open(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The view gets the campaign of the token; a campaign not open says so (410) instead."""

    @wraps(view)
    def wrapper(request: HttpRequest, token: str, **kwargs: Any) -> HttpResponse:
        campaign = _campaign(token)
        if not campaign.accepts_answers():
            return render(request, "questionnaires/answer/closed.html", {"campaign": campaign}, status=410)
        return view(request, campaign, **kwargs)

    return wrapper


@login_not_required
@never_cache
@_while_open
def start(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    mediator = request.GET.get("animateur") == "1" or request.POST.get("animateur") == "1"
    if mediator and not (
        request.user.is_authenticated and can_contribute(request.user, campaign.questionnaire.organisation)
    ):
        raise Http404
    form = StartForm(request.POST or None, warn_personal=True)
    if request.method == "POST" and form.is_valid():
        request.session[f"campaign:{campaign.token}"] = {
            "digest": services.code_digest(campaign.questionnaire.organisation, form.cleaned_data["code"]),
            "mode": Mode.MEDIATOR if mediator else Mode.SELF,
            "answers": {},
        }
        return redirect("answers:question", token=campaign.token, number=1)
    questions = campaign.questionnaire.questions_in_order()
    context = {"campaign": campaign, "form": form, "count": len(questions), "mediator": mediator}
    return render(request, "questionnaires/answer/start.html", context)


@login_not_required
@never_cache
@_while_open
def question(request: HttpRequest, campaign: Campaign, number: int) -> HttpResponse:
    questions = campaign.questionnaire.questions_in_order()
    if not 1 <= number <= len(questions):
        raise Http404
    current = questions[number - 1]
    state = _state(request, campaign)
    saved = state["answers"].get(str(current.pk))
    initial = AnswerForm.initial_from(current, services.Given.from_session(saved)) if saved else {}
    form = AnswerForm(request.POST or None, question=current, initial=initial)
    if request.method == "POST" and form.is_valid():
        state["answers"][str(current.pk)] = form.given().as_session()
        request.session.modified = True
        if "previous" in request.POST and number > 1:
            return redirect("answers:question", token=campaign.token, number=number - 1)
        if number == len(questions):
            return redirect("answers:finish", token=campaign.token)
        return redirect("answers:question", token=campaign.token, number=number + 1)
    context = {
        "campaign": campaign,
        "question": current,
        "form": form,
        "number": number,
        "count": len(questions),
        "percent": int((number - 1) * 100 / len(questions)),
        "new_section": number == 1 or questions[number - 2].section_id != current.section_id,
    }
    return render(request, "questionnaires/answer/question.html", context)


def _over_limit(request: HttpRequest, campaign: Campaign) -> bool:
    address = request.META.get("REMOTE_ADDR", "")
    key = "answers:" + hashlib.sha256(f"{campaign.token}:{address}".encode()).hexdigest()
    count = cache.get_or_set(key, 0, timeout=3600) or 0
    if count >= HOURLY_LIMIT:
        return True
    cache.incr(key)
    return False


@login_not_required
@never_cache
@_while_open
def finish(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    state = _state(request, campaign)
    given = {int(pk): services.Given.from_session(data) for pk, data in state["answers"].items()}
    answered = sum(1 for answer in given.values() if not answer.empty)
    if request.method == "POST":
        if state["mode"] != Mode.MEDIATOR and _over_limit(request, campaign):
            return render(request, "questionnaires/answer/limit.html", {"campaign": campaign}, status=429)
        services.submit_response(campaign, given, digest=state.get("digest", ""), mode=state["mode"])
        mediator = state["mode"] == Mode.MEDIATOR
        del request.session[f"campaign:{campaign.token}"]
        return redirect(f"{campaign.public_path}merci/" + ("?animateur=1" if mediator else ""))
    count = len(campaign.questionnaire.questions_in_order())
    context = {"campaign": campaign, "answered": answered, "count": count}
    return render(request, "questionnaires/answer/finish.html", context)


@login_not_required
def thanks(request: HttpRequest, token: str) -> HttpResponse:
    campaign = _campaign(token)
    return render(
        request, "questionnaires/answer/thanks.html", {"campaign": campaign, "mediator": request.GET.get("animateur")}
    )
