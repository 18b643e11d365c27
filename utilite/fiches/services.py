"""Write use cases of fiches: write, publish (freeze), start the next version, share, render."""

from __future__ import annotations

import datetime
import logging
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from utilite.core import locking
from utilite.core.tasks import enqueue_on_commit
from utilite.organisations.models import Organisation

from . import snapshot
from .enums import FicheStatus
from .models import Fiche, PublishedVersion, Rendering, ShareLink
from .tasks import render_fiche

if TYPE_CHECKING:
    from utilite.accounts.models import User

logger = logging.getLogger(__name__)


class NotEditable(Exception):
    """A published fiche is frozen: start a new version to change it."""

    def __init__(self, *args: object) -> None:
        super().__init__(*args)
        logger.info("fiche not editable in its state")


Conflict = locking.Conflict


def create_fiche(*, organisation: Organisation, user: User, **fields: Any) -> Fiche:
    return Fiche.objects.create(organisation=organisation, created_by=user, **fields)


@transaction.atomic
def update_fiche(fiche: Fiche, *, revision: int, **fields: Any) -> Fiche:
    """Save the team's text, unless someone else saved since `revision` was read (no lost update)."""
    if not Fiche.objects.filter(pk=fiche.pk, status=FicheStatus.DRAFT).exists():
        raise NotEditable
    return locking.save_if_unchanged(fiche, revision=revision, **fields)


@transaction.atomic
def publish(fiche: Fiche, user: User) -> PublishedVersion:
    """Freeze the current version: its snapshot keeps every figure and every word."""
    fiche = Fiche.objects.select_for_update(of=("self",)).select_related("organisation", "action").get(pk=fiche.pk)
    if fiche.status != FicheStatus.DRAFT:
        raise NotEditable
    version = PublishedVersion.objects.create(
        fiche=fiche, number=fiche.version, snapshot=snapshot.build(fiche), published_by=user
    )
    fiche.status = FicheStatus.PUBLISHED
    fiche.save(update_fields=["status", "updated_at"])
    return version


@transaction.atomic
def start_new_version(fiche: Fiche) -> Fiche:
    """A draft again, numbered next, starting from the same text; published versions stay."""
    fiche = Fiche.objects.select_for_update(of=("self",)).get(pk=fiche.pk)
    if fiche.status != FicheStatus.PUBLISHED:
        raise NotEditable
    fiche.status = FicheStatus.DRAFT
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
        enqueue_on_commit(render_fiche, rendering.pk)
    return rendering
