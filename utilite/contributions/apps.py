from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContributionsConfig(AppConfig):
    name = "utilite.contributions"
    label = "contributions"
    verbose_name = _("Co-publication")

    def ready(self) -> None:
        from utilite.commons.evaluation import register_section
        from utilite.measures import sources
        from utilite.measures.enums import ComputedFrom
        from utilite.places.extensions import register_sheet_section

        from .reads import monthly_figures, place_section
        from .services import figures

        register_sheet_section("contributions/_place_section.html", place_section)
        register_section("contributions/_evaluation.html", figures)
        sources.register(
            (ComputedFrom.CONTRIBUTIONS, ComputedFrom.CONTRIBUTORS, ComputedFrom.PUBLICATIONS), monthly_figures
        )
