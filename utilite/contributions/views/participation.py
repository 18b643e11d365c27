"""The participants' pages: no account, the workshop's code, a signature, then a few words and a
photo, proposed to the facilitator. The contributor's key lives in the browser session only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from .. import services
from ..enums import SessionStatus
from ..forms import JoinForm, WriteForm
from ..models import Contributor, Session


def _key(session: Session) -> str:
    return f"copublication-{session.pk}"


def _session(code: str) -> Session:
    sessions = Session.objects.select_related("organisation", "place")
    return get_object_or_404(sessions, code=code.strip().upper())


def _contributor(request: HttpRequest, session: Session) -> Contributor | None:
    key = request.session.get(_key(session))
    return Contributor.objects.filter(session=session, key=key).first() if key else None


@login_not_required
def enter_code(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("code", "").strip().upper().replace(" ", "")
    if code:
        if Session.objects.filter(code=code).exists():
            return redirect("contributions_public:join", code=code)
        messages.error(request, _("No workshop has this code. Check it with the facilitator."))
    return render(request, "contributions/enter_code.html", {"code": code})


@login_not_required
def join(request: HttpRequest, code: str) -> HttpResponse:
    session = _session(code)
    if _contributor(request, session) is not None:
        return redirect("contributions_public:write", code=session.code)
    if session.status != SessionStatus.OPEN:
        return render(request, "contributions/closed.html", {"session": session}, status=410)
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        contributor = services.join(session, signature=form.cleaned_data["signature"])
        request.session[_key(session)] = str(contributor.key)
        return redirect("contributions_public:write", code=session.code)
    return render(request, "contributions/join.html", {"session": session, "form": form})


@login_not_required
def write(request: HttpRequest, code: str) -> HttpResponse:
    session = _session(code)
    contributor = _contributor(request, session)
    if contributor is None:
        return redirect("contributions_public:join", code=session.code)
    if session.status != SessionStatus.OPEN:
        return render(request, "contributions/closed.html", {"session": session}, status=410)
    form = WriteForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        contribution = services.write(
            organisation=session.organisation,
            session=session,
            contributor=contributor,
            signature=contributor.signature,
            title=form.cleaned_data["title"],
            text=form.cleaned_data["text"],
            kind=form.cleaned_data["kind"],
            photo=form.cleaned_data["photo"],
            alt=form.cleaned_data["alt"],
        )
        for kind in ("sound", "video"):
            if upload := form.cleaned_data.get(kind):
                services.add_media(
                    contribution, kind="audio" if kind == "sound" else "video", upload=upload, duration=upload.duration
                )
        services.propose(contribution)
        messages.success(request, _("Thank you! The facilitator will read it with you before anything is shown."))
        return redirect("contributions_public:write", code=session.code)
    mine = list(contributor.contributions.order_by("-created_at", "-pk")[:20])
    return render(
        request,
        "contributions/write.html",
        {"session": session, "form": form, "contributor": contributor, "mine": mine},
    )
