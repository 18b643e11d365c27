from django.urls import path

from .views import adoption, building, synthesis

app_name = "commons"

NET = "reseaux/<slug:slug>/"

urlpatterns = [
    path(f"{NET}referentiel-commun/", building.overview, name="overview"),
    path(f"{NET}referentiel-commun/commencer/", building.start, name="start"),
    path(f"{NET}referentiel-commun/partenaires/", building.partners, name="partners"),
    path(f"{NET}referentiel-commun/comparer/", building.compare, name="compare"),
    path(f"{NET}referentiel-commun/brouillon/", building.draft, name="draft"),
    path(f"{NET}referentiel-commun/brouillon/commentaires/", building.comment, name="comment"),
    path(f"{NET}referentiel-commun/brouillon/publier/", building.publish, name="publish"),
    path(f"{NET}referentiel-commun/nouvelle-version/", building.new_version, name="new_version"),
    path(f"{NET}referentiel-commun/v<id:version>/pdf/", building.make_pdf, name="make_pdf"),
    path(
        f"{NET}referentiel-commun/brouillon/ajouter/dimension/",
        building.item_add,
        {"kind": "dimension"},
        name="add_dimension",
    ),
    path(f"{NET}referentiel-commun/brouillon/ajouter/<str:kind>/<id:parent_pk>/", building.item_add, name="add"),
    path(f"{NET}referentiel-commun/brouillon/<str:kind>/<id:pk>/", building.item_edit, name="edit"),
    path(f"{NET}referentiel-commun/brouillon/<str:kind>/<id:pk>/supprimer/", building.item_delete, name="delete"),
    path(f"{NET}synthese/", synthesis.territory, name="synthesis"),
    path(f"{NET}synthese/donnees.zip", synthesis.data_package, name="data_package"),
    path(f"{NET}auto-evaluation/", synthesis.network_evaluation, name="evaluation"),
    path("structures/<slug:slug>/referentiel-commun/", adoption.structure_commons, name="structure"),
    path("structures/<slug:slug>/referentiel-commun/adopter/", adoption.adopt, name="adopt"),
    path("structures/<slug:slug>/referentiel-commun/correspondance/", adoption.map_item, name="map"),
    path("structures/<slug:slug>/panorama/", synthesis.structure, name="panorama"),
]
