"""The participants' pages: no account, a code to join, a pseudonym or none, cards and votes.
The participant's key lives in the browser session only; nothing identifies the device."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from utilite.core.htmx import render_page_or_partial
from utilite.core.permissions import require
from utilite.organisations.permissions import can_contribute

from .. import board, services
from ..enums import WorkshopStatus
from ..forms import CardForm, JoinForm
from ..models import Participant, Workshop


def _session_key(workshop: Workshop) -> str:
    return f"workshop-{workshop.pk}"


def _participant(request: HttpRequest, workshop: Workshop) -> Participant | None:
    key = request.session.get(_session_key(workshop))
    return Participant.objects.filter(workshop=workshop, key=key).first() if key else None


def _workshop(code: str) -> Workshop:
    return get_object_or_404(Workshop.objects.select_related("organisation"), code=code.strip().upper())


@login_not_required
def enter_code(request: HttpRequest) -> HttpResponse:
    """Type the code the facilitator shows."""
    code = request.GET.get("code", "").strip().upper().replace(" ", "")
    if code:
        if Workshop.objects.filter(code=code).exists():
            return redirect("workshops_public:join", code=code)
        messages.error(request, _("No workshop has this code. Check it with the facilitator."))
    return render(request, "workshops/enter_code.html", {"code": code})


@login_not_required
def join(request: HttpRequest, code: str) -> HttpResponse:
    workshop = _workshop(code)
    if _participant(request, workshop) is not None:
        return redirect("workshops_public:board", code=workshop.code)
    if workshop.status == WorkshopStatus.CLOSED:
        return render(request, "workshops/closed.html", {"workshop": workshop}, status=410)
    form = JoinForm(request.POST or None, workshop=workshop)
    if request.method == "POST" and form.is_valid():
        participant = services.join(workshop, **form.cleaned_data)
        request.session[_session_key(workshop)] = participant.key
        return redirect("workshops_public:board", code=workshop.code)
    return render(request, "workshops/join.html", {"workshop": workshop, "form": form})


@login_not_required
def participant_board(request: HttpRequest, code: str) -> HttpResponse:
    workshop = _workshop(code)
    participant = _participant(request, workshop)
    if participant is None:
        return redirect("workshops_public:join", code=workshop.code)
    current = board.stamp(workshop)
    if board.unchanged(request, current):
        return HttpResponse(status=204)
    read = board.read(workshop, participant=participant)
    context = {
        "stamp": current,
        "workshop": workshop,
        "participant": participant,
        "board": read,
        "form": CardForm(workshop=workshop, initial={"client_key": uuid.uuid4()}),
        "votes_left": workshop.votes_per_person - len(read.my_votes),
    }
    return render_page_or_partial(request, "workshops/participant.html", context, "live")


@login_not_required
@require_POST
def post_card(request: HttpRequest, code: str) -> HttpResponse:
    workshop = _workshop(code)
    participant = _participant(request, workshop)
    if participant is None:
        return redirect("workshops_public:join", code=workshop.code)
    form = CardForm(request.POST, request.FILES, workshop=workshop)
    if form.is_valid():
        try:
            services.post_card(
                participant,
                text=form.cleaned_data["text"],
                question=form.cleaned_data["question"] or 0,
                client_key=form.cleaned_data["client_key"],
                photo=form.cleaned_data["photo"],
            )
        except services.Refused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("Your card is on the board."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect("workshops_public:board", code=workshop.code)


@login_not_required
@require_POST
def vote(request: HttpRequest, code: str, card_pk: int) -> HttpResponse:
    workshop = _workshop(code)
    participant = _participant(request, workshop)
    if participant is None:
        return redirect("workshops_public:join", code=workshop.code)
    card = get_object_or_404(workshop.cards.filter(hidden=False), pk=card_pk)
    try:
        services.vote(participant, card)
    except services.Refused as refusal:
        messages.error(request, str(refusal))
    return redirect(f"{request.path.rsplit('/vote/', 1)[0]}/tableau/#card-{card.pk}")


@login_not_required
def photo(request: HttpRequest, code: str, card_pk: int) -> FileResponse:
    """A card's photo, for those who see the card: participants of the workshop (when the card
    is visible to them) and the structure's team. Never by a public address."""
    workshop = _workshop(code)
    card = get_object_or_404(workshop.cards.exclude(photo=""), pk=card_pk)
    participant = _participant(request, workshop)
    team = can_contribute(request.user, workshop.organisation)
    visible = not card.hidden and (
        workshop.cards_visible_to_all or card.participant_id == getattr(participant, "pk", None)
    )
    require(team or (participant is not None and visible))
    response = FileResponse(card.photo.open("rb"))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
