from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContributionsConfig(AppConfig):
    name = "utilite.contributions"
    label = "contributions"
    verbose_name = _("Co-publication")

    def ready(self) -> None:
        from utilite.commons.evaluation import register_section
        from utilite.places.extensions import register_sheet_section

        from .reads import place_section
        from .services import figures

        register_sheet_section("contributions/_place_section.html", place_section)
        register_section("contributions/_evaluation.html", figures)
