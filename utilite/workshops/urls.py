from django.urls import path

from .views import facilitation

app_name = "workshops"

BASE = "structures/<slug:slug>/ateliers/"

urlpatterns = [
    path(BASE, facilitation.workshop_list, name="list"),
    path(f"{BASE}nouveau/", facilitation.workshop_create, name="create"),
    path(f"{BASE}<id:pk>/", facilitation.facilitator_board, name="board"),
    path(f"{BASE}<id:pk>/ouvrir/", facilitation.open_workshop, name="open"),
    path(f"{BASE}<id:pk>/fermer/", facilitation.close_workshop, name="close"),
    path(f"{BASE}<id:pk>/reveler/", facilitation.reveal, name="reveal"),
    path(f"{BASE}<id:pk>/minuteur/", facilitation.start_timer, name="start_timer"),
    path(f"{BASE}<id:pk>/minuteur/arreter/", facilitation.stop_timer, name="stop_timer"),
    path(f"{BASE}<id:pk>/groupes/ajouter/", facilitation.add_cluster, name="add_cluster"),
    path(f"{BASE}<id:pk>/groupes/renommer/", facilitation.rename_cluster, name="rename_cluster"),
    path(f"{BASE}<id:pk>/groupes/supprimer/", facilitation.delete_cluster, name="delete_cluster"),
    path(f"{BASE}<id:pk>/cartes/ranger/", facilitation.place, name="place"),
    path(f"{BASE}<id:pk>/cartes/masquer/", facilitation.hide_card, name="hide_card"),
    path(f"{BASE}<id:pk>/cartes/montrer/", facilitation.show_card, name="show_card"),
    path(f"{BASE}<id:pk>/cartes/fusionner/", facilitation.merge, name="merge"),
    path(f"{BASE}<id:pk>/vers-le-referentiel/", facilitation.convert, name="convert"),
    path(f"{BASE}<id:pk>/cartes.<str:file_format>", facilitation.export, name="export"),
    path(f"{BASE}<id:pk>/panorama/", facilitation.panorama, name="panorama"),
    path(f"{BASE}<id:pk>/panorama.pdf", facilitation.panorama_pdf, name="panorama_pdf"),
    path(f"{BASE}<id:pk>/supprimer/", facilitation.workshop_delete, name="delete"),
]
