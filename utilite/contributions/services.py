"""The life of a contribution, as in SPIP: draft → proposed → published, or refused with a kind
message; published → unpublished; a change to a published contribution is proposed again.
Nothing reaches the public without the author's consent for the public and, when there are
pictures, the image rights; withdrawing consent deletes the contribution and its files."""

from __future__ import annotations

import datetime
import logging
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .enums import Audience, ImageRights, SessionStatus, Status
from .models import Contribution, Contributor, Event, Photo, Session

if TYPE_CHECKING:
    from utilite.accounts.models import User
    from utilite.organisations.models import Organisation

logger = logging.getLogger(__name__)

TRANSITIONS: dict[str, set[str]] = {
    Status.DRAFT: {Status.PROPOSED},
    Status.PROPOSED: {Status.PUBLISHED, Status.REFUSED, Status.DRAFT},
    Status.REFUSED: {Status.PROPOSED},
    Status.PUBLISHED: {Status.UNPUBLISHED, Status.PROPOSED},
    Status.UNPUBLISHED: {Status.PROPOSED, Status.PUBLISHED},
}


class Refused(Exception):
    """The step cannot be taken; the message says why, in French."""


def _move(
    contribution: Contribution, status: str, *, user: User | None, message: str = "", **fields: Any
) -> Contribution:
    current = Contribution.objects.select_for_update().get(pk=contribution.pk)
    if status not in TRANSITIONS[Status(current.status)]:
        raise Refused(
            _("This contribution cannot go from “%(from)s” to “%(to)s”.")
            % {"from": Status(current.status).label, "to": Status(status).label}
        )
    Contribution.objects.filter(pk=current.pk).update(status=status, **fields)
    Event.objects.create(contribution=current, status=status, user=user, message=message)
    logger.info("contribution %s: %s → %s", current.pk, current.status, status, extra={"contribution": current.pk})
    current.refresh_from_db()
    return current


# --- Sessions and contributors -------------------------------------------------------------


def open_session(
    *, organisation: Organisation, user: User | None, title: str, place: Any = None, action: Any = None
) -> Session:
    session = Session.objects.create(
        organisation=organisation, title=title, place=place, action=action, created_by=user
    )
    logger.info("co-publication session %s opened", session.pk, extra={"organisation": organisation.pk})
    return session


def close_session(session: Session) -> Session:
    Session.objects.filter(pk=session.pk).update(status=SessionStatus.CLOSED)
    session.status = SessionStatus.CLOSED
    return session


def join(session: Session, *, signature: str) -> Contributor:
    if session.status != SessionStatus.OPEN:
        raise Refused(_("This workshop is closed."))
    return Contributor.objects.create(session=session, signature=signature.strip()[:60])


# --- Writing ----------------------------------------------------------------------------------


@transaction.atomic
def write(
    *,
    organisation: Organisation,
    signature: str,
    title: str,
    text: str = "",
    kind: str,
    session: Session | None = None,
    contributor: Contributor | None = None,
    place: Any = None,
    photo: Any = None,
    alt: str = "",
    user: User | None = None,
) -> Contribution:
    """A draft, with its picture already re-encoded (`core.uploads.clean_image`)."""
    contribution = Contribution.objects.create(
        organisation=organisation,
        session=session,
        contributor=contributor,
        place=place if place is not None else getattr(session, "place", None),
        action=getattr(session, "action", None),
        signature=signature,
        title=title,
        text=text,
        kind=kind,
    )
    Event.objects.create(contribution=contribution, status=Status.DRAFT, user=user)
    if photo is not None:
        Photo.objects.create(contribution=contribution, image=photo, alt=alt)
    return contribution


@transaction.atomic
def propose(contribution: Contribution, *, user: User | None = None) -> Contribution:
    return _move(contribution, Status.PROPOSED, user=user)


@transaction.atomic
def record_consents(
    contribution: Contribution,
    *,
    user: User | None,
    audience: str,
    consent_on: datetime.date | None,
    image_rights: str,
    image_rights_on: datetime.date | None,
    alts: dict[int, str] | None = None,
) -> Contribution:
    """What the author agreed to, and the image rights, as the facilitator recorded them (dates, no names)."""
    Contribution.objects.filter(pk=contribution.pk).update(
        audience=audience, consent_on=consent_on, image_rights=image_rights, image_rights_on=image_rights_on
    )
    for photo_pk, alt in (alts or {}).items():
        Photo.objects.filter(contribution=contribution, pk=photo_pk).update(alt=alt[:200])
    contribution.refresh_from_db()
    return contribution


def missing_for(contribution: Contribution, audience: str) -> list[str]:
    """Why the contribution cannot be published for `audience` yet (empty: it can)."""
    order = [Audience.STRUCTURE, Audience.NETWORK, Audience.PUBLIC]
    reasons = []
    if not contribution.audience or order.index(Audience(contribution.audience)) < order.index(Audience(audience)):
        reasons.append(_("the author's consent for this audience"))
    photos = list(contribution.photos.all())
    if photos and contribution.image_rights not in {ImageRights.NOBODY, ImageRights.AGREED}:
        reasons.append(_("the image rights of the people in the pictures"))
    if any(not photo.alt for photo in photos):
        reasons.append(_("a description of each picture, for those who cannot see it"))
    return reasons


@transaction.atomic
def publish(contribution: Contribution, *, user: User | None) -> Contribution:
    missing = missing_for(contribution, contribution.audience or Audience.PUBLIC)
    if missing:
        raise Refused(_("Not published yet: missing %(what)s.") % {"what": ", ".join(missing)})
    now = timezone.now()
    delay = datetime.timedelta(hours=settings.CONTRIBUTIONS_COOLING_OFF_HOURS)
    return _move(contribution, Status.PUBLISHED, user=user, published_at=now, public_after=now + delay)


@transaction.atomic
def refuse(contribution: Contribution, *, user: User | None, message: str) -> Contribution:
    if not message.strip():
        raise Refused(_("Write a kind word to the author: why, and what could be changed."))
    return _move(contribution, Status.REFUSED, user=user, message=message, refusal_message=message)


@transaction.atomic
def unpublish(contribution: Contribution, *, user: User | None, message: str = "") -> Contribution:
    return _move(contribution, Status.UNPUBLISHED, user=user, message=message)


@transaction.atomic
def change(contribution: Contribution, *, user: User | None, **fields: Any) -> Contribution:
    """A change to the words: a published contribution goes back to review."""
    Contribution.objects.filter(pk=contribution.pk).update(**fields)
    contribution.refresh_from_db()
    if contribution.status == Status.PUBLISHED:
        contribution = _move(contribution, Status.PROPOSED, user=user, message=_("Changed after publication."))
    return contribution


@transaction.atomic
def withdraw(contribution: Contribution, *, user: User | None) -> None:
    """The author withdraws their consent: the contribution and its files are deleted everywhere."""
    photos = list(contribution.photos.all())
    names = [photo.image.name for photo in photos if photo.image.name]
    storage = photos[0].image.storage if photos else None
    pk, organisation_id = contribution.pk, contribution.organisation_id
    contribution.delete()

    def delete_files() -> None:
        for name in names:
            storage.delete(name)  # type: ignore[union-attr]

    transaction.on_commit(delete_files)
    logger.info("contribution %s withdrawn and deleted", pk, extra={"organisation": organisation_id})
