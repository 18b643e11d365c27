"""What people do in the wiki, each an atomic use case: spaces and their members, pages written
and saved (two people's edits merged, or the second shown both texts), restored, validated,
actions ticked off, attachments, following. Every save is a `Revision`."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from utilite.organisations.models import Membership

from . import text as wikitext
from .enums import GroupRole, PageKind, SpaceKind
from .models import ActionItem, Attachment, GroupMember, Page, Revision, Space, Watch

if TYPE_CHECKING:
    from utilite.accounts.models import User
    from utilite.networks.models import Network
    from utilite.organisations.models import Organisation

logger = logging.getLogger(__name__)


class Refused(Exception):
    """Not done, for a reason said in plain French."""


# --- Spaces ------------------------------------------------------------------------------


def network_space(network: Network) -> Space:
    space, _created = Space.objects.get_or_create(
        network=network, kind=SpaceKind.NETWORK, defaults={"name": network.name, "slug": "reseau"}
    )
    return space


def structure_space(organisation: Organisation) -> Space:
    space, _created = Space.objects.get_or_create(
        organisation=organisation,
        defaults={
            "network_id": organisation.network_id,
            "kind": SpaceKind.STRUCTURE,
            "name": organisation.name,
            "slug": wikitext.page_slug(organisation.slug)[:60],
        },
    )
    return space


@transaction.atomic
def create_group(*, network: Network, name: str, description: str = "", user: User) -> Space:
    """A working group around a theme; whoever creates it coordinates it."""
    slug = wikitext.page_slug(name)[:50]
    if Space.objects.filter(network=network, slug=slug).exists() or slug == "reseau":
        raise Refused(_("A space of the network already has this name."))
    space = Space.objects.create(
        network=network, kind=SpaceKind.GROUP, name=name, slug=slug, description=description, created_by=user
    )
    GroupMember.objects.create(space=space, user=user, role=GroupRole.COORDINATOR)
    logger.info("wiki group %s created in network %s", space.pk, network.pk, extra={"space": space.pk})
    return space


@transaction.atomic
def add_member(space: Space, user: User, *, role: str = GroupRole.MEMBER) -> GroupMember:
    member, _created = GroupMember.objects.update_or_create(space=space, user=user, defaults={"role": role})
    return member


@transaction.atomic
def remove_member(space: Space, user: User) -> None:
    if (
        GroupMember.objects.filter(space=space, role=GroupRole.COORDINATOR).exclude(user=user).count() == 0
        and GroupMember.objects.filter(space=space, user=user, role=GroupRole.COORDINATOR).exists()
    ):
        raise Refused(_("A working group needs a coordinator: name another one first."))
    GroupMember.objects.filter(space=space, user=user).delete()


# --- Pages -------------------------------------------------------------------------------


def template_text(kind: str, today: datetime.date | None = None) -> str:
    """The skeleton of a new page of this kind, in the reader's language."""
    day = (today or timezone.localdate()).strftime("%d/%m/%Y")
    if kind == PageKind.MINUTES:
        return _(
            "**Date:** %(date)s\n\n**Present:** \n\n**Excused:** \n\n## Agenda\n\n1. \n\n## Decisions\n\n- \n\n"
            "## Actions\n\n- [ ] Who: what (by %(date)s)\n"
        ) % {"date": day}
    if kind == PageKind.ACTION_SHEET:
        sections = [
            _("Why this action"),
            _("For whom"),
            _("What we do"),
            _("With whom"),
            _("Means"),
            _("How we know it works"),
        ]
        return "\n\n".join(f"## {title}\n" for title in sections) + f"\n## {_('Actions')}\n\n- [ ] "
    if kind == PageKind.PROJECT:
        sections = [
            _("The project in a few words"),
            _("Aims"),
            _("Partners"),
            _("Calendar"),
            _("Budget"),
            _("Evaluation"),
        ]
        return "\n\n".join(f"## {title}\n" for title in sections)
    return ""


def _organisation_of(user: User | None, space: Space) -> int | None:
    if user is None:
        return space.organisation_id
    return (
        Membership.objects.filter(user=user, organisation__network_id=space.network_id)
        .order_by("pk")
        .values_list("organisation_id", flat=True)
        .first()
    )


def write_revision(
    page: Page, *, title: str, text: str, user: User | None, summary: str, author_name: str = "", at: Any = None
) -> Revision:
    """A new revision of `page` (locked by the caller) and everything read from it."""
    now = at or timezone.now()
    page.version += 1
    page.title, page.text, page.updated_at = title, text, now
    page.search_text = wikitext.fold(f"{title}\n{text}")
    page.save()
    revision = Revision.objects.create(
        page=page,
        space_id=page.space_id,
        number=page.version,
        title=title,
        text=text,
        author=user,
        author_name=author_name or (str(user) if user else ""),
        organisation_id=_organisation_of(user, page.space) if user or not author_name else None,
        summary=summary[:300],
        created_at=now,
    )
    _read_actions(page, now)
    _index(page)
    return revision


def _read_actions(page: Page, now: datetime.datetime) -> None:
    """The page's actions as its text now says them; an action keeps its opening date while its
    words stay the same."""
    before = {(item.who, item.what): item for item in page.actions.all()}
    names = {wikitext.fold(str(user.full_name)): user for user in _people_of(page.space)}
    kept = []
    for written in wikitext.actions(page.text):
        previous = before.pop((written.who, written.what), None)
        item = previous or ActionItem(page=page, space_id=page.space_id, opened_at=now)
        item.line, item.who, item.what, item.due = written.line, written.who, written.what, written.due
        item.assignee = names.get(wikitext.fold(written.who)) if written.who else None
        if written.done and not item.done:
            item.done_at = now
        item.done = written.done
        if not written.done:
            item.done_at = None
        item.save()
        kept.append(item.pk)
    page.actions.exclude(pk__in=kept).delete()


def _people_of(space: Space) -> list[Any]:
    from utilite.accounts.models import User

    if space.kind == SpaceKind.GROUP:
        return list(User.objects.filter(wiki_groups__space=space))
    if space.kind == SpaceKind.STRUCTURE:
        return list(User.objects.filter(memberships__organisation=space.organisation))
    return list(User.objects.filter(memberships__organisation__network_id=space.network_id).distinct())


def _index(page: Page) -> None:
    """The words search reads: an FTS5 table on SQLite; PostgreSQL reads `search_text` through its
    full-text index (migration 0002)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM wiki_page_fts WHERE rowid = %s", [page.pk])
            cursor.execute("INSERT INTO wiki_page_fts (rowid, body) VALUES (%s, %s)", [page.pk, page.search_text])


@transaction.atomic
def create_page(
    *,
    space: Space,
    title: str,
    user: User | None,
    kind: str = PageKind.PAGE,
    text: str | None = None,
    summary: str = "",
) -> Page:
    title = " ".join(title.split())[:150]
    slug = wikitext.page_slug(title)
    if Page.objects.filter(space=space, slug=slug).exists():
        raise Refused(_("A page of this space already has this title."))
    page = Page.objects.create(
        space=space, title=title, slug=slug, kind=kind, created_by=user, updated_at=timezone.now()
    )
    write_revision(
        page,
        title=title,
        text=template_text(kind) if text is None else text,
        user=user,
        summary=summary or _("Page created"),
    )
    logger.info("wiki page %s created in space %s", page.pk, space.pk, extra={"page": page.pk})
    return page


@dataclass(frozen=True)
class Saved:
    page: Page
    revision: Revision | None = None  # None when nothing changed
    merged_with: list[str] | None = None  # the others whose edits were merged with yours
    conflict: bool = False  # the others changed the same lines: nothing saved
    theirs: str = ""  # the page's text as the others left it


@transaction.atomic
def save_page(page: Page, *, text: str, base: int, user: User, summary: str = "", title: str | None = None) -> Saved:
    """Save an edit begun on revision `base`. When others saved since, their edits and yours are
    merged if they touch different lines; otherwise nothing is saved and you see both texts."""
    page = Page.objects.select_for_update().get(pk=page.pk)
    text = text.replace("\r\n", "\n")
    title = " ".join((title or page.title).split())[:150]
    merged_with = None
    if base != page.version:
        start = page.revisions.filter(number=base).first()
        merged = wikitext.merge(start.text if start else "", page.text, text)
        if merged is None:
            logger.info("wiki page %s: edit from revision %s conflicts", page.pk, base, extra={"page": page.pk})
            return Saved(page, conflict=True, theirs=page.text)
        merged_with = sorted({revision.who for revision in page.revisions.filter(number__gt=base)})
        text = merged
    if text == page.text and title == page.title:
        return Saved(page, merged_with=merged_with)
    revision = write_revision(page, title=title, text=text, user=user, summary=summary)
    return Saved(page, revision=revision, merged_with=merged_with)


@transaction.atomic
def restore(page: Page, *, number: int, user: User) -> Revision:
    page = Page.objects.select_for_update().get(pk=page.pk)
    old = page.revisions.get(number=number)
    return write_revision(
        page, title=old.title, text=old.text, user=user, summary=_("Revision %(number)s restored") % {"number": number}
    )


@transaction.atomic
def validate(page: Page, *, user: User) -> Page:
    """Minutes approved as they are: this revision stays the validated one; a later change is a
    new version after it."""
    Page.objects.filter(pk=page.pk).update(validated_at=timezone.now(), validated_version=page.version)
    page.refresh_from_db()
    logger.info("wiki page %s validated at revision %s", page.pk, page.version, extra={"page": page.pk})
    return page


@transaction.atomic
def tick(action: ActionItem, *, user: User) -> Revision:
    """The action is done: its box is checked in the page, which is a revision of its own."""
    page = Page.objects.select_for_update().get(pk=action.page_id)
    action = page.actions.get(pk=action.pk)
    if action.done:
        raise Refused(_("This action is already done."))
    return write_revision(
        page,
        title=page.title,
        text=wikitext.tick(page.text, action.line),
        user=user,
        summary=_("Action done: %(what)s") % {"what": action.what},
    )


@transaction.atomic
def set_public(page: Page, *, public: bool, licence: str) -> Page:
    Page.objects.filter(pk=page.pk).update(public=public, licence=licence)
    page.refresh_from_db()
    return page


# --- Attachments and following -------------------------------------------------------------


@transaction.atomic
def attach(page: Page, *, upload: Any, name: str, content_type: str, user: User) -> Attachment:
    attachment = Attachment.objects.create(
        page=page, file=upload, name=name[:150], content_type=content_type, size=upload.size or 0, uploaded_by=user
    )
    logger.info("wiki page %s: attachment %s", page.pk, attachment.pk, extra={"page": page.pk})
    return attachment


@transaction.atomic
def detach(attachment: Attachment) -> None:
    name, storage = str(attachment.file.name), attachment.file.storage
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def watch(user: User, space: Space, page: Page | None = None) -> bool:
    """Follow (or stop following); True when now followed."""
    found = Watch.objects.filter(user=user, space=space, page=page)
    if found.exists():
        found.delete()
        return False
    Watch.objects.create(user=user, space=space, page=page)
    return True


def start_import(space: Space, *, upload: Any, user: User) -> Any:
    """Take a MediaWiki export or a document in, in the background (`imports.run`)."""
    from utilite.core.tasks import enqueue_on_commit

    from .models import WikiImport
    from .tasks import import_wiki

    with transaction.atomic():
        job = WikiImport.objects.create(
            space=space, created_by=user, file=upload, original_name=(upload.name or "export.xml")[:200]
        )
        enqueue_on_commit(import_wiki, job.pk)
    return job


@transaction.atomic
def attach_to_fiche(space: Space, fiche: Any, *, user: User) -> Any:
    """The space's timeline becomes an annex of the fiche (frozen with it when it is published)."""
    from .models import FicheAnnex

    annex, _created = FicheAnnex.objects.get_or_create(space=space, fiche=fiche, defaults={"attached_by": user})
    logger.info("wiki space %s attached to fiche %s", space.pk, fiche.pk, extra={"space": space.pk})
    return annex


def request_export(space: Space, *, user: User, page: Page | None = None) -> Any:
    """A page as PDF (with `page`), or the whole space as a zip, made in the background."""
    from utilite.core.tasks import enqueue_on_commit

    from .models import WikiExport
    from .tasks import export_wiki

    with transaction.atomic():
        job = WikiExport.objects.create(space=space, page=page, format="pdf" if page else "zip", created_by=user)
        enqueue_on_commit(export_wiki, job.pk)
    return job
