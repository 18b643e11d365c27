"""Drafting the common référentiel: the structures' items side by side, the draft, its items
with their sources and comments, publication and the next version."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from utilite.accounts.http import AuthenticatedHttpRequest
from utilite.core.permissions import require

from .. import services, similarity
from ..enums import Kind
from ..forms import FORMS, CommentForm, PublishForm
from ..models import PATH_TO_REFERENTIEL, Comment, CommonReferentiel
from ..permissions import can_comment, can_draft, can_publish, common_work_abilities, get_network_for
from ..synthesis import dimensions_of


def overview(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Where the network's common référentiel stands: its published versions and the draft."""
    network = get_network_for(request.user, slug, can_comment)
    versions = list(network.common_referentiels.select_related("pdf_job").order_by("-version"))
    context = {
        "network": network,
        "versions": versions,
        "draft": next((version for version in versions if version.is_draft), None),
        "abilities": common_work_abilities(request.user, network),
    }
    return render(request, "commons/overview.html", context)


@require_POST
def partners(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The coordinator lets the network's partners read the synthesis, or stops it."""
    network = get_network_for(request.user, slug, can_publish)
    services.set_synthesis_for_partners(network, request.POST.get("allow") == "yes")
    messages.success(
        request,
        _("Partners now read the territory synthesis.")
        if network.synthesis_for_partners
        else _("Partners no longer read the territory synthesis."),
    )
    return redirect("commons:overview", slug=slug)


@require_POST
def start(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    network = get_network_for(request.user, slug, can_draft)
    try:
        services.start_common(network, request.user)
    except services.Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The draft starts with the four dimensions found in Brest: adjust them freely."))
    return redirect("commons:draft", slug=slug)


def compare(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Every structure's criteria and indicators shared with the network, close wordings together."""
    network = get_network_for(request.user, slug, can_draft)
    text = request.GET.get("q", "").strip()[:100]
    groups = similarity.group(similarity.shared_criteria(network, text))
    page = Paginator(groups, 25).get_page(request.GET.get("page"))
    draft = network.common_referentiels.filter(status="draft").first()
    context = {
        "network": network,
        "page": page,
        "q": text,
        "querystring": f"q={text}" if text else "",
        "draft": draft,
        "dimensions": dimensions_of(draft) if draft else [],
    }
    return render(request, "commons/compare.html", context)


def _draft_or_404(network: Any) -> CommonReferentiel:
    return get_object_or_404(CommonReferentiel.objects.filter(network=network, status="draft"))


def draft(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    network = get_network_for(request.user, slug, can_comment)
    referentiel = network.common_referentiels.filter(status="draft").first()
    if referentiel is None:
        return redirect("commons:overview", slug=slug)
    comments = Comment.objects.filter(network=network).select_related("author")
    by_item: dict[Any, list[Comment]] = {}
    for comment in comments:
        by_item.setdefault(comment.item_uid, []).append(comment)
    dimensions = dimensions_of(referentiel, with_sources=True)
    for dimension in dimensions:  # each item carries its thread of comments
        dimension.thread = by_item.get(dimension.uid, [])  # type: ignore[attr-defined]
        for criterion in dimension.criteria.all():
            criterion.thread = by_item.get(criterion.uid, [])  # type: ignore[attr-defined]
            for indicator in criterion.indicators.all():
                indicator.thread = by_item.get(indicator.uid, [])  # type: ignore[attr-defined]
    context = {
        "network": network,
        "referentiel": referentiel,
        "dimensions": dimensions,
        "general_comments": by_item.get(None, []),
        "comment_form": CommentForm(),
        "abilities": common_work_abilities(request.user, network),
        "publish_form": PublishForm(instance=referentiel),
    }
    return render(request, "commons/draft.html", context)


def _parent(referentiel: CommonReferentiel, kind: str, parent_pk: int | None) -> Any:
    if kind == Kind.DIMENSION:
        return referentiel
    parent_model = services.MODELS[Kind.DIMENSION if kind == Kind.CRITERION else Kind.CRITERION]
    path = "referentiel" if kind == Kind.CRITERION else "dimension__referentiel"
    return get_object_or_404(parent_model.objects.filter(**{path: referentiel}), pk=parent_pk)


def item_add(request: AuthenticatedHttpRequest, slug: str, kind: str, parent_pk: int | None = None) -> HttpResponse:
    network = get_network_for(request.user, slug, can_draft)
    require(kind in services.MODELS)
    referentiel = _draft_or_404(network)
    parent = _parent(referentiel, kind, parent_pk)
    form = FORMS[kind](request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = {name: value for name, value in form.cleaned_data.items() if name != "revision"}
        item = services.add_item(kind, parent=parent, user=request.user, **fields)
        messages.success(request, _("“%(title)s” is added.") % {"title": item.title})
        return redirect(f"{reverse('commons:draft', kwargs={'slug': slug})}#{kind}-{item.uid}")
    context = {"network": network, "form": form, "kind": kind, "parent": parent}
    return render(request, "commons/item_form.html", context)


def _item_or_404(referentiel: CommonReferentiel, kind: str, pk: int) -> Any:
    require(kind in services.MODELS)
    return get_object_or_404(services.MODELS[kind].objects.filter(**{PATH_TO_REFERENTIEL[kind]: referentiel}), pk=pk)


def item_edit(request: AuthenticatedHttpRequest, slug: str, kind: str, pk: int) -> HttpResponse:
    """Change an item's wording and choose the structure items it is drawn from."""
    network = get_network_for(request.user, slug, can_draft)
    referentiel = _draft_or_404(network)
    item = _item_or_404(referentiel, kind, pk)
    form = FORMS[kind](request.POST or None, instance=item, initial={"revision": item.revision})
    candidates = _source_candidates(network, kind)
    conflict = None
    if request.method == "POST" and form.is_valid():
        fields = {name: value for name, value in form.cleaned_data.items() if name != "revision"}
        try:
            services.update_item(item, revision=form.cleaned_data["revision"], **fields)
        except services.Conflict as error:
            conflict = error.current
    if request.method == "POST" and form.is_valid() and conflict is None:
        if kind != Kind.DIMENSION:
            chosen = {int(value) for value in request.POST.getlist("sources") if value.isdigit()}
            services.set_sources(item, [source for source in candidates if source.pk in chosen])
        messages.success(request, _("“%(title)s” is saved.") % {"title": item.title})
        return redirect(f"{reverse('commons:draft', kwargs={'slug': slug})}#{kind}-{item.uid}")
    chosen_pks = {source.pk for source in item.sources.all()} if kind != Kind.DIMENSION else set()
    context = {
        "network": network,
        "form": form,
        "kind": kind,
        "item": item,
        "candidates": candidates,
        "chosen": chosen_pks,
        "conflict": conflict,
    }
    if conflict is not None:  # keep what this person wrote; saving again replaces the other version
        data = request.POST.copy()
        data["revision"] = str(conflict.revision)
        context["form"] = FORMS[kind](data, instance=conflict)
    return render(request, "commons/item_form.html", context, status=409 if conflict else 200)


def _source_candidates(network: Any, kind: str) -> list[Any]:
    """The structure items (shared with the network) a common item may be drawn from."""
    if kind == Kind.DIMENSION:
        return []
    criteria = similarity.shared_criteria(network)
    if kind == Kind.CRITERION:
        return criteria
    return [indicator for criterion in criteria for indicator in criterion.indicators.all()]


def item_delete(request: AuthenticatedHttpRequest, slug: str, kind: str, pk: int) -> HttpResponse:
    network = get_network_for(request.user, slug, can_draft)
    referentiel = _draft_or_404(network)
    item = _item_or_404(referentiel, kind, pk)
    if request.method == "POST":
        services.delete_item(item)
        messages.success(request, _("“%(title)s” has been deleted.") % {"title": item.title})
        return redirect("commons:draft", slug=slug)
    return render(request, "commons/item_delete.html", {"network": network, "item": item, "kind": kind})


@require_POST
def comment(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    network = get_network_for(request.user, slug, can_comment)
    form = CommentForm(request.POST)
    item_uid = request.POST.get("item") or None
    anchor = ""
    if item_uid:
        require(item_uid in _draft_or_404(network).item_uids())
        anchor = f"#comments-{item_uid}"
    if form.is_valid():
        services.add_comment(network, author=request.user, item_uid=item_uid, **form.cleaned_data)
        messages.success(request, _("Your message is added."))
    else:
        messages.error(request, _("Write your message before sending it."))
    return redirect(f"{reverse('commons:draft', kwargs={'slug': slug})}{anchor}")


@require_POST
def publish(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    network = get_network_for(request.user, slug, can_publish)
    referentiel = _draft_or_404(network)
    form = PublishForm(request.POST, instance=referentiel)
    if not form.is_valid():
        messages.error(request, _("Give the référentiel a title and a licence."))
        return redirect("commons:draft", slug=slug)
    try:
        published = services.publish(
            referentiel,
            request.user,
            pdf_url=request.build_absolute_uri(
                reverse("commons_public:version", kwargs={"slug": slug, "version": referentiel.version})
            ),
            **form.cleaned_data,
        )
    except services.Refused as refusal:
        messages.error(request, str(refusal))
        return redirect("commons:draft", slug=slug)
    messages.success(request, _("Version %(number)s is published.") % {"number": published.version})
    return redirect(published)


@require_POST
def make_pdf(request: AuthenticatedHttpRequest, slug: str, version: int) -> HttpResponse:
    """Ask again for the PDF of a published version (after a failure)."""
    network = get_network_for(request.user, slug, can_publish)
    referentiel = get_object_or_404(network.common_referentiels.published(), version=version)
    url = reverse("commons_public:version", kwargs={"slug": slug, "version": version})
    services.request_pdf(referentiel, request.build_absolute_uri(url), user=request.user)
    messages.success(request, _("The PDF is being made."))
    return redirect("commons:overview", slug=slug)


@require_POST
def new_version(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    network = get_network_for(request.user, slug, can_draft)
    try:
        draft = services.start_new_version(network, request.user)
    except services.Refused as refusal:
        messages.error(request, str(refusal))
        return redirect("commons:overview", slug=slug)
    messages.success(request, _("Version %(number)s is started.") % {"number": draft.version})
    return redirect("commons:draft", slug=slug)
