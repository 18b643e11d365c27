from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    PORTRAIT = "portrait", _("Portrait of a place")
    OPINION = "opinion", _("Opinion of an activity or a place")
    PATH = "path", _("My path")
    CREATION = "creation", _("A creation")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PROPOSED = "proposed", _("Proposed")
    PUBLISHED = "published", _("Published")
    REFUSED = "refused", _("Refused")
    UNPUBLISHED = "unpublished", _("Unpublished")


class Audience(models.TextChoices):
    """Where the author agreed the contribution may be seen."""

    NONE = "", _("Not asked yet")
    STRUCTURE = "structure", _("Within the structure")
    NETWORK = "network", _("Within the network")
    PUBLIC = "public", _("Everyone, on the public site")


class ImageRights(models.TextChoices):
    """For pictures: every identifiable person agreed, or nobody can be recognised."""

    NOT_RECORDED = "", _("Not recorded yet")
    NOBODY = "nobody", _("Nobody can be recognised")
    AGREED = "agreed", _("Every person who can be recognised agreed")


class SessionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
