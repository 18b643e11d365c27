"""Writes on the directory: a sheet created or changed (kept in its history, never over someone
else's work), what is derived from it for searches and filters, error reports, imports."""

from __future__ import annotations

import datetime
import logging
import re
import unicodedata
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import connection, models, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from utilite.core import locking
from utilite.core.tasks import enqueue_on_commit
from utilite.networks.models import Network

from . import hours, schema
from .models import (
    Place,
    PlaceArea,
    PlaceChange,
    PlaceFacet,
    PlaceGuide,
    PlaceImport,
    PlaceOpening,
    PlacePhoto,
    PlaceReport,
    PlaceSession,
    PlaceWord,
    UpdateCampaign,
)

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from utilite.accounts.models import User

logger = logging.getLogger(__name__)

Conflict = locking.Conflict

# Enumerated fields people filter on (each value becomes a facet `field:value`).
FACET_FIELDS = (
    "services",
    "publics_specifiquement_adresses",
    "prise_en_charge_specifique",
    "frais_a_charge",
    "modalites_accompagnement",
    "modalites_acces",
    "itinerance",
)
WEEKEND = "horaires:week-end"
ACCESLIBRE = "accessibilite:acceslibre"
SEARCHED = (
    "nom",
    "commune",
    "quartier",
    "adresse",
    "typologie",
    "services",
    "presentation_resume",
    "structure_parente",
)
# Fields counted in the completion score (required ones are always there).
COMPLETED = (
    "horaires",
    "telephone",
    "courriels",
    "site_web",
    "presentation_resume",
    "services",
    "publics_specifiquement_adresses",
    "modalites_acces",
    "modalites_accompagnement",
    "frais_a_charge",
    "latitude",
    "fiche_acces_libre",
    "typologie",
    "quartier",
)
STALE_AFTER = datetime.timedelta(days=183)


def fold(text: str) -> str:
    """Lower case without accents: « Médiathèque » and « mediatheque » are the same word."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def words(text: str) -> list[str]:
    """The folded words of a text, as the search reads them: « Médiathèque d'Ornano » →
    `mediatheque`, `d`, `ornano`."""
    return re.findall(r"[^\W_]+", fold(text))


def _words(place: Place) -> set[str]:
    parts: list[str] = []
    for name in SEARCHED:
        value = getattr(place, name)
        parts += value if isinstance(value, list) else [str(value)]
    return {word[:40] for word in words(" ".join(parts))}


def _completion(place: Place) -> int:
    filled = sum(1 for name in COMPLETED if getattr(place, name) not in ("", None, []))
    return round(100 * filled / len(COMPLETED))


def _facets(place: Place, openings: list[tuple[datetime.datetime, datetime.datetime]]) -> set[str]:
    keys = {f"{name}:{value}" for name in FACET_FIELDS for value in getattr(place, name)}
    week = _reference_week(place.horaires)
    weekend_days = {"Sa", "Su"} & (set(week.days) | set(week.summer))
    if weekend_days or any(opens.astimezone(hours.PARIS).weekday() >= 5 for opens, _closes in openings):
        keys.add(WEEKEND)
    if place.fiche_acces_libre:
        keys.add(ACCESLIBRE)
    return keys


def _reference_week(expression: str) -> hours.Week:
    try:
        return hours.Week.read(expression) if expression else hours.Week()
    except ValueError:
        return hours.Week()


def _window(now: datetime.datetime | None = None) -> tuple[datetime.datetime, datetime.datetime]:
    now = now or timezone.now()
    start = now - datetime.timedelta(days=1)
    return start, now + datetime.timedelta(days=hours.HORIZON_DAYS)


def refresh(places: Iterable[Place], *, now: datetime.datetime | None = None, areas: bool = True) -> None:
    """Recompute what searches and filters read: words, completion, facets, openings (and the
    communes and districts of the networks, unless `areas` is false)."""
    places = list(places)
    start, end = _window(now)
    facets: list[PlaceFacet] = []
    openings: list[PlaceOpening] = []
    searched: list[PlaceWord] = []
    for place in places:
        intervals = hours.openings(place.horaires, start, end)
        openings += [PlaceOpening(place=place, starts_at=opens, ends_at=closes) for opens, closes in intervals]
        facets += [PlaceFacet(place=place, key=key[:250]) for key in sorted(_facets(place, intervals))]
        searched += [PlaceWord(place=place, word=word) for word in sorted(_words(place))]
        place.completion = _completion(place)
    ids = [place.pk for place in places]
    for model in (PlaceFacet, PlaceOpening, PlaceWord):
        model.objects.filter(place__in=ids).delete()
    PlaceFacet.objects.bulk_create(facets, batch_size=1000)
    PlaceOpening.objects.bulk_create(openings, batch_size=1000)
    PlaceWord.objects.bulk_create(searched, batch_size=1000)
    Place.objects.bulk_update(places, ["completion"], batch_size=500)
    if areas:
        for network_id in {place.network_id for place in places}:
            refresh_areas(network_id)


LARGE_WRITE = 1000  # places written at once, after which PostgreSQL's planner gets fresh statistics


def update_statistics() -> None:
    """After a large import, PostgreSQL learns the new sizes of the directory's tables at once
    (rather than at the next autovacuum): its plans for the filters depend on them."""
    if connection.vendor != "postgresql":
        return
    tables = [model._meta.db_table for model in (Place, PlaceFacet, PlaceOpening, PlaceWord)]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(table) for table in tables))


def refresh_areas(network_id: int) -> None:
    """The communes and districts the filters offer, with their number of places; the places
    per day of last update (the directory's figures)."""
    from django.db.models import Count, Sum

    places = Place.objects.filter(network=network_id).order_by()
    areas = [
        PlaceArea(network_id=network_id, kind=kind, name=row[kind], places_count=row["count"])
        for kind in (PlaceArea.Kind.COMMUNE, PlaceArea.Kind.QUARTIER)
        for row in places.exclude(**{kind: ""}).values(kind).annotate(count=Count("pk"))
    ]
    areas += [
        PlaceArea(
            network_id=network_id,
            kind=PlaceArea.Kind.UPDATED,
            name=row["date_maj"].isoformat(),
            places_count=row["count"],
            completion_total=row["completion"] or 0,
        )
        for row in places.values("date_maj").annotate(count=Count("pk"), completion=Sum("completion"))
    ]
    PlaceArea.objects.filter(network=network_id).delete()
    PlaceArea.objects.bulk_create(areas)


def refresh_openings(*, now: datetime.datetime | None = None, batch: int = 500) -> int:
    """Daily: move every place's precomputed openings forward (`manage.py refresh_places`)."""
    count = 0
    queryset = Place.objects.order_by("pk")
    for offset in range(0, queryset.count(), batch):
        places = list(queryset[offset : offset + batch])
        with transaction.atomic():
            refresh(places, now=now, areas=False)
        count += len(places)
    for network_id in Place.objects.order_by().values_list("network", flat=True).distinct():
        refresh_areas(network_id)
    logger.info("openings of %s places refreshed", count)
    return count


def differences(place: Place, values: dict[str, Any]) -> dict[str, list[Any]]:
    changes = {}
    for name, value in values.items():
        before = getattr(place, name)
        if before != value:
            changes[name] = [_plain(before), _plain(value)]
    return changes


def _plain(value: Any) -> Any:
    if isinstance(value, list | int | float | bool) or value is None:
        return value
    return str(value)


def new_identifier(network: Network) -> str:
    """A stable `id` for a place created here (the schema leaves its form to the producer)."""
    return f"{network.slug}-{uuid.uuid4().hex[:12]}"


def created_fields(place: Place) -> dict[str, list[Any]]:
    return {
        name: [None, _plain(getattr(place, name))]
        for name in fields_of_schema()
        if getattr(place, name) not in ("", None, [])
    }


@transaction.atomic
def create_place(*, network: Network, user: User, **values: Any) -> Place:
    values.setdefault("date_maj", timezone.localdate())
    if values.get("latitude") is not None:
        values["position_source"] = "hand"
    place = Place.objects.create(network=network, updated_by=user, **values)
    PlaceChange.objects.create(place=place, user=user, fields=created_fields(place))
    refresh([place])
    if not place.has_position:
        geocode_later([place.pk])
    logger.info("place %s created in network %s", place.pk, network.pk, extra={"place": place.pk})
    return place


@transaction.atomic
def update_place(place: Place, *, user: User, revision: int | None, origin: str = "form", **values: Any) -> Place:
    """Save a sheet from the revision its form was opened with (`Conflict` otherwise); the
    changes go to its history and its date of update moves to today."""
    saved = Place.objects.get(pk=place.pk)  # a model form has already changed `place` in memory
    changes = differences(saved, values)
    if not changes:
        return saved
    values.setdefault("date_maj", timezone.localdate())
    if "date_maj" not in changes and values["date_maj"] != saved.date_maj:
        changes["date_maj"] = [_plain(saved.date_maj), _plain(values["date_maj"])]
    moved = bool({"latitude", "longitude"} & set(changes))
    if moved:
        values.update(position_source="hand" if values.get("latitude") is not None else "", position_note="")
    elif set(ADDRESS_FIELDS) & set(changes):
        values.update(position_source="")  # the old position is for the old address: placed again
    place = locking.save_if_unchanged(saved, revision=revision, updated_by=user, **values)
    PlaceChange.objects.create(place=place, user=user, origin=origin, fields=changes)
    refresh([place])
    if not moved and (set(ADDRESS_FIELDS) & set(changes) or not place.has_position):
        geocode_later([place.pk])
    return place


ADDRESS_FIELDS = ("adresse", "code_postal", "commune")


def geocode_later(place_ids: list[int]) -> None:
    """Place these addresses on the map in the background, when an address service is set."""
    from . import geocoding
    from .tasks import geocode_places

    if place_ids and geocoding.enabled():
        for start in range(0, len(place_ids), 200):
            enqueue_on_commit(geocode_places, place_ids[start : start + 200])


def geocode(place_id: int) -> Place | None:
    """The position of a place from its address; a pin placed by hand is never moved. When the
    address cannot be placed, the reason stays on the sheet for its editors."""
    from . import geocoding

    place = Place.objects.get(pk=place_id)
    if place.position_source == "hand":
        return None
    address = (place.adresse, place.code_postal, place.commune)
    try:
        found = geocoding.locate(*address)
    except geocoding.NotFound as reason:
        logger.info("place %s not geocoded: %s", place_id, reason, extra={"place": place_id})
        Place.objects.filter(pk=place_id).update(position_note=str(reason)[:300])
        return None
    with transaction.atomic():
        place = Place.objects.select_for_update().get(pk=place_id)
        if (place.adresse, place.code_postal, place.commune) != address or place.position_source == "hand":
            return None  # changed meanwhile: that change asked for its own position
        values: dict[str, Any] = {"latitude": found.latitude, "longitude": found.longitude}
        if not place.code_insee and found.code_insee:
            values["code_insee"] = found.code_insee
        changes = differences(place, values)
        values.update(position_source="geocoder", position_note="")
        Place.objects.filter(pk=place_id).update(revision=models.F("revision") + 1, **values)
        if changes:
            PlaceChange.objects.create(place=place, user=None, origin="geocoder", fields=changes)
    logger.info("place %s geocoded (%s)", place_id, found.label, extra={"place": place_id})
    return Place.objects.get(pk=place_id)


@transaction.atomic
def confirm_up_to_date(place: Place, *, user: User) -> Place:
    """« Nothing has changed »: the sheet was checked today."""
    return update_place(place, user=user, revision=None, date_maj=timezone.localdate())


def report_error(place: Place, *, message: str) -> PlaceReport:
    from .tasks import send_report

    with transaction.atomic():
        report = PlaceReport.objects.create(place=place, message=message.strip()[:4000])
        enqueue_on_commit(send_report, report.pk)
    logger.info("error reported on place %s", place.pk, extra={"place": place.pk})
    return report


@transaction.atomic
def mark_handled(report: PlaceReport) -> PlaceReport:
    report.handled_at = timezone.now()
    report.save(update_fields=["handled_at"])
    return report


def start_import(*, network: Network, user: User, upload: UploadedFile) -> PlaceImport:
    from .tasks import import_places

    with transaction.atomic():
        job = PlaceImport.objects.create(
            network=network, created_by=user, file=upload, original_name=(upload.name or "lieux.csv")[:200]
        )
        enqueue_on_commit(import_places, job.pk)
    return job


@transaction.atomic
def add_session(
    place: Place,
    *,
    user: User,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    description: str = "",
    registration: str = "",
) -> PlaceSession:
    session = PlaceSession.objects.create(
        place=place,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        description=description,
        registration=registration,
        created_by=user,
    )
    logger.info("session %s added to place %s", session.pk, place.pk, extra={"place": place.pk})
    return session


def remove_session(session: PlaceSession) -> None:
    session.delete()


@transaction.atomic
def show_social_utility(place: Place, *, user: User, public_fiche: Any, show_common_criteria: bool) -> Place:
    """What the structure makes public of its social utility on this place's sheet."""
    changes = differences(
        place,
        {"public_fiche_id": getattr(public_fiche, "pk", None), "show_common_criteria": show_common_criteria},
    )
    if changes:
        Place.objects.filter(pk=place.pk).update(public_fiche=public_fiche, show_common_criteria=show_common_criteria)
        PlaceChange.objects.create(place=place, user=user, fields=changes)
        place.public_fiche, place.show_common_criteria = public_fiche, show_common_criteria
    return place


class TooManyPhotos(Exception):
    pass


@transaction.atomic
def add_photo(place: Place, *, user: User, image: Any, alt: str) -> PlacePhoto:
    """A picture of the premises (already re-encoded by `core.uploads.clean_image`)."""
    Place.objects.select_for_update().filter(pk=place.pk).first()  # one upload at a time counts
    if place.photos.count() >= PlacePhoto.MAX_PER_PLACE:
        raise TooManyPhotos
    photo = PlacePhoto.objects.create(place=place, image=image, alt=alt, uploaded_by=user)
    PlaceChange.objects.create(place=place, user=user, fields={"photo": [None, alt]})
    logger.info("photo %s added to place %s", photo.pk, place.pk, extra={"place": place.pk})
    return photo


@transaction.atomic
def remove_photo(photo: PlacePhoto, *, user: User) -> None:
    PlaceChange.objects.create(place=photo.place, user=user, fields={"photo": [photo.alt, None]})
    name = photo.image.name
    photo.delete()
    transaction.on_commit(lambda: photo.image.storage.delete(name) if name else None)


def send_orientation(*, network: Network, places: list[Any], note: str, email: str, sender: User) -> None:
    """E-mail an orientation sheet to the person, now: the address is neither saved nor put in
    the task queue, nor written in the logs."""
    site = settings.SITE_URL.rstrip("/")
    with translation.override(settings.LANGUAGE_CODE):
        context = {"network": network, "places": places, "note": note, "sender": sender, "site": site}
        send_mail(
            subject=render_to_string("places/emails/orientation_subject.txt", context).strip(),
            message=render_to_string("places/emails/orientation.txt", context),
            from_email=None,
            recipient_list=[email],
        )
    logger.info("orientation sheet of %s places e-mailed", len(places), extra={"network": network.pk})


def request_guide(*, network: Network, user: User, area: str = "") -> PlaceGuide:
    """The paper guide of the directory, or of `area` (`commune:Brest`, `quartier:Bellevue`),
    made in the background."""
    from .tasks import render_guide

    kind, _separator, name = area.partition(":")
    with transaction.atomic():
        guide = PlaceGuide.objects.create(
            network=network, created_by=user, area_kind=kind if name else "", area_name=name[:150]
        )
        enqueue_on_commit(render_guide, guide.pk)
    logger.info("guide %s asked for (%s)", guide.pk, area or "whole directory", extra={"network": network.pk})
    return guide


def start_update_campaign(network: Network, *, user: User) -> UpdateCampaign:
    """The yearly campaign: reminders go out in the background."""
    from .tasks import send_update_reminders

    with transaction.atomic():
        campaign = UpdateCampaign.objects.create(network=network, started_by=user)
        enqueue_on_commit(send_update_reminders, campaign.pk)
    logger.info("update campaign %s started in network %s", campaign.pk, network.pk)
    return campaign


RECENTLY = datetime.timedelta(days=30)


def send_update_reminders(campaign_id: int) -> UpdateCampaign:
    """One e-mail per editor, listing their places not checked in the last 30 days."""
    campaign = UpdateCampaign.objects.select_related("network").get(pk=campaign_id)
    network = campaign.network
    places = list(
        Place.objects.filter(network=network, date_maj__lt=timezone.localdate() - RECENTLY)
        .select_related("organisation", "network")
        .order_by("nom", "pk")
    )
    by_email: dict[str, list[Place]] = {}
    for place in places:
        for email in editors_emails(place):
            by_email.setdefault(email, []).append(place)
    with translation.override(settings.LANGUAGE_CODE):
        for email, theirs in by_email.items():
            context = {"network": network, "places": theirs, "site_url": settings.SITE_URL}
            send_mail(
                subject=render_to_string("places/emails/reminder_subject.txt", context).strip(),
                message=render_to_string("places/emails/reminder.txt", context),
                from_email=None,
                recipient_list=[email],
            )
    UpdateCampaign.objects.filter(pk=campaign.pk).update(places_count=len(places), emails_count=len(by_email))
    logger.info("update campaign %s: %s places, %s e-mails", campaign.pk, len(places), len(by_email))
    campaign.refresh_from_db()
    return campaign


def editors_emails(place: Place) -> list[str]:
    """Who receives reports and reminders: the team of the place's structure, else the coordinators."""
    from utilite.networks.enums import NetworkRole
    from utilite.organisations.enums import TEAM_ROLES
    from utilite.organisations.models import Membership

    if place.organisation_id:
        emails = list(
            Membership.objects.filter(organisation=place.organisation_id, role__in=TEAM_ROLES, user__is_active=True)
            .order_by("user__email")
            .values_list("user__email", flat=True)
        )
        if emails:
            return emails
    return list(
        place.network.memberships.filter(role=NetworkRole.COORDINATOR, user__is_active=True)
        .order_by("user__email")
        .values_list("user__email", flat=True)
    )


def fields_of_schema() -> list[str]:
    from .exchange import ATTRIBUTE

    return [ATTRIBUTE.get(name, name) for name in schema.field_names()]
