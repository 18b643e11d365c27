"""Write use cases of fiches: write, publish (freeze), start the next version, share, render."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from utilite.organisations.models import Organisation

from . import snapshot
from .enums import Status
from .models import Fiche, PublishedVersion, Rendering, ShareLink
from .tasks import render_fiche

if TYPE_CHECKING:
    from utilite.accounts.models import User


class NotEditable(Exception):
    """A published fiche is frozen: start a new version to change it."""


class Conflict(Exception):
    """Someone else saved the fiche since it was opened: their text is in `current`."""

    def __init__(self, current: Fiche) -> None:
        super().__init__("conflict")
        self.current = current


def create_fiche(*, organisation: Organisation, user: User, **fields: Any) -> Fiche:
    return Fiche.objects.create(organisation=organisation, created_by=user, **fields)


@transaction.atomic
def update_fiche(fiche: Fiche, *, revision: int, **fields: Any) -> Fiche:
    """Save the team's text, unless someone else saved since `revision` was read (no lost update)."""
    current = Fiche.objects.select_for_update().get(pk=fiche.pk)
    if current.status != Status.DRAFT:
        raise NotEditable
    if current.revision != revision:
        raise Conflict(current)
    for name, value in fields.items():
        setattr(fiche, name, value)
    fiche.revision = current.revision + 1
    fiche.save()
    return fiche


@transaction.atomic
def publish(fiche: Fiche, user: User) -> PublishedVersion:
    """Freeze the current version: its snapshot keeps every figure and every word."""
    fiche = Fiche.objects.select_for_update(of=("self",)).select_related("organisation", "action").get(pk=fiche.pk)
    if fiche.status != Status.DRAFT:
        raise NotEditable
    version = PublishedVersion.objects.create(
        fiche=fiche, number=fiche.version, snapshot=snapshot.build(fiche), published_by=user
    )
    fiche.status = Status.PUBLISHED
    fiche.save(update_fields=["status", "updated_at"])
    return version


@transaction.atomic
def start_new_version(fiche: Fiche) -> Fiche:
    """A draft again, numbered next, starting from the same text; published versions stay."""
    fiche = Fiche.objects.select_for_update().get(pk=fiche.pk)
    if fiche.status != Status.PUBLISHED:
        raise NotEditable
    fiche.status = Status.DRAFT
    fiche.version += 1
    fiche.save(update_fields=["status", "version", "updated_at"])
    return fiche


def create_share_link(
    version: PublishedVersion, *, user: User, label: str, expires_on: datetime.date | None
) -> ShareLink:
    return ShareLink.objects.create(version=version, label=label, expires_on=expires_on, created_by=user)


def revoke_share_link(link: ShareLink) -> None:
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])


def set_shared(fiche: Fiche, shared: bool) -> Fiche:
    fiche.shared = shared
    fiche.save(update_fields=["shared", "updated_at"])
    return fiche


def request_rendering(
    fiche: Fiche, *, file_format: str, user: User, version: PublishedVersion | None, funding_pack: bool = False
) -> Rendering:
    with transaction.atomic():
        rendering = Rendering.objects.create(
            fiche=fiche, version=version, format=file_format, funding_pack=funding_pack, created_by=user
        )
        transaction.on_commit(lambda: render_fiche.enqueue(rendering.pk))
    return rendering
