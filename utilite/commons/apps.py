from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonsConfig(AppConfig):
    name = "utilite.commons"
    label = "commons"
    verbose_name = _("Common référentiel")

    def ready(self) -> None:
        from . import signals

        signals.connect()
