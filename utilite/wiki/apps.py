from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WikiConfig(AppConfig):
    name = "utilite.wiki"
    label = "wiki"
    verbose_name = _("Wiki")

    def ready(self) -> None:
        from utilite.commons.evaluation import register_section
        from utilite.fiches import annexes

        from .reads import fiche_annexes, network_figures

        register_section("wiki/_evaluation.html", network_figures)
        annexes.register(fiche_annexes)
