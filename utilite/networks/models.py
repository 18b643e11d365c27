from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from utilite.core.models import TimeStampedModel

from .enums import NetworkRole


class Network(TimeStampedModel):
    """A territory whose digital-inclusion structures evaluate their social utility together."""

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    territory = models.CharField(_("territory"), max_length=150, blank=True)
    description = models.TextField(_("description"), blank=True)
    synthesis_for_partners = models.BooleanField(
        _("partners see the territory synthesis"),
        default=False,
        help_text=_("Partners and funders of the network may read the synthesis and its panorama."),
    )
    second_factor_required = models.BooleanField(
        _("second factor required for coordinators and facilitators"),
        default=False,
        help_text=_("They then sign in with a code from an authentication app as well as their password."),
    )
    is_demo = models.BooleanField(
        _("demonstration data"), default=False, help_text=_("Fictional or sample data, shown with a banner.")
    )

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class NetworkMembership(TimeStampedModel):
    """A person's role across a whole network (coordination, or a partner following it)."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_memberships")
    role = models.CharField(_("role"), max_length=20, choices=NetworkRole.choices)

    class Meta:
        verbose_name = _("network role")
        verbose_name_plural = _("network roles")
        constraints = [
            models.UniqueConstraint(fields=["network", "user"], name="networks_membership_unique_user"),
            models.CheckConstraint(
                condition=models.Q(role__in=NetworkRole.values), name="networks_membership_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.network}"
