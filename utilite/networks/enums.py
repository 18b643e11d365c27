from django.db import models
from django.utils.translation import gettext_lazy as _


class NetworkRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Network coordinator")
    PARTNER = "partner", _("Network partner or funder")
