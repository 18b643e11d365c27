from django.urls import path

from .views import fiches, funding

app_name = "fiches"

BASE = "structures/<slug:slug>/fiches/"

urlpatterns = [
    path("fiches/", fiches.shared_with_me, name="shared_with_me"),
    path("reseaux/<slug:slug>/dossier-de-financement/", funding.funding_template, name="funding_template"),
    path("reseaux/<slug:slug>/dossier-de-financement/par-defaut/", funding.funding_reset, name="funding_reset"),
    path(BASE, fiches.fiche_list, name="list"),
    path(f"{BASE}nouvelle/", fiches.fiche_create, name="create"),
    path(f"{BASE}<id:pk>/", fiches.fiche_detail, name="detail"),
    path(f"{BASE}<id:pk>/modifier/", fiches.fiche_update, name="update"),
    path(f"{BASE}<id:pk>/publier/", fiches.fiche_publish, name="publish"),
    path(f"{BASE}<id:pk>/nouvelle-version/", fiches.fiche_new_version, name="new_version"),
    path(f"{BASE}<id:pk>/reseau/montrer/", fiches.fiche_show_to_network, name="show_to_network"),
    path(f"{BASE}<id:pk>/reseau/cacher/", fiches.fiche_hide_from_network, name="hide_from_network"),
    path(f"{BASE}<id:pk>/versions/<id:number>/", fiches.fiche_version, name="version"),
    path(f"{BASE}<id:pk>/liens/", fiches.share_link_create, name="share"),
    path(f"{BASE}<id:pk>/liens/<id:link_pk>/revoquer/", fiches.share_link_revoke, name="revoke"),
    path(f"{BASE}<id:pk>/dossier-de-financement/", funding.funding_preview, name="funding"),
    path(f"{BASE}<id:pk>/fichiers/", fiches.rendering_create, name="render"),
    path(f"{BASE}<id:pk>/fichiers/<id:rendering_pk>/", fiches.rendering_status, name="rendering"),
    path(f"{BASE}<id:pk>/fichiers/<id:rendering_pk>/telecharger/", fiches.rendering_download, name="download"),
]
