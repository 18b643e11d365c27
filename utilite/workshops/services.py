"""Write use cases of workshops: prepare, open and close, join, post a card (once), facilitate
(clusters, hiding, merging, revealing, timer), vote within a budget, and turn the clusters into a
draft référentiel."""

from __future__ import annotations

import datetime
import logging
import uuid
from typing import TYPE_CHECKING, Any, cast

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from utilite.core.models import Job
from utilite.core.tasks import enqueue_on_commit
from utilite.organisations.models import Organisation
from utilite.referentiels import services as referentiels
from utilite.referentiels.models import Criterion, Referentiel, Registre

from .enums import WorkshopStatus
from .models import Card, Cluster, Participant, Vote, Workshop

if TYPE_CHECKING:
    from utilite.accounts.models import User

logger = logging.getLogger(__name__)


class Refused(Exception):
    """Not possible now; the message says why, in French. Every refusal is logged."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        logger.info("workshop action refused: %s", message)


# Allowed moves of the life cycle.
TRANSITIONS = {
    WorkshopStatus.PREPARED: {WorkshopStatus.OPEN},
    WorkshopStatus.OPEN: {WorkshopStatus.CLOSED},
    WorkshopStatus.CLOSED: {WorkshopStatus.OPEN},
}


def touch(workshop: Workshop) -> None:
    """The board changed: polling pages will fetch it again."""
    Workshop.objects.filter(pk=workshop.pk).update(updated_at=timezone.now())


def create_workshop(*, organisation: Organisation, user: User, **fields: Any) -> Workshop:
    for _attempt in range(5):  # codes are short: retry on the rare collision
        try:
            with transaction.atomic():
                return Workshop.objects.create(organisation=organisation, created_by=user, **fields)
        except IntegrityError:
            continue
    raise Refused(_("No free code was found: try again."))


@transaction.atomic
def change_status(workshop: Workshop, status: str) -> Workshop:
    current = Workshop.objects.select_for_update(of=("self",)).get(pk=workshop.pk)
    if status not in TRANSITIONS.get(WorkshopStatus(current.status), set()):
        raise Refused(_("This cannot be done in the current state of the workshop."))
    current.status = status
    current.save(update_fields=["status", "updated_at"])
    return current


def join(workshop: Workshop, *, group: str, pseudonym: str = "") -> Participant:
    if workshop.status == WorkshopStatus.CLOSED:
        raise Refused(_("This workshop is closed."))
    return Participant.objects.create(workshop=workshop, group=group, pseudonym=pseudonym.strip()[:40])


def post_card(
    participant: Participant,
    *,
    text: str,
    question: int = 0,
    client_key: uuid.UUID | None = None,
    photo: ContentFile[bytes] | None = None,
) -> Card:
    """A card, stored once even if the phone sends it twice (same `client_key`). A photo comes
    already checked and re-encoded (`core.uploads.clean_image`)."""
    workshop = participant.workshop
    if not Workshop.objects.filter(pk=workshop.pk, status=WorkshopStatus.OPEN).exists():
        raise Refused(_("The workshop is not open for cards."))
    text = " ".join(text.split())
    if not text:
        raise Refused(_("Write something on the card."))
    card, _created = Card.objects.get_or_create(
        workshop=workshop,
        client_key=client_key or uuid.uuid4(),
        defaults={"participant": participant, "text": text[:280], "group": participant.group, "question": question},
    )
    if _created and photo is not None:
        card.photo.save(photo.name or "photo.jpg", photo, save=True)
    return card


@transaction.atomic
def add_cluster(workshop: Workshop, name: str, *, card: Card | None = None) -> Cluster:
    """A new group at the end, with `card` moved into it."""
    if not name.strip():
        raise Refused(_("Give the group a name."))
    top = workshop.clusters.aggregate(top=Max("position"))["top"]
    cluster = Cluster.objects.create(
        workshop=workshop, name=name.strip()[:200], position=0 if top is None else top + 1
    )
    if card is not None:
        place(card, cluster)
    return cluster


def request_panorama(workshop: Workshop) -> None:
    """Make the panorama's PDF again, in the background."""
    from .tasks import render_panorama

    with transaction.atomic():
        job = Job.objects.create(kind="workshops.panorama")
        Workshop.objects.filter(pk=workshop.pk).update(panorama_job=job)
        workshop.panorama_job = job
        enqueue_on_commit(render_panorama, workshop.pk)


def rename_cluster(cluster: Cluster, name: str) -> None:
    cluster.name = name.strip()[:200]
    cluster.save(update_fields=["name"])


def delete_cluster(cluster: Cluster) -> None:
    cluster.delete()  # its cards go back to the unsorted ones


def place(card: Card, cluster: Cluster | None) -> None:
    if cluster is not None and cluster.workshop_id != card.workshop_id:
        raise Refused(_("This group belongs to another workshop."))
    card.cluster = cluster
    card.save(update_fields=["cluster"])


def set_hidden(card: Card, hidden: bool) -> None:
    card.hidden = hidden
    card.save(update_fields=["hidden"])


@transaction.atomic
def merge(card: Card, into: Card) -> None:
    """A duplicate joins the card it repeats: shown under it, its votes counted with it."""
    if into.pk == card.pk or into.workshop_id != card.workshop_id or into.merged_into_id:
        raise Refused(_("Choose another card of the same workshop."))
    Card.objects.filter(merged_into=card).update(merged_into=into)
    card.merged_into = into
    card.cluster = into.cluster
    card.save(update_fields=["merged_into", "cluster"])


def reveal(workshop: Workshop) -> None:
    workshop.revealed = True
    workshop.save(update_fields=["revealed", "updated_at"])


def start_timer(workshop: Workshop, minutes: int) -> None:
    workshop.timer_ends_at = timezone.now() + datetime.timedelta(minutes=max(1, min(minutes, 120)))
    workshop.save(update_fields=["timer_ends_at", "updated_at"])


def stop_timer(workshop: Workshop) -> None:
    workshop.timer_ends_at = None
    workshop.save(update_fields=["timer_ends_at", "updated_at"])


@transaction.atomic
def vote(participant: Participant, card: Card) -> None:
    """A dot on a card; each person has `votes_per_person` of them, one per card."""
    Participant.objects.select_for_update(of=("self",)).get(pk=participant.pk)
    if card.workshop_id != participant.workshop_id or card.hidden:
        raise Refused(_("This card cannot receive votes."))
    if participant.votes.filter(card=card).exists():
        participant.votes.filter(card=card).delete()  # a second press takes the dot back
    elif participant.votes.count() >= participant.workshop.votes_per_person:
        raise Refused(_("You have used all your votes: take one back to give it elsewhere."))
    else:
        Vote.objects.create(participant=participant, card=card)
    touch(participant.workshop)


@transaction.atomic
def to_referentiel(workshop: Workshop, user: User) -> Referentiel:
    """Each cluster becomes a registre of the structure's draft référentiel, and each of its
    cards a suggested criterion; both remember where they come from."""
    clusters = list(workshop.clusters.prefetch_related("cards"))
    if not clusters:
        raise Refused(_("Group the cards into at least one named cluster first."))
    draft = referentiels.draft_for(workshop.organisation, user)
    for cluster in clusters:
        cards = [card for card in cluster.cards.all() if not card.hidden and card.merged_into_id is None]
        listing = "\n".join(f"- {card.text}" for card in cards)
        description = _("From the workshop “%(title)s”. Cards:") % {"title": workshop.title} + "\n" + listing
        registre = cast(
            Registre,
            referentiels.add_item(Registre, parent=draft, user=user, title=cluster.name, description=description),
        )
        cluster.registre_uid = registre.uid
        cluster.save(update_fields=["registre_uid"])
        for card in cards:
            criterion = cast(
                Criterion,
                referentiels.add_item(
                    Criterion,
                    parent=registre,
                    user=user,
                    title=card.text[:250],
                    description=_("Suggested by a card of the workshop “%(title)s”.") % {"title": workshop.title},
                ),
            )
            Card.objects.filter(pk=card.pk).update(criterion_uid=criterion.uid)
    return draft


def delete_workshop(workshop: Workshop) -> None:
    """Participants, cards, clusters and votes go with it; photo and PDF files too."""
    for card in workshop.cards.exclude(photo=""):
        card.photo.delete(save=False)
    if workshop.panorama_pdf:
        workshop.panorama_pdf.delete(save=False)
    workshop.delete()
