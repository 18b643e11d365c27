from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "utilite.places"
    label = "places"
    verbose_name = _("Places")

    def ready(self) -> None:
        from utilite.commons.evaluation import register_section

        from . import reads

        register_section("places/_evaluation.html", reads.freshness)
