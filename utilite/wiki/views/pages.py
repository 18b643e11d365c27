"""A page: read, write (toolbar and preview, without JavaScript too), its history, a comparison
of two revisions, restore, validate minutes, tick an action off, attachments, who is editing."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from utilite.accounts.http import AuthenticatedHttpRequest
from utilite.core.ids import in_range

from .. import presence, reads, services
from .. import text as wikitext
from ..forms import AttachmentForm, NewPageForm, PageForm, PublicForm
from ..models import Watch
from ..permissions import get_page_or_404, get_space_or_404

HISTORY_PAGE = 100


def page_view(request: AuthenticatedHttpRequest, slug: str, space: str, page: str) -> HttpResponse:
    found_space, found = get_page_or_404(request.user, slug, space, page)
    context = {
        "space": found_space,
        "page": found,
        "html": reads.page_html(found),
        "attachments": list(found.attachments.all()),
        "actions": list(found.actions.select_related("assignee")),
        "editing": presence.others(found.pk, request.user.pk),
        "watched": Watch.objects.filter(user=request.user, page=found).exists(),
        "public_form": PublicForm(initial={"public": found.public, "licence": found.licence}),
        "attachment_form": AttachmentForm(),
    }
    return render(request, "wiki/page.html", context)


def new_page(request: AuthenticatedHttpRequest, slug: str, space: str) -> HttpResponse:
    found_space = get_space_or_404(request.user, slug, space)
    form = NewPageForm(request.POST or None, initial={"title": request.GET.get("titre", "")[:150]})
    if request.method == "POST" and form.is_valid():
        try:
            created = services.create_page(
                space=found_space, title=form.cleaned_data["title"], kind=form.cleaned_data["kind"], user=request.user
            )
        except services.Refused as refusal:
            form.add_error("title", str(refusal))
        else:
            return redirect("wiki:edit", slug=slug, space=space, page=created.slug)
    return render(request, "wiki/new_page.html", {"space": found_space, "form": form})


def edit(request: AuthenticatedHttpRequest, slug: str, space: str, page: str) -> HttpResponse:
    """Save, or show the preview (the « Aperçu » button, or HTMX as you type). When someone else
    saved meanwhile, non-overlapping edits are merged; otherwise both texts are shown."""
    found_space, found = get_page_or_404(request.user, slug, space, page)
    initial = {"title": found.title, "text": found.text, "base": found.version}
    form = PageForm(request.POST or None, initial=initial)
    context = {"space": found_space, "page": found, "form": form, "theirs": None, "preview": None}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        htmx = bool(getattr(request, "htmx", False))
        if "apercu" in request.POST or htmx:
            found.text = data["text"]
            context["preview"] = reads.page_html(found)
            if htmx:
                return render(request, "wiki/_preview.html", context)
            return render(request, "wiki/edit.html", context)
        saved = services.save_page(
            found,
            text=data["text"],
            title=data["title"],
            base=data["base"],
            user=request.user,
            summary=data["summary"],
        )
        if saved.conflict:
            # The second writer sees both texts and resolves: their own stays in the editor.
            form = PageForm(initial={**data, "base": saved.page.version})
            context = {**context, "form": form, "theirs": saved.theirs}
            context["changes_html"] = wikitext.as_html(wikitext.compare(saved.theirs, data["text"]))
            messages.warning(
                request, _("Someone changed the same lines meanwhile. Nothing is lost: choose below, then save.")
            )
            return render(request, "wiki/edit.html", context, status=409)
        presence.leave(found.pk, request.user.pk)
        if saved.merged_with:
            messages.success(
                request,
                _("Saved, together with the changes of %(names)s made meanwhile.")
                % {"names": ", ".join(saved.merged_with)},
            )
        else:
            messages.success(request, _("Saved.") if saved.revision else _("Nothing has changed."))
        return redirect("wiki:page", slug=slug, space=space, page=found.slug)
    presence.mark(found.pk, request.user.pk, str(request.user))
    context["editing"] = presence.others(found.pk, request.user.pk)
    return render(request, "wiki/edit.html", context)


@require_POST
def still_editing(request: AuthenticatedHttpRequest, slug: str, space: str, page: str) -> HttpResponse:
    """The editor's sign of life (every 20 seconds): who else is editing."""
    _space, found = get_page_or_404(request.user, slug, space, page)
    presence.mark(found.pk, request.user.pk, str(request.user))
    return render(
        request, "wiki/_editing.html", {"editing": presence.others(found.pk, request.user.pk), "page": found}
    )


def history(request: AuthenticatedHttpRequest, slug: str, space: str, page: str) -> HttpResponse:
    found_space, found = get_page_or_404(request.user, slug, space, page)
    revisions = list(found.revisions.select_related("author", "organisation").defer("text")[:HISTORY_PAGE])
    context = {"space": found_space, "page": found, "revisions": revisions, "more": found.version > HISTORY_PAGE}
    return render(request, "wiki/history.html", context)


def revision(request: AuthenticatedHttpRequest, slug: str, space: str, page: str, number: int) -> HttpResponse:
    found_space, found = get_page_or_404(request.user, slug, space, page)
    old = get_object_or_404(found.revisions.select_related("author"), number=number)
    shown = type(found)(space=found_space, text=old.text, title=old.title)
    context = {"space": found_space, "page": found, "revision": old, "html": reads.page_html(shown)}
    return render(request, "wiki/revision.html", context)


def compare(request: AuthenticatedHttpRequest, slug: str, space: str, page: str) -> HttpResponse:
    found_space, found = get_page_or_404(request.user, slug, space, page)
    asked = (request.GET.get("de", str(max(found.version - 1, 1))), request.GET.get("a", str(found.version)))
    if not all(in_range(number) for number in asked):
        raise Http404
    first, second = (int(number) for number in asked)
    first, second = sorted((first, second))
    pair = {item.number: item for item in found.revisions.filter(number__in=[first, second]).select_related("author")}
    if first not in pair or second not in pair:
        raise Http404
    context = {
        "space": found_space,
        "page": found,
        "old": pair[first],
        "new": pair[second],
        "changes_html": wikitext.as_html(wikitext.compare(pair[first].text, pair[second].text)),
        "title_changed": pair[first].title != pair[second].title,
    }
    return render(request, "wiki/compare.html", context)


@require_POST
def restore(request: AuthenticatedHttpRequest, slug: str, space: str, page: str, number: int) -> HttpResponse:
    _space, found = get_page_or_404(request.user, slug, space, page)
    get_object_or_404(found.revisions, number=number)
    services.restore(found, number=number, user=request.user)
    messages.success(request, _("Revision %(number)s is back, as a new revision.") % {"number": number})
    return redirect("wiki:page", slug=slug, space=space, page=page)


@require_POST
def validate(request: AuthenticatedHttpRequest, slug: str, space: str, page: str) -> HttpResponse:
    _space, found = get_page_or_404(request.user, slug, space, page)
    services.validate(found, user=request.user)
    messages.success(request, _("Validated: later changes will show as changes after this version."))
    return redirect("wiki:page", slug=slug, space=space, page=page)


@require_POST
def tick(request: AuthenticatedHttpRequest, slug: str, space: str, page: str, pk: int) -> HttpResponse:
    _space, found = get_page_or_404(request.user, slug, space, page)
    action = get_object_or_404(found.actions, pk=pk)
    try:
        services.tick(action, user=request.user)
        messages.success(request, _("Done: it is in the page's history."))
    except services.Refused as refusal:
        messages.error(request, str(refusal))
    if request.POST.get("retour") == "actions":
        return redirect("wiki:actions", slug=slug, space=space)
    return redirect("wiki:page", slug=slug, space=space, page=page)


@require_POST
def publish(request: AuthenticatedHttpRequest, slug: str, space: str, page: str) -> HttpResponse:
    _space, found = get_page_or_404(request.user, slug, space, page)
    form = PublicForm(request.POST)
    if form.is_valid():
        services.set_public(found, public=form.cleaned_data["public"], licence=form.cleaned_data["licence"])
        messages.success(
            request,
            _("Everyone can read it now.") if form.cleaned_data["public"] else _("Only the space can read it now."),
        )
    return redirect("wiki:page", slug=slug, space=space, page=page)


@require_POST
def follow(request: AuthenticatedHttpRequest, slug: str, space: str, page: str) -> HttpResponse:
    found_space, found = get_page_or_404(request.user, slug, space, page)
    followed = services.watch(request.user, found_space, found)
    messages.success(
        request, _("You will get a daily e-mail of its changes.") if followed else _("You no longer follow it.")
    )
    return redirect("wiki:page", slug=slug, space=space, page=page)


@require_POST
def attach(request: AuthenticatedHttpRequest, slug: str, space: str, page: str) -> HttpResponse:
    _space, found = get_page_or_404(request.user, slug, space, page)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        services.attach(
            found, upload=upload.content, name=upload.name, content_type=upload.content_type, user=request.user
        )
        messages.success(request, _("The file is attached."))
    else:
        messages.error(request, " ".join(str(error) for error in form.errors.get("file", [])))
    return redirect("wiki:page", slug=slug, space=space, page=page)


def attachment(request: AuthenticatedHttpRequest, slug: str, space: str, page: str, pk: int) -> FileResponse:
    _space, found = get_page_or_404(request.user, slug, space, page)
    item = get_object_or_404(found.attachments, pk=pk)
    return _serve(item)


def _serve(item: object) -> FileResponse:
    from ..models import Attachment

    assert isinstance(item, Attachment)  # noqa: S101  # nosec B101
    response = FileResponse(
        item.file.open("rb"), content_type=item.content_type, as_attachment=not item.is_image, filename=item.name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=600"
    return response


@require_POST
def detach(request: AuthenticatedHttpRequest, slug: str, space: str, page: str, pk: int) -> HttpResponse:
    _space, found = get_page_or_404(request.user, slug, space, page)
    services.detach(get_object_or_404(found.attachments, pk=pk))
    messages.success(request, _("The file is removed."))
    return redirect("wiki:page", slug=slug, space=space, page=page)
