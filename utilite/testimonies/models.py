"""Testimonies and evidence: verbatims, short stories, photos with captions.

Each carries the consent scope the person gave — internal only, reports to funders, public —
with its date. Consent can be withdrawn: the testimony then leaves every future output and its
photo is deleted. No name of the person is asked for; no IP address or browser is stored.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from utilite.core.models import TimeStampedModel
from utilite.organisations.models import Organisation


class Kind(models.TextChoices):
    VERBATIM = "verbatim", _("Words of a person")
    STORY = "story", _("Short story")
    PHOTO = "photo", _("Photo with a caption")


class ConsentScope(models.TextChoices):
    INTERNAL = "internal", _("Internal use only")
    FUNDERS = "funders", _("May appear in reports to funders")
    PUBLIC = "public", _("May be made public")


# Which scopes an output may use: an internal output uses everything, a public one only public.
ALLOWED_SCOPES = {
    ConsentScope.INTERNAL: [ConsentScope.INTERNAL, ConsentScope.FUNDERS, ConsentScope.PUBLIC],
    ConsentScope.FUNDERS: [ConsentScope.FUNDERS, ConsentScope.PUBLIC],
    ConsentScope.PUBLIC: [ConsentScope.PUBLIC],
}


class TestimonyQuerySet(models.QuerySet["Testimony"]):
    def for_organisation(self, organisation: Organisation) -> TestimonyQuerySet:
        return self.filter(organisation=organisation)

    def usable_for(self, audience: str) -> TestimonyQuerySet:
        """What an output for this audience may contain: consent given for it, and not withdrawn."""
        return self.filter(revoked_at__isnull=True, consent_scope__in=ALLOWED_SCOPES[ConsentScope(audience)])


class Testimony(TimeStampedModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="testimonies")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.VERBATIM)
    text = models.TextField(_("words or story"), max_length=5000, blank=True)
    photo = models.ImageField(_("photo"), upload_to="testimonies/%Y/", blank=True)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    speaker = models.CharField(
        _("who speaks (without a name)"),
        max_length=150,
        blank=True,
        help_text=_("For example: a participant of the Tuesday workshop, aged over 70."),
    )
    collected_on = models.DateField(_("collected on"))
    consent_scope = models.CharField(_("consent given"), max_length=20, choices=ConsentScope.choices)
    consent_on = models.DateField(_("consent given on"))
    revoked_at = models.DateTimeField(_("consent withdrawn at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = TestimonyQuerySet.as_manager()

    class Meta:
        verbose_name = _("testimony")
        verbose_name_plural = _("testimonies")
        ordering = ["-collected_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(consent_scope__in=ConsentScope.values), name="testimonies_scope_valid"),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="testimonies_kind_valid"),
        ]

    def __str__(self) -> str:
        return (self.text or self.caption)[:60]


class TestimonyCriterion(models.Model):
    """A criterion of the référentiel the testimony illustrates (by uid: it follows versions)."""

    testimony = models.ForeignKey(Testimony, on_delete=models.CASCADE, related_name="criterion_links")
    criterion_uid = models.UUIDField()

    class Meta:
        verbose_name = _("criterion illustrated")
        verbose_name_plural = _("criteria illustrated")
        constraints = [
            models.UniqueConstraint(fields=["testimony", "criterion_uid"], name="testimonies_criterion_unique")
        ]

    def __str__(self) -> str:
        return str(self.criterion_uid)
