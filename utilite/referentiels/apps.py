from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferentielsConfig(AppConfig):
    name = "utilite.referentiels"
    label = "referentiels"
    verbose_name = _("Référentiels")
