from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from utilite.core.models import TimeStampedModel
from utilite.networks.models import Network

from .enums import InvitationStatus, MembershipRole, OrganisationKind, Visibility

if TYPE_CHECKING:
    from utilite.accounts.models import User


class Vocabulary(models.Model):
    """A reference list loaded from a version-controlled data file (see `data/`)."""

    slug = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Sector(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")


class PublicGroup(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("public")
        verbose_name_plural = _("publics")


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def in_network(self, network: Network) -> OrganisationQuerySet:
        return self.filter(network=network)

    def matching(
        self,
        *,
        kind: str = "",
        sector: Sector | None = None,
        public: PublicGroup | None = None,
        text: str = "",
    ) -> OrganisationQuerySet:
        queryset = self
        if kind:
            queryset = queryset.filter(kind=kind)
        if sector:
            queryset = queryset.filter(sectors=sector)
        if public:
            queryset = queryset.filter(publics=public)
        if text:
            queryset = queryset.filter(Q(name__icontains=text) | Q(description__icontains=text))
        return queryset

    def for_listing(self) -> OrganisationQuerySet:
        return self.prefetch_related("sectors", "publics").order_by("name")


class Organisation(TimeStampedModel):
    """A structure of the network: association, social centre, neighbourhood facility..."""

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="organisations")
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    kind = models.CharField(_("kind of structure"), max_length=30, choices=OrganisationKind.choices)
    sectors = models.ManyToManyField(Sector, verbose_name=_("sectors"), blank=True, related_name="organisations")
    publics = models.ManyToManyField(PublicGroup, verbose_name=_("publics"), blank=True, related_name="organisations")
    description = models.TextField(_("description"), blank=True)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    district = models.CharField(_("district"), max_length=100, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("structure")
        verbose_name_plural = _("structures")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=OrganisationKind.values), name="organisations_organisation_kind_valid"
            ),
        ]
        indexes = [models.Index(fields=["network", "name"], name="organisation_network_name_idx")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:detail", kwargs={"slug": self.slug})

    @property
    def address(self) -> str:
        place = " ".join(part for part in (self.postal_code, self.city) if part)
        return ", ".join(part for part in (self.street_address, place) if part)


class MembershipQuerySet(models.QuerySet["Membership"]):
    def for_organisation(self, organisation: Organisation) -> MembershipQuerySet:
        return self.filter(organisation=organisation).select_related("user").order_by("role", "user__full_name")

    def admins(self) -> MembershipQuerySet:
        return self.filter(role=MembershipRole.ADMIN)


class Membership(TimeStampedModel):
    """A person's role in one structure."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=MembershipRole.choices)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="organisations_membership_unique_user"),
            models.CheckConstraint(
                condition=Q(role__in=MembershipRole.values), name="organisations_membership_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organisation}"


class ActionQuerySet(models.QuerySet["Action"]):
    def visible_to(self, user: User) -> ActionQuerySet:
        """Private actions for the structure's team and coordinators; shared ones for the whole network."""
        from .permissions import access_for

        access = access_for(user)
        return self.filter(
            Q(organisation_id__in=access.team_organisation_ids)
            | Q(organisation__network_id__in=access.coordinated_network_ids)
            | Q(visibility=Visibility.NETWORK, organisation__network_id__in=access.network_ids)
        )

    def for_organisation(self, organisation: Organisation) -> ActionQuerySet:
        return self.filter(organisation=organisation)

    def for_listing(self) -> ActionQuerySet:
        return self.prefetch_related("publics").order_by("title")


class Action(TimeStampedModel):
    """A project or activity a structure runs: a weekly workshop, a street café, a newspaper..."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    publics = models.ManyToManyField(PublicGroup, verbose_name=_("publics"), blank=True, related_name="actions")
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    rhythm = models.CharField(
        _("rhythm"), max_length=150, blank=True, help_text=_("For example: every Tuesday, 2 hours 30.")
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    visibility = models.CharField(
        _("visible to"), max_length=20, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="organisations_action_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(visibility__in=Visibility.values), name="organisations_action_visibility_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("organisations:action_detail", kwargs={"slug": self.organisation.slug, "pk": self.pk})


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> InvitationQuerySet:
        return self.filter(status=InvitationStatus.PENDING, expires_at__gt=timezone.now())

    def for_token(self, token: str) -> InvitationQuerySet:
        return self.filter(token_hash=hash_token(token))


class Invitation(TimeStampedModel):
    """A single-use, expiring link inviting someone to join a structure with a role.

    Only a hash of the token is stored: the link itself exists only in the e-mail.
    Life cycle: pending → accepted | cancelled; a pending invitation past its expiry is expired.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=20, choices=MembershipRole.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    expires_at = models.DateTimeField(_("expires at"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("invited by")
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("accepted or cancelled at"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=MembershipRole.values), name="organisations_invitation_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=InvitationStatus.values), name="organisations_invitation_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @property
    def is_expired(self) -> bool:
        return self.status == InvitationStatus.PENDING and self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.status == InvitationStatus.PENDING and not self.is_expired
