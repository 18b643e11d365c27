"""Co-publication: people far from digital tools publish, with a facilitator, their photos and
words about the places they go to, the activities, their path. A contribution is signed with a
pseudonym, a first name or a group, never a full name unless chosen; it reaches the public only
with the author's consent and the image right of every person who can be recognised.

Life cycle (`services` moves it): draft → proposed → published | refused; published →
unpublished → proposed again. Every step is an `Event`."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from utilite.core.models import TimeStampedModel
from utilite.fiches.enums import Licence
from utilite.organisations.models import Action, Organisation
from utilite.places.models import Place
from utilite.workshops.models import new_code

from .enums import Audience, ImageRights, Kind, SessionStatus, Status

__all__ = ["new_code"]  # the workshops' codes (0001_initial refers to it here)


class Session(TimeStampedModel):
    """A co-publication workshop: participants join with its code, without an account."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="copublication_sessions")
    title = models.CharField(_("title"), max_length=150)
    place = models.ForeignKey(
        Place, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("place")
    )
    action = models.ForeignKey(
        Action, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("action")
    )
    code = models.CharField(max_length=8, unique=True, default=new_code, editable=False)
    status = models.CharField(max_length=10, choices=SessionStatus.choices, default=SessionStatus.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class Contributor(models.Model):
    """Someone who joined a session: a key in their browser session, a signature, nothing else."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="contributors")
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    signature = models.CharField(_("signed"), max_length=60)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.signature


class CoolingOff(models.IntegerChoices):
    NONE = 0, _("None: public as soon as it is published")
    ONE_DAY = 24, _("One day")
    TWO_DAYS = 48, _("Two days")
    THREE_DAYS = 72, _("Three days")
    ONE_WEEK = 168, _("One week")


class Rules(models.Model):
    """What the network's coordinators decided for its public site: the delay a person has to
    change their mind between publication and the public (none unless chosen)."""

    network = models.OneToOneField("networks.Network", on_delete=models.CASCADE, related_name="+")
    cooling_off_hours = models.PositiveSmallIntegerField(
        _("delay before the public sees it"), choices=CoolingOff.choices, default=CoolingOff.NONE
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    def __str__(self) -> str:
        return f"{self.network_id}: {self.cooling_off_hours} h"


class Tag(models.Model):
    """A keyword of the network's co-publication (« jardin », « quartier de Bellevue »), given by
    the facilitators; the public site lists the contributions of each."""

    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("keyword"), max_length=40)
    slug = models.SlugField(max_length=50)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["network", "slug"], name="contributions_tag_unique")]

    def __str__(self) -> str:
        return self.name


class ContributionQuerySet(models.QuerySet["Contribution"]):
    def public(self) -> ContributionQuerySet:
        """On the public site: published for everyone, and past the cooling-off delay."""
        return self.filter(status=Status.PUBLISHED, audience=Audience.PUBLIC, public_after__lte=timezone.now())

    def for_listing(self) -> ContributionQuerySet:
        return self.select_related("organisation", "place").prefetch_related("photos", "media", "tags")


class Contribution(TimeStampedModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="contributions")
    session = models.ForeignKey(
        Session, on_delete=models.SET_NULL, null=True, blank=True, related_name="contributions"
    )
    contributor = models.ForeignKey(
        Contributor, on_delete=models.SET_NULL, null=True, blank=True, related_name="contributions"
    )
    place = models.ForeignKey(
        Place, on_delete=models.SET_NULL, null=True, blank=True, related_name="contributions", verbose_name=_("place")
    )
    action = models.ForeignKey(
        Action,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("action"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PORTRAIT)
    title = models.CharField(_("title"), max_length=120)
    text = models.TextField(_("text"), max_length=3000, blank=True)
    signature = models.CharField(
        _("signed"),
        max_length=60,
        help_text=_("A pseudonym, a first name or a group (« l'atelier du jeudi »): never a full name unless chosen."),
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="contributions", verbose_name=_("keywords"))
    licence = models.CharField(_("licence"), max_length=20, choices=Licence.choices, default=Licence.CC_BY_NC_SA)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    refusal_message = models.TextField(_("message to the author"), blank=True)
    # Consents, recorded by the facilitator: dates and no names.
    audience = models.CharField(_("the author agreed to show it"), max_length=10, choices=Audience.choices, blank=True)
    consent_on = models.DateField(_("consent given on"), null=True, blank=True)
    image_rights = models.CharField(_("image rights"), max_length=10, choices=ImageRights.choices, blank=True)
    image_rights_on = models.DateField(_("image rights recorded on"), null=True, blank=True)
    public_after = models.DateTimeField(null=True, blank=True)  # the cooling-off delay, when the network has one
    # Used as evidence in the structure's evaluation: linked, never copied twice.
    testimony = models.OneToOneField(
        "testimonies.Testimony", on_delete=models.SET_NULL, null=True, blank=True, related_name="contribution"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    objects = ContributionQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "audience", "-published_at"], name="contributions_public_idx"),
            models.Index(fields=["organisation", "status"], name="contributions_org_status_idx"),
            models.Index(fields=["organisation", "created_at"], name="contributions_org_written_idx"),
            models.Index(fields=["organisation", "published_at"], name="contributions_org_publish_idx"),
        ]

    def __str__(self) -> str:
        return self.title


def photo_path(photo: Photo, filename: str) -> str:
    return f"contributions/{photo.contribution.organisation_id}/{filename}"  # the name comes from core.uploads


class Photo(models.Model):
    """A picture of a contribution, re-encoded on upload (no EXIF or GPS), with its text alternative."""

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to=photo_path)
    small = models.FileField(upload_to=photo_path, blank=True)  # 640 pixels wide, for phones
    alt = models.CharField(_("what the picture shows"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.alt or str(self.image.name)


class Event(models.Model):
    """One step of a contribution's life: proposed, published, refused (with the message)…"""

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=12, choices=Status.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.contribution_id} → {self.status}"


def media_path(media: Media, filename: str) -> str:
    return f"contributions/{media.contribution.organisation_id}/media/{filename}"


class MediaStatus(models.TextChoices):
    CONVERTING = "converting", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Could not be prepared")


class Media(models.Model):
    """A sound or a video of a contribution: the file as it came, converted for the web in a
    background task (`core.media`), then the original deleted. A sound goes public only with
    its written transcript, a video only with its captions (WebVTT)."""

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="media")
    kind = models.CharField(max_length=10, choices=[("audio", _("Sound")), ("video", _("Video"))])
    original = models.FileField(upload_to=media_path, blank=True)
    file = models.FileField(upload_to=media_path, blank=True)
    poster = models.FileField(upload_to=media_path, blank=True)
    duration = models.FloatField(default=0)
    status = models.CharField(max_length=12, choices=MediaStatus.choices, default=MediaStatus.CONVERTING)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)  # of the conversion
    transcript = models.TextField(_("written transcript"), blank=True)
    captions = models.TextField(_("captions (WebVTT)"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} · {self.status}"


class Report(models.Model):
    """« Signaler » on a public contribution: it goes to the moderation of its structure."""

    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="reports")
    message = models.TextField(_("what is wrong"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.message[:50]
