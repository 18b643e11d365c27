"""The life of a contribution, as in SPIP: draft → proposed → published, or refused with a kind
message; published → unpublished; a change to a published contribution is proposed again.
Nothing reaches the public without the author's consent for the public and, when there are
pictures, the image rights; withdrawing consent deletes the contribution and its files."""

from __future__ import annotations

import datetime
import logging
from typing import TYPE_CHECKING, Any
from uuid import uuid4

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .enums import Audience, ImageRights, SessionStatus, Status
from .models import Contribution, Contributor, Event, Media, MediaStatus, Photo, Report, Rules, Session, Tag

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
        Photo.objects.create(contribution=contribution, image=photo, small=_smaller(photo), alt=alt)
    return contribution


@transaction.atomic
def add_media(contribution: Contribution, *, kind: str, upload: Any, duration: float = 0) -> Media:
    """A sound or a video as it came (already probed by `core.media.probe`), converted in the background."""
    from utilite.core.tasks import enqueue_on_commit

    from .tasks import convert_media

    media = Media.objects.create(contribution=contribution, kind=kind, original=upload, duration=duration)
    enqueue_on_commit(convert_media, media.pk)
    return media


def convert(media: Media) -> Media:
    """Make the sound (AAC) or the video (H.264 and a poster) fit for the web; the original goes."""
    import tempfile
    from pathlib import Path

    from django.core.files.base import ContentFile

    from utilite.core import media as conversion

    def progress(percent: int) -> None:  # read by the review page while it converts
        Media.objects.filter(pk=media.pk).update(progress=percent)

    try:
        with tempfile.TemporaryDirectory() as folder:
            source = Path(folder) / "original"
            with media.original.open("rb") as handle:
                source.write_bytes(handle.read())
            if media.kind == "video":
                video, poster = conversion.convert_video(source, duration=media.duration, progress=progress)
                media.file.save(f"{uuid4()}.mp4", ContentFile(video), save=False)
                media.poster.save(f"{uuid4()}.jpg", ContentFile(poster), save=False)
            else:
                sound = conversion.convert_audio(source, duration=media.duration, progress=progress)
                media.file.save(f"{uuid4()}.m4a", ContentFile(sound), save=False)
    except (RuntimeError, OSError) as error:
        logger.error(
            "media %s could not be converted: %s", media.pk, error, extra={"contribution": media.contribution_id}
        )
        Media.objects.filter(pk=media.pk).update(status=MediaStatus.FAILED)
        media.status = MediaStatus.FAILED
        return media
    original = media.original.name
    Media.objects.filter(pk=media.pk).update(
        file=media.file.name, poster=media.poster.name or "", original="", status=MediaStatus.READY, progress=100
    )
    if original:
        media.original.storage.delete(original)
    media.refresh_from_db()
    logger.info("media %s converted", media.pk, extra={"contribution": media.contribution_id})
    return media


def _smaller(photo: Any) -> Any:
    """A copy 640 pixels wide at most, for slow phones (`srcset`); None when it is already small."""
    import io

    from django.core.files.base import ContentFile
    from PIL import Image, UnidentifiedImageError

    try:
        photo.seek(0)
        with Image.open(photo) as picture:
            if picture.width <= 640:
                return None
            copy = picture.convert("RGB")
    except (UnidentifiedImageError, OSError):
        return None
    finally:
        photo.seek(0)
    copy.thumbnail((640, 640 * 4))
    buffer = io.BytesIO()
    copy.save(buffer, format="JPEG", quality=80, optimize=True)
    return ContentFile(buffer.getvalue(), name=f"{uuid4().hex}.jpg")


@transaction.atomic
def propose(contribution: Contribution, *, user: User | None = None) -> Contribution:
    return _move(contribution, Status.PROPOSED, user=user)


MAX_TAGS = 8


def keywords(text: str) -> list[str]:
    """The keywords a facilitator typed, separated by commas: trimmed, without doubles (« Jardin »
    and « jardin » are one), 40 characters at most each, `MAX_TAGS` at most."""
    from django.utils.text import slugify

    found: dict[str, str] = {}
    for part in text.replace(";", ",").split(","):
        name = " ".join(part.split())[:40]
        if slugify(name) and slugify(name) not in found:
            found[slugify(name)] = name
    return list(found.values())[:MAX_TAGS]


@transaction.atomic
def tag(contribution: Contribution, names: list[str]) -> list[Tag]:
    """Give the contribution these keywords of its network (made when new); the others go."""
    from django.utils.text import slugify

    network_id = contribution.organisation.network_id
    existing = {item.slug: item for item in Tag.objects.filter(network_id=network_id, slug__in=map(slugify, names))}
    tags = [
        existing.get(slugify(name)) or Tag.objects.create(network_id=network_id, name=name, slug=slugify(name)[:50])
        for name in names
    ]
    contribution.tags.set(tags)
    logger.info("contribution %s: %d keywords", contribution.pk, len(tags), extra={"contribution": contribution.pk})
    return tags


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
    texts: dict[int, dict[str, str]] | None = None,
) -> Contribution:
    """What the author agreed to, and the image rights, as the facilitator recorded them (dates, no names)."""
    Contribution.objects.filter(pk=contribution.pk).update(
        audience=audience, consent_on=consent_on, image_rights=image_rights, image_rights_on=image_rights_on
    )
    for photo_pk, alt in (alts or {}).items():
        Photo.objects.filter(contribution=contribution, pk=photo_pk).update(alt=alt[:200])
    for media_pk, fields in (texts or {}).items():  # transcripts of sounds, captions of videos
        Media.objects.filter(contribution=contribution, pk=media_pk).update(**fields)
    contribution.refresh_from_db()
    Event.objects.create(
        contribution=contribution, status=contribution.status, user=user, message=_("Consents recorded.")
    )
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
    media = list(contribution.media.all())
    if any(item.status != MediaStatus.READY for item in media):
        reasons.append(_("the sounds and videos to be prepared"))
    if any(item.kind == "audio" and not item.transcript.strip() for item in media):
        reasons.append(_("the written transcript of each sound"))
    if any(item.kind == "video" and not item.captions.strip().startswith("WEBVTT") for item in media):
        reasons.append(_("the captions (WebVTT) of each video"))
    if any(item.kind == "video" for item in media) and contribution.image_rights not in {
        ImageRights.NOBODY,
        ImageRights.AGREED,
    }:
        reasons.append(_("the image rights of the people in the videos"))
    return reasons


def cooling_off_hours(network_id: int) -> int:
    """The delay the network chose, else the instance's (`UTILITE_COOLING_OFF_HOURS`, none by default)."""
    rules = Rules.objects.filter(network_id=network_id).first()
    return rules.cooling_off_hours if rules else settings.CONTRIBUTIONS_COOLING_OFF_HOURS


@transaction.atomic
def set_cooling_off(network: Any, *, hours: int, user: User | None) -> Rules:
    """The coordinators' choice, for what is published from now on (the rest keeps its date)."""
    rules, _created = Rules.objects.update_or_create(
        network=network, defaults={"cooling_off_hours": hours, "updated_by": user}
    )
    logger.info("network %s: cooling-off of %s hours", network.pk, hours, extra={"network": network.pk})
    return rules


@transaction.atomic
def publish(contribution: Contribution, *, user: User | None) -> Contribution:
    missing = missing_for(contribution, contribution.audience or Audience.PUBLIC)
    if missing:
        raise Refused(_("Not published yet: missing %(what)s.") % {"what": ", ".join(missing)})
    now = timezone.now()
    delay = datetime.timedelta(hours=cooling_off_hours(contribution.organisation.network_id))
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


SCOPES = {"structure": "internal", "network": "funders", "public": "public"}


@transaction.atomic
def make_testimony(contribution: Contribution, *, user: User) -> Any:
    """The contribution's words become a testimony of the structure's evaluation, with the consent
    its author gave (for the structure: internal; the network: reports to funders; everyone:
    public). Linked: asked twice, the same testimony."""
    from utilite.testimonies.services import record_testimony

    if contribution.testimony_id is not None:
        return contribution.testimony
    if not contribution.audience or not contribution.consent_on:
        raise Refused(_("Record the author's consent first."))
    testimony = record_testimony(
        organisation=contribution.organisation,
        user=user,
        kind="verbatim",
        text=(contribution.text or contribution.title)[:5000],
        speaker=contribution.signature,
        collected_on=timezone.localdate(contribution.created_at),
        consent_on=contribution.consent_on,
        consent_scope=SCOPES[contribution.audience],
    )
    Contribution.objects.filter(pk=contribution.pk).update(testimony=testimony)
    Event.objects.create(
        contribution=contribution, status=contribution.status, user=user, message=_("Used as a testimony.")
    )
    return testimony


@transaction.atomic
def withdraw(contribution: Contribution, *, user: User | None) -> None:
    """The author withdraws their consent: the contribution and its files are deleted everywhere,
    and the testimony made of it leaves every output."""
    if contribution.testimony_id is not None:
        from utilite.testimonies.services import revoke_consent

        revoke_consent(contribution.testimony)  # type: ignore[arg-type]
    photos = list(contribution.photos.all())
    media = list(contribution.media.all())
    names = [field.name for photo in photos for field in (photo.image, photo.small) if field.name]
    names += [field.name for item in media for field in (item.original, item.file, item.poster) if field.name]
    storage = Photo._meta.get_field("image").storage
    pk, organisation_id = contribution.pk, contribution.organisation_id
    contribution.delete()

    def delete_files() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete_files)
    logger.info("contribution %s withdrawn and deleted", pk, extra={"organisation": organisation_id})


def report(contribution: Contribution, *, message: str) -> Report:
    """Someone signals a public contribution: its structure sees it in its moderation queue."""
    found = Report.objects.create(contribution=contribution, message=message[:2000])
    logger.info("contribution %s reported", contribution.pk, extra={"contribution": contribution.pk})
    return found


def figures(network: Any, today: datetime.date) -> dict[str, int]:
    """For « Le réseau s'évalue »: contributions online, people who contributed, published this year."""
    from django.db.models import Count, Q

    published = Contribution.objects.filter(organisation__network=network, status=Status.PUBLISHED)
    totals = published.aggregate(
        online=Count("pk"),
        this_year=Count("pk", filter=Q(published_at__year=today.year)),
        contributors=Count("signature", distinct=True),
    )
    return {key: int(value or 0) for key, value in totals.items()}
