"""Every URL of the application, tried as anonymous, as a member of another structure (and
as someone from another network), and as an authorised user. A last test walks the URL
resolver and fails on any pattern this matrix does not cover."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from utilite.commons import services as commons
from utilite.fiches import services as fiches
from utilite.fiches.models import Fiche, PublishedVersion, Rendering, ShareLink
from utilite.networks.models import NetworkMembership
from utilite.organisations.models import Membership
from utilite.questionnaires import services as questionnaires
from utilite.workshops import services as workshops

from .conftest import World, client_for


@dataclass
class Case:
    name: str
    kwargs: Callable[[World], dict[str, Any]] = lambda w: {}
    # public: anyone; login: any signed-in person; network: people of the network;
    # participant: those who joined a workshop (a browser session) and the structure's team;
    # private: the structure's team (and coordinators); coordinator: network coordinators only.
    access: str = "private"
    post_only: bool = False
    # Who is "authorised" for private/coordinator pages.
    authorised: Callable[[World], Any] = lambda w: w.admin_b
    # Text that must never reach someone outside the team (checked on network-visible pages).
    secret: Callable[[World], str] | None = None
    # What the authorised persona gets, when not a plain 200 page.
    authorised_status: int = 200


def _reset_kwargs(w: World) -> dict[str, Any]:
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(w.admin_b.pk)),
        "token": default_token_generator.make_token(w.admin_b),
    }


B = lambda w: {"slug": w.org_b.slug}  # noqa: E731
Q = lambda w: {**B(w), "pk": w.questionnaire_b.pk}  # noqa: E731
QS = lambda w: {**Q(w), "section_pk": w.question_b.section_id}  # noqa: E731
QQ = lambda w: {**Q(w), "question_pk": w.question_b.pk}  # noqa: E731
C = lambda w: {**B(w), "pk": w.campaign_b.pk}  # noqa: E731


def _text_answer(w: World) -> dict[str, Any]:
    question = questionnaires.add_question(w.questionnaire_b.sections.get(), wording="Un mot ?", kind="text")
    given = {question.pk: questionnaires.Given(text="Réponse de B", quote_scope="funders")}
    return {**C(w), "answer_pk": questionnaires.submit_response(w.campaign_b, given).answers.get().pk}


def _scale(w: World) -> dict[str, Any]:
    return {**Q(w), "section_pk": questionnaires.add_module(w.questionnaire_b, "ucla3").pk}


N = lambda w: {"slug": w.network.slug}  # noqa: E731


def _common_draft(w: World):
    draft = commons.start_common(w.network, w.coordinator)
    criterion = commons.add_item("criterion", parent=draft.dimensions.first(), user=w.coordinator, title="Lien")
    commons.add_item("indicator", parent=criterion, user=w.coordinator, title="Personnes venues", unit="personnes")
    return draft


def _common_published(w: World):
    return commons.publish(_common_draft(w), w.coordinator)


def _draft_item(kind: str):
    def kwargs(w: World) -> dict[str, Any]:
        draft = _common_draft(w)
        item = {
            "dimension": draft.dimensions.first(),
            "criterion": draft.dimensions.first().criteria.first(),
            "indicator": draft.dimensions.first().criteria.first().indicators.first(),
        }[kind]
        return {**N(w), "kind": kind, "pk": item.pk}

    return kwargs


def _workshop(w: World):
    workshop = workshops.create_workshop(
        organisation=w.org_b, user=w.admin_b, title="Atelier confidentiel de B", questions="Quoi ?", groups=["public"]
    )
    workshops.change_status(workshop, "open")
    return workshop


W = lambda w: {**B(w), "pk": _workshop(w).pk}  # noqa: E731


def _card_photo(w: World) -> dict[str, Any]:
    workshop = _workshop(w)
    participant = workshops.join(workshop, group="public")
    card = workshops.post_card(participant, text="Photo", photo=ContentFile(b"\xff\xd8\xff\xd9", name="p.jpg"))
    return {"code": workshop.code, "card_pk": card.pk}


WC = lambda w: {"code": _workshop(w).code}  # noqa: E731


def _fiche(w: World) -> Fiche:
    return fiches.create_fiche(
        organisation=w.org_b,
        user=w.admin_b,
        title="Fiche confidentielle de B",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
    )


def _published(w: World) -> PublishedVersion:
    return fiches.publish(_fiche(w), w.admin_b)


def _link(w: World) -> ShareLink:
    return fiches.create_share_link(_published(w), user=w.admin_b, label="Ville", expires_on=None)


def _rendering(w: World) -> dict[str, Any]:
    fiche = _fiche(w)
    rendering = Rendering.objects.create(
        fiche=fiche, format="pdf", status="done", file=ContentFile(b"%PDF", name="f.pdf")
    )
    return {**B(w), "pk": fiche.pk, "rendering_pk": rendering.pk}


def F(w: World) -> dict[str, Any]:
    return {**B(w), "pk": _fiche(w).pk}


def _place_b(w: World):
    from tests.factories import PlaceFactory

    return PlaceFactory(network=w.network, organisation=w.org_b, nom="Lieu tenu par B", open_weekdays=True)


P = lambda w: {**N(w), "pk": _place_b(w).pk}  # noqa: E731


def _report_b(w: World) -> dict[str, Any]:
    from utilite.places.models import PlaceReport

    place = _place_b(w)
    return {**N(w), "pk": place.pk, "report_pk": PlaceReport.objects.create(place=place, message="Faux").pk}


def _place_import(w: World) -> dict[str, Any]:
    from utilite.places.models import PlaceImport

    job = PlaceImport.objects.create(
        network=w.network, file=ContentFile(b"id\n", name="lieux.csv"), original_name="lieux-du-reseau.csv"
    )
    return {**N(w), "pk": job.pk}


def _place_photo(w: World) -> dict[str, Any]:
    from utilite.places.models import PlacePhoto

    place = _place_b(w)
    photo = PlacePhoto.objects.create(place=place, image=ContentFile(b"\xff\xd8\xff\xd9", name="p.jpg"), alt="Accueil")
    return {**N(w), "pk": place.pk, "photo_pk": photo.pk}


def _place_session(w: World) -> dict[str, Any]:
    from django.utils import timezone

    place = _place_b(w)
    starts = timezone.now() + datetime.timedelta(days=1)
    session = place.sessions.create(title="Atelier", starts_at=starts, ends_at=starts + datetime.timedelta(hours=2))
    return {**N(w), "pk": place.pk, "session_pk": session.pk}


def _place_fiche(w: World) -> dict[str, Any]:
    from tests.factories import PlaceFactory

    place = PlaceFactory(network=w.network, organisation=w.org_b, public_fiche=_published(w))
    return {**N(w), "pk": place.pk}


def _contribution(w: World, *, published: bool = False) -> Any:
    from utilite.contributions import services as contributions

    place = _place_b(w)
    contribution = contributions.write(
        organisation=w.org_b,
        signature="Mimi",
        title="Contribution de B",
        text="Le jardin.",
        kind="portrait",
        place=place,
        photo=ContentFile(b"\xff\xd8\xff\xd9", name="c.jpg"),
        alt="Un jardin",
    )
    contributions.propose(contribution)
    if published:
        contributions.record_consents(
            contribution,
            user=w.admin_b,
            audience="public",
            consent_on=datetime.date(2026, 12, 1),
            image_rights="nobody",
            image_rights_on=datetime.date(2026, 12, 1),
        )
        contributions.publish(contribution, user=w.admin_b)
    return contribution


def _copublication_session(w: World) -> Any:
    from utilite.contributions import services as contributions

    return contributions.open_session(organisation=w.org_b, user=w.admin_b, title="Atelier photo de B")


CB = lambda w: {**B(w), "pk": _contribution(w).pk}  # noqa: E731
CP = lambda w: {**N(w), "pk": _contribution(w, published=True).pk}  # noqa: E731


def _contribution_photo(w: World, *, published: bool) -> dict[str, Any]:
    contribution = _contribution(w, published=published)
    base = N(w) if published else B(w)
    return {**base, "pk": contribution.pk, "photo_pk": contribution.photos.get().pk}


def _contribution_media(w: World, *, published: bool) -> dict[str, Any]:
    from utilite.contributions.models import Media

    contribution = _contribution(w, published=published)
    media = Media.objects.create(
        contribution=contribution,
        kind="video",
        status="ready",
        file=ContentFile(b"\x00" * 64, name="v.mp4"),
        captions="WEBVTT\n\n00:00.000 --> 00:01.000\nBonjour",
    )
    base = N(w) if published else B(w)
    return {**base, "pk": contribution.pk, "media_pk": media.pk}


def _wiki(w: World, *, public: bool = False) -> tuple[Any, Any]:
    from utilite.wiki import services as wiki

    space = wiki.structure_space(w.org_b)
    page = wiki.create_page(
        space=space, title="Compte rendu de B", text="Secret de B\n\n- [ ] Bérénice Admin : relire\n", user=w.admin_b
    )
    if public:
        wiki.set_public(page, public=True, licence="CC-BY-SA-4.0")
    return space, page


def WS(w: World) -> dict[str, Any]:
    space, _page = _wiki(w)
    return {"slug": w.network.slug, "space": space.slug}


def WP(w: World, *, public: bool = False) -> dict[str, Any]:
    space, page = _wiki(w, public=public)
    return {"slug": w.network.slug, "space": space.slug, "page": page.slug}


def _wiki_attachment(w: World, *, public: bool = False) -> dict[str, Any]:
    from utilite.wiki import services as wiki
    from utilite.wiki.models import Page

    names = WP(w, public=public)
    page = Page.objects.get(slug=names["page"])
    item = wiki.attach(
        page,
        upload=ContentFile(b"%PDF-1.4 B", name="b.pdf"),
        name="b.pdf",
        content_type="application/pdf",
        user=w.admin_b,
    )
    return {**names, "pk": item.pk}


def _wiki_action(w: World) -> dict[str, Any]:
    from utilite.wiki.models import Page

    names = WP(w)
    return {**names, "pk": Page.objects.get(slug=names["page"]).actions.get().pk}


def _wiki_import(w: World) -> dict[str, Any]:
    from utilite.wiki.models import WikiImport

    names = WS(w)
    job = WikiImport.objects.create(
        space=_space_of(names), created_by=w.admin_b, original_name="export.xml", message="Import de B"
    )
    return {**names, "pk": job.pk}


def _space_of(names: dict[str, Any]) -> Any:
    from utilite.wiki.models import Space

    return Space.objects.get(slug=names["space"])


def _wiki_export(w: World) -> dict[str, Any]:
    from utilite.wiki.models import WikiExport

    names = WS(w)
    job = WikiExport.objects.create(
        space=_space_of(names), format="zip", name="b.zip", status="done", file=ContentFile(b"PK B", name="b.zip")
    )
    return {**names, "pk": job.pk}


def _wiki_group(w: World) -> dict[str, Any]:
    from utilite.wiki import services as wiki

    group = wiki.create_group(network=w.network, name="Groupe de B", user=w.admin_b)
    return {"slug": w.network.slug, "space": group.slug}


def _place_guide(w: World) -> dict[str, Any]:
    from utilite.places.models import PlaceGuide

    guide = PlaceGuide.objects.create(
        network=w.network, status="done", area_name="Bellevue", file=ContentFile(b"%PDF", name="guide.pdf")
    )
    return {**N(w), "pk": guide.pk}


def _coordinator(w: World) -> Any:
    return w.coordinator


CASES = [
    Case("home:home", access="login"),
    Case("core:accessibility", access="public"),
    Case("core:health", access="public"),
    Case("core:ready", access="public"),
    Case("accounts:login", access="public", authorised_status=302),  # already signed in: goes home
    Case("accounts:logout", access="public", post_only=True, authorised_status=302),
    Case("accounts:password_reset", access="public"),
    Case("accounts:password_reset_done", access="public"),
    # Django swaps the token for a session value and redirects.
    Case("accounts:password_reset_confirm", _reset_kwargs, access="public", authorised_status=302),
    Case("accounts:password_reset_complete", access="public"),
    Case("accounts:profile", access="login"),
    Case("accounts:password_change", access="login"),
    Case("accounts:second_factor", access="login"),
    # Without a second factor on, there are no codes to renew and nothing to turn off: back to setting it up.
    Case("accounts:second_factor_renew", access="login", post_only=True, authorised_status=302),
    Case("accounts:second_factor_off", access="login", post_only=True, authorised_status=302),
    Case("accounts:verify", access="login", authorised_status=302),  # nothing to verify: home
    Case("organisations:network_list", access="login", authorised_status=302),  # one network: straight to it
    Case("organisations:network", lambda w: {"slug": w.network.slug}, access="network"),
    Case(
        "organisations:create",
        lambda w: {"network_slug": w.network.slug},
        access="coordinator",
        authorised=lambda w: w.coordinator,
    ),
    Case(
        "organisations:network_security",
        lambda w: {"slug": w.network.slug},
        access="coordinator",
        authorised=lambda w: w.coordinator,
    ),
    Case("organisations:detail", B, access="network", secret=lambda w: w.private_action_b.title),
    Case("organisations:update", B),
    Case("organisations:members", B),
    Case("organisations:member_update", lambda w: {**B(w), "pk": w.membership_b.pk}),
    Case("organisations:member_remove", lambda w: {**B(w), "pk": w.membership_b.pk}),
    Case(
        "organisations:invitation_revoke",
        lambda w: {**B(w), "pk": w.invitation_b.pk},
        post_only=True,
        authorised_status=302,
    ),
    Case("organisations:action_create", B),
    Case("organisations:action_detail", lambda w: {**B(w), "pk": w.private_action_b.pk}),
    Case("organisations:action_update", lambda w: {**B(w), "pk": w.shared_action_b.pk}),
    Case("organisations:action_delete", lambda w: {**B(w), "pk": w.shared_action_b.pk}),
    # Signed in with another address than the invited one: explained, refused.
    Case("referentiels:home", B, authorised_status=302),  # straight to the latest version
    Case("referentiels:start", B, post_only=True, authorised_status=302),
    Case("referentiels:compare", B, secret=lambda w: "Aucune différence"),
    # B already has a référentiel: copying C's is refused with a message (302).
    Case(
        "referentiels:copy",
        lambda w: {**B(w), "pk": w.shared_referentiel_c.pk},
        post_only=True,
        authorised_status=302,
    ),
    Case("referentiels:sharing", lambda w: {**B(w), "version": 1}, post_only=True, authorised_status=302),
    Case("referentiels:library", lambda w: {**B(w), "version": 2}),
    Case(
        "referentiels:item_discussion",
        lambda w: {**B(w), "kind": "indicateur", "pk": w.indicator_b.pk},
        secret=lambda w: w.indicator_b.title,
    ),
    Case("referentiels:import", B),
    Case(
        "referentiels:export",
        lambda w: {**B(w), "version": 2, "file_format": "json"},
        secret=lambda w: w.indicator_b.title,
    ),
    Case("referentiels:version", lambda w: {**B(w), "version": 2}, secret=lambda w: w.indicator_b.title),
    Case("referentiels:table", lambda w: {**B(w), "version": 1}, secret=lambda w: w.indicator_b.title),
    Case("referentiels:validate", lambda w: {**B(w), "version": 2}, post_only=True, authorised_status=302),
    Case("referentiels:new_version", lambda w: {**B(w), "version": 1}, post_only=True, authorised_status=302),
    Case("referentiels:item_add", lambda w: {**B(w), "parent_kind": "critere", "pk": w.criterion_b.pk}),
    Case("referentiels:item_edit", lambda w: {**B(w), "kind": "indicateur", "pk": w.indicator_b.pk}),
    Case(
        "referentiels:item_move",
        lambda w: {**B(w), "kind": "registre", "pk": w.registre_b.pk},
        post_only=True,
        authorised_status=302,
    ),
    Case("referentiels:item_delete", lambda w: {**B(w), "kind": "critere", "pk": w.criterion_b.pk}),
    Case("activities:list", B),
    Case("activities:create", B),
    Case("activities:import", B),
    Case("activities:export", B),
    Case("activities:import_status", lambda w: {**B(w), "pk": w.import_b.pk}, secret=lambda w: "seances-de-b.csv"),
    Case("activities:update", lambda w: {**B(w), "pk": w.record_b.pk}),
    Case("activities:delete", lambda w: {**B(w), "pk": w.record_b.pk}),
    Case("measures:plan", B, secret=lambda w: "Nombre de participants"),
    Case("measures:grid", B, secret=lambda w: "Nombre de participants"),
    Case("measures:import", B),
    Case("measures:dashboard", B, secret=lambda w: "Nombre de participants"),
    Case("measures:calendar", B, secret=lambda w: "Nombre de participants"),
    Case("testimonies:list", B, secret=lambda w: "Témoignage confidentiel de B"),
    Case("testimonies:create", B),
    Case("testimonies:export", B),
    Case(
        "testimonies:update",
        lambda w: {**B(w), "pk": w.testimony_b.pk},
        secret=lambda w: "Témoignage confidentiel de B",
    ),
    Case("testimonies:revoke", lambda w: {**B(w), "pk": w.testimony_b.pk}),
    Case("testimonies:photo", lambda w: {**B(w), "pk": w.testimony_b.pk}),
    Case("questionnaires:list", B, secret=lambda w: "Questionnaire confidentiel de B"),
    Case("questionnaires:create", B),
    Case("questionnaires:detail", Q, secret=lambda w: "Questionnaire confidentiel de B"),
    Case("questionnaires:update", Q),
    Case("questionnaires:section_add", Q, post_only=True, authorised_status=302),
    Case("questionnaires:module_add", Q, post_only=True, authorised_status=302),
    Case("questionnaires:section_move", QS, post_only=True, authorised_status=404),  # up or down is required
    Case("questionnaires:section_delete", QS, post_only=True, authorised_status=302),
    Case("questionnaires:question_create", QS),
    Case("questionnaires:bank", QS),
    Case("questionnaires:question_update", QQ),
    Case("questionnaires:question_move", QQ, post_only=True, authorised_status=404),  # up or down is required
    Case("questionnaires:question_delete", QQ, post_only=True, authorised_status=302),
    Case("questionnaires:campaign_create", Q),
    Case("questionnaires:campaign", C, secret=lambda w: w.campaign_b.token),
    Case("questionnaires:poster", C),
    Case("questionnaires:campaign_status", C, post_only=True, authorised_status=404),  # a status is required
    Case("questionnaires:delete_answers", C),
    Case("questionnaires:results", C),
    Case("questionnaires:answers_export", C),
    Case(
        "questionnaires:text_answer",
        _text_answer,
        post_only=True,
        authorised_status=302,
    ),
    Case("questionnaires:section_link", _scale),
    Case("questionnaires:paper_entry", C),
    Case("questionnaires:paper_pdf", Q),
    Case("questionnaires:xlsform_export", Q),
    Case("questionnaires:xlsform_import", B),
    # Answering needs no account: the token is the only key.
    Case("answers:start", lambda w: {"token": w.campaign_b.token}, access="public"),
    Case("answers:question", lambda w: {"token": w.campaign_b.token, "number": 1}, access="public"),
    Case("answers:finish", lambda w: {"token": w.campaign_b.token}, access="public"),
    Case("answers:thanks", lambda w: {"token": w.campaign_b.token}, access="public"),
    Case("fiches:list", B),
    Case("fiches:create", B),
    Case("fiches:detail", F, secret=lambda w: "Fiche confidentielle de B"),
    Case("fiches:update", F),
    Case("fiches:publish", F, post_only=True, authorised_status=302),
    Case("fiches:new_version", F, post_only=True, authorised_status=302),
    Case("fiches:show_to_network", F, post_only=True, authorised_status=302),
    Case("fiches:hide_from_network", F, post_only=True, authorised_status=302),
    Case("fiches:version", lambda w: {**B(w), "pk": (v := _published(w)).fiche_id, "number": v.number}),
    Case("fiches:share", F, post_only=True, authorised_status=302),
    Case(
        "fiches:revoke",
        lambda w: {**B(w), "pk": (link := _link(w)).version.fiche_id, "link_pk": link.pk},
        post_only=True,
        authorised_status=302,
    ),
    Case("fiches:render", F, post_only=True, authorised_status=404),  # a format is required
    Case("fiches:funding", F),
    Case(
        "fiches:funding_template",
        lambda w: {"slug": w.network.slug},
        access="coordinator",
        authorised=lambda w: w.coordinator,
    ),
    Case(
        "fiches:funding_reset",
        lambda w: {"slug": w.network.slug},
        access="coordinator",
        authorised=lambda w: w.coordinator,
        post_only=True,
        authorised_status=302,
    ),
    Case("fiches:shared_with_me", access="login"),
    Case("fiches:rendering", _rendering),
    Case("fiches:download", _rendering),
    Case("fiches_shared:shared", lambda w: {"token": _link(w).token}, access="public"),
    Case("commons:overview", N, access="network"),
    Case(
        "commons:start",
        N,
        post_only=True,
        access="coordinator",
        authorised=lambda w: w.coordinator,
        authorised_status=302,
    ),
    Case(
        "commons:partners",
        N,
        post_only=True,
        access="coordinator",
        authorised=lambda w: w.coordinator,
        authorised_status=302,
    ),
    Case("commons:compare", N, access="coordinator", authorised=lambda w: w.coordinator),
    Case("commons:draft", lambda w: (_common_draft(w), N(w))[1], access="network"),
    Case(
        "commons:comment",
        lambda w: (_common_draft(w), N(w))[1],
        access="network",
        post_only=True,
        authorised_status=302,
    ),
    Case(
        "commons:publish",
        lambda w: (_common_draft(w), N(w))[1],
        post_only=True,
        access="coordinator",
        authorised=lambda w: w.coordinator,
        authorised_status=302,
    ),
    Case(
        "commons:new_version",
        lambda w: (_common_published(w), N(w))[1],
        post_only=True,
        access="coordinator",
        authorised=lambda w: w.coordinator,
        authorised_status=302,
    ),
    Case(
        "commons:make_pdf",
        lambda w: (_common_published(w), {**N(w), "version": 1})[1],
        post_only=True,
        access="coordinator",
        authorised=lambda w: w.coordinator,
        authorised_status=302,
    ),
    Case(
        "commons:add_dimension",
        lambda w: (_common_draft(w), N(w))[1],
        access="coordinator",
        authorised=lambda w: w.coordinator,
    ),
    Case(
        "commons:add",
        lambda w: {**N(w), "kind": "criterion", "parent_pk": _common_draft(w).dimensions.first().pk},
        access="coordinator",
        authorised=lambda w: w.coordinator,
    ),
    Case("commons:edit", _draft_item("criterion"), access="coordinator", authorised=lambda w: w.coordinator),
    Case("commons:delete", _draft_item("indicator"), access="coordinator", authorised=lambda w: w.coordinator),
    Case(
        "commons:synthesis",
        lambda w: (_common_published(w), N(w))[1],
        access="coordinator",
        authorised=lambda w: w.coordinator,
    ),
    Case(
        "commons:data_package",
        lambda w: (_common_published(w), N(w))[1],
        access="coordinator",
        authorised=lambda w: w.coordinator,
    ),
    Case("commons:evaluation", N, access="coordinator", authorised=lambda w: w.coordinator),
    Case("commons:structure", lambda w: (_common_published(w), B(w))[1]),
    Case("commons:adopt", lambda w: (_common_published(w), B(w))[1], post_only=True, authorised_status=404),
    Case("commons:map", lambda w: (_common_published(w), B(w))[1], post_only=True, authorised_status=404),
    Case("commons:panorama", lambda w: (_common_published(w), B(w))[1]),
    Case("commons_public:latest", lambda w: (_common_published(w), N(w))[1], access="public", authorised_status=302),
    Case(
        "commons_public:version",
        lambda w: {**N(w), "version": _common_published(w).version},
        access="public",
    ),
    Case(
        "commons_public:export",
        lambda w: {**N(w), "version": _common_published(w).version, "file_format": "json"},
        access="public",
    ),
    Case("workshops:list", B),
    Case("workshops:create", B),
    Case("workshops:board", W, secret=lambda w: "Atelier confidentiel de B"),
    # The facilitator's actions: without the card or group they need, 404.
    Case("workshops:open", W, post_only=True, authorised_status=302),
    Case("workshops:close", W, post_only=True, authorised_status=302),
    Case("workshops:reveal", W, post_only=True, authorised_status=302),
    Case("workshops:start_timer", W, post_only=True, authorised_status=302),
    Case("workshops:stop_timer", W, post_only=True, authorised_status=302),
    Case("workshops:add_cluster", W, post_only=True, authorised_status=302),
    Case("workshops:rename_cluster", W, post_only=True, authorised_status=404),
    Case("workshops:delete_cluster", W, post_only=True, authorised_status=404),
    Case("workshops:place", W, post_only=True, authorised_status=404),
    Case("workshops:hide_card", W, post_only=True, authorised_status=404),
    Case("workshops:show_card", W, post_only=True, authorised_status=404),
    Case("workshops:merge", W, post_only=True, authorised_status=404),
    Case("workshops:convert", W, post_only=True, authorised_status=302),
    Case("workshops:export", lambda w: {**W(w), "file_format": "csv"}),
    Case("workshops:delete", W),
    Case("workshops:panorama", W),
    Case("workshops:panorama_pdf", W, authorised_status=404),  # none made yet
    # Joining needs no account: the code is the only key.
    Case("workshops_public:enter", access="public"),
    Case("workshops_public:join", WC, access="public"),
    Case("workshops_public:board", WC, access="public", authorised_status=302),  # join first
    Case("workshops_public:card", WC, access="public", post_only=True, authorised_status=302),
    Case(
        "workshops_public:vote",
        lambda w: {**WC(w), "card_pk": 1},
        access="public",
        post_only=True,
        authorised_status=302,
    ),
    Case("workshops_public:photo", lambda w: _card_photo(w), access="participant"),
    Case("organisations:invitation", lambda w: {"token": w.invitation_token}, access="public", authorised_status=403),
    # The directory of places: public to read; its team edits a place; coordinators import.
    Case("places_public:directory", N, access="public"),
    Case("places_public:embed", N, access="public"),
    Case("places_public:geojson", N, access="public"),
    Case("places_public:national_csv", N, access="public"),
    Case("places_public:orientation", N, access="public"),
    Case("places_public:sheet", P, access="public"),
    Case("places_public:report", P, access="public"),
    Case("places:manage", lambda w: (_place_b(w), N(w))[1], access="network", secret=lambda w: "Lieu tenu par B"),
    Case("places:create", N, access="network"),
    Case("places:update", P),
    Case("places:hours", P),
    Case("places:history", P),
    Case("places:confirm", P, post_only=True, authorised_status=302),
    Case("places:report_handled", _report_b, post_only=True, authorised_status=302),
    Case("places:import", N, access="coordinator", authorised=_coordinator),
    Case(
        "places:import_status",
        _place_import,
        access="coordinator",
        authorised=_coordinator,
        secret=lambda w: "lieux-du-reseau.csv",
    ),
    Case("places:campaign", N, access="coordinator", authorised=_coordinator, post_only=True, authorised_status=302),
    Case("places:photos", P),
    Case("places:photo_delete", _place_photo, post_only=True, authorised_status=302),
    Case("places_public:photo", _place_photo, access="public"),
    Case("places:sessions", P),
    Case("places:session_delete", _place_session, post_only=True, authorised_status=302),
    Case("places:utility", P),
    Case("places_public:fiche", _place_fiche, access="public"),
    Case("places:guide", N, access="network"),
    # Co-publication: drafts and proposals stay with the structure's team; the public site shows
    # what is published for everyone; participants join by code, without an account.
    Case(
        "contributions:overview",
        lambda w: (_contribution(w), B(w))[1],
        access="private",
        secret=lambda w: "Contribution de B",
    ),
    Case(
        "contributions:session",
        lambda w: {**B(w), "pk": _copublication_session(w).pk},
        access="private",
        secret=lambda w: "Atelier photo de B",
    ),
    Case(
        "contributions:session_close",
        lambda w: {**B(w), "pk": _copublication_session(w).pk},
        access="private",
        post_only=True,
        authorised_status=302,
    ),
    Case("contributions:review", CB, access="private", secret=lambda w: "Contribution de B"),
    Case("contributions:photo", lambda w: _contribution_photo(w, published=False), access="private"),
    Case(
        "contributions:step",
        lambda w: {**CB(w), "action": "refuser"},
        access="private",
        post_only=True,
        authorised_status=302,
    ),
    Case(
        "contributions:network",
        lambda w: (_contribution(w), N(w))[1],
        access="coordinator",
        authorised=_coordinator,
        secret=lambda w: "Contribution de B",
    ),
    Case("contributions_public:enter_code", access="public"),
    Case("contributions_public:join", lambda w: {"code": _copublication_session(w).code}, access="public"),
    Case(
        "contributions_public:write",
        lambda w: {"code": _copublication_session(w).code},
        access="public",
        authorised_status=302,
    ),
    Case("contributions_public:site", N, access="public"),
    Case("contributions_public:feed", N, access="public"),
    Case("contributions_public:detail", CP, access="public"),
    Case("contributions_public:report", CP, access="public"),
    Case("contributions_public:photo", lambda w: _contribution_photo(w, published=True), access="public"),
    Case(
        "contributions:media",
        lambda w: {**_contribution_media(w, published=False), "part": "fichier"},
        access="private",
    ),
    Case("contributions:media_status", lambda w: _contribution_media(w, published=False), access="private"),
    Case(
        "contributions_public:media",
        lambda w: {**_contribution_media(w, published=True), "part": "fichier"},
        access="public",
    ),
    Case("contributions_public:captions", lambda w: _contribution_media(w, published=True), access="public"),
    # The wiki: a structure's space is its team's; the network's index is for its people.
    Case("wiki:index", N, access="network"),
    Case("wiki:space", WS, secret=lambda w: "Compte rendu de B"),
    Case("wiki:new_page", WS),
    Case("wiki:changes", WS, secret=lambda w: "Compte rendu de B"),
    Case("wiki:actions", WS, secret=lambda w: "relire"),
    Case("wiki:timeline", WS),
    Case("wiki:members", _wiki_group),
    Case("wiki:follow_space", WS, post_only=True, authorised_status=302),
    Case("wiki:import", WS),
    Case("wiki:import_status", _wiki_import),
    Case("wiki:export_space", WS, post_only=True, authorised_status=302),
    Case("wiki:export_pdf", WP, post_only=True, authorised_status=302),
    Case("wiki:export_status", _wiki_export),
    Case("wiki:export_download", _wiki_export),
    Case("wiki:page", WP, secret=lambda w: "Secret de B"),
    Case("wiki:edit", WP, secret=lambda w: "Secret de B"),
    Case("wiki:presence", WP, post_only=True),
    Case("wiki:history", WP),
    Case("wiki:compare", WP),
    Case("wiki:revision", lambda w: {**WP(w), "number": 1}, secret=lambda w: "Secret de B"),
    Case("wiki:restore", lambda w: {**WP(w), "number": 1}, post_only=True, authorised_status=302),
    Case("wiki:validate", WP, post_only=True, authorised_status=302),
    Case("wiki:tick", _wiki_action, post_only=True, authorised_status=302),
    Case("wiki:publish", WP, post_only=True, authorised_status=302),
    Case("wiki:follow_page", WP, post_only=True, authorised_status=302),
    Case("wiki:attach", WP, post_only=True, authorised_status=302),
    Case("wiki:attachment", _wiki_attachment),
    Case("wiki:detach", _wiki_attachment, post_only=True, authorised_status=302),
    Case("wiki:export_page", lambda w: {**WP(w), "extension": "md"}, secret=lambda w: "Secret de B"),
    Case("wiki_public:page", lambda w: WP(w, public=True), access="public"),
    Case("wiki_public:attachment", lambda w: _wiki_attachment(w, public=True), access="public"),
    Case("places:guide_status", _place_guide, access="network"),
    Case("places:guide_download", _place_guide, access="network"),
]

IDS = [case.name for case in CASES]


def _url(case: Case, world: World) -> str:
    return reverse(case.name, kwargs=case.kwargs(world))


def _call(client, case: Case, url: str):
    return client.post(url) if case.post_only else client.get(url)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_anonymous(world, case):
    response = _call(client_for(None), case, _url(case, world))
    response.close()  # public files (a place's pictures) are open until closed
    if case.access == "participant":
        assert response.status_code == 404  # without having joined
    elif case.access == "public":
        assert response.status_code in {200, 302}
        if response.status_code == 302 and case.name != "accounts:logout":
            assert not response.url.startswith(reverse("accounts:login"))
    else:
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_someone_from_another_network(world, case):
    response = _call(client_for(world.outsider), case, _url(case, world))
    response.close()
    if case.access in {"network", "private", "coordinator", "participant"}:
        assert response.status_code == 404
    else:
        assert response.status_code in {200, 302, 403}


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_member_of_another_structure(world, case):
    client = client_for(world.member_a)
    url = _url(case, world)
    response = _call(client, case, url)
    if case.access in {"private", "coordinator", "participant"}:
        assert response.status_code == 404
        # Forms refuse writes too, and reveal nothing.
        assert client.post(url, {"name": "Piratage", "title": "Piratage", "role": "admin"}).status_code == 404
    else:
        response.close()  # a file the network may read (a printable guide) is open until closed
        assert response.status_code in {200, 302, 403}
        if case.secret:
            assert case.secret(world) not in response.content.decode()


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_authorised(world, case):
    user = case.authorised(world) if case.access in {"private", "coordinator"} else world.admin_b
    response = _call(client_for(user), case, _url(case, world))
    response.close()  # file responses (photos) hold their file open until closed
    assert response.status_code == case.authorised_status
    if case.secret:
        assert case.secret(world) in response.content.decode()


@pytest.mark.parametrize(
    "case", [case for case in CASES if case.access in {"private", "coordinator"}], ids=lambda case: case.name
)
def test_authorised_then_removed(world, case):
    """The persona who had access loses it (removed from the team and the network): every private
    page answers 404, as to a stranger — nothing is kept from an earlier visit."""
    user = case.authorised(world)
    client = client_for(user)
    url = _url(case, world)  # test_authorised: this persona gets in
    Membership.objects.filter(user=user).delete()
    NetworkMembership.objects.filter(user=user).delete()
    response = _call(client, case, url)
    response.close()
    assert response.status_code == 404


def _all_names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _all_names(pattern, inner)
        elif isinstance(pattern, URLPattern):
            names.add(f"{namespace}{pattern.name}" if pattern.name else f"{namespace}<unnamed {pattern.pattern}>")
    return names


def test_every_url_is_covered():
    """Django's admin has its own staff-only guard, tested in tests/core/test_admin.py."""
    names = {name for name in _all_names(get_resolver()) if not name.startswith("admin:")}
    assert names - set(IDS) == set(), "add these URLs to the permission matrix"
    assert set(IDS) - names == set(), "these cases name URLs that no longer exist"
