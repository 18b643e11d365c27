from django.urls import path, register_converter

from .views import builder, collaboration, exchange, table, versions


class ItemKind:
    regex = "registre|critere|indicateur"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class ParentKind(ItemKind):
    regex = "referentiel|registre|critere"


class FileFormat(ItemKind):
    regex = "json|xlsx|ods|csv"


register_converter(ItemKind, "item")
register_converter(ParentKind, "parent")
register_converter(FileFormat, "fileformat")

app_name = "referentiels"

urlpatterns = [
    path("structures/<slug:slug>/referentiel/", builder.referentiel_home, name="home"),
    path("structures/<slug:slug>/referentiel/commencer/", builder.referentiel_start, name="start"),
    path("structures/<slug:slug>/referentiel/comparer/", versions.version_compare, name="compare"),
    path("structures/<slug:slug>/referentiel/importer/", exchange.referentiel_import, name="import"),
    path(
        "structures/<slug:slug>/referentiel/v<id:version>/export.<fileformat:file_format>",
        exchange.version_export,
        name="export",
    ),
    path("structures/<slug:slug>/referentiel/copier/<id:pk>/", collaboration.referentiel_copy, name="copy"),
    path("structures/<slug:slug>/referentiel/v<id:version>/partage/", collaboration.version_sharing, name="sharing"),
    path("structures/<slug:slug>/referentiel/v<id:version>/bibliotheque/", collaboration.library, name="library"),
    path("structures/<slug:slug>/referentiel/v<id:version>/", builder.version_detail, name="version"),
    path("structures/<slug:slug>/referentiel/v<id:version>/tableau/", table.synthetic_table, name="table"),
    path("structures/<slug:slug>/referentiel/v<id:version>/valider/", builder.version_validate, name="validate"),
    path(
        "structures/<slug:slug>/referentiel/v<id:version>/nouvelle-version/", builder.version_new, name="new_version"
    ),
    path(
        "structures/<slug:slug>/referentiel/<parent:parent_kind>/<id:pk>/ajouter/", builder.item_add, name="item_add"
    ),
    path(
        "structures/<slug:slug>/referentiel/<item:kind>/<id:pk>/",
        collaboration.item_discussion,
        name="item_discussion",
    ),
    path("structures/<slug:slug>/referentiel/<item:kind>/<id:pk>/modifier/", builder.item_edit, name="item_edit"),
    path("structures/<slug:slug>/referentiel/<item:kind>/<id:pk>/deplacer/", builder.item_move, name="item_move"),
    path("structures/<slug:slug>/referentiel/<item:kind>/<id:pk>/supprimer/", builder.item_delete, name="item_delete"),
]
