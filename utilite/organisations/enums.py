from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    ASSOCIATION = "association", _("Association")
    SOCIAL_CENTRE = "social_centre", _("Social centre")
    NEIGHBOURHOOD_FACILITY = "neighbourhood_facility", _("Neighbourhood facility")
    EDUCATIONAL_PROGRAMME = "educational_programme", _("Educational programme")
    LOCAL_AUTHORITY = "local_authority", _("Local authority")
    OTHER = "other", _("Other")


class MembershipRole(models.TextChoices):
    """What a person does for one structure. Network-wide roles live in `networks`."""

    ADMIN = "admin", _("Structure administrator")
    EMPLOYEE = "employee", _("Employee")
    VOLUNTEER = "volunteer", _("Volunteer")
    FACILITATOR = "facilitator", _("Facilitator")
    PARTNER = "partner", _("Partner or funder")


# Roles that work inside the structure and see its private data.
INSIDE_ROLES = frozenset({MembershipRole.ADMIN, MembershipRole.EMPLOYEE, MembershipRole.VOLUNTEER})
TEAM_ROLES = INSIDE_ROLES | {MembershipRole.FACILITATOR}


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    REVOKED = "revoked", _("Cancelled")


class Visibility(models.TextChoices):
    PRIVATE = "private", _("The structure only")
    NETWORK = "network", _("The whole network, partners included")
