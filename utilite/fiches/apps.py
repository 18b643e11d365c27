from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FichesConfig(AppConfig):
    name = "utilite.fiches"
    label = "fiches"
    verbose_name = _("Evaluation sheets")
