from django.db import models
from django.utils.translation import gettext_lazy as _


class SpaceKind(models.TextChoices):
    NETWORK = "network", _("The network's space")
    STRUCTURE = "structure", _("A structure's space")
    GROUP = "group", _("Working group")


class PageKind(models.TextChoices):
    PAGE = "page", _("Page")
    MINUTES = "minutes", _("Meeting minutes")
    ACTION_SHEET = "action_sheet", _("Action sheet")
    PROJECT = "project", _("Project")


class GroupRole(models.TextChoices):
    MEMBER = "member", _("Member")
    COORDINATOR = "coordinator", _("Coordinator")
