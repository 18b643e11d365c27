from django.urls import path

from .views import facilitation

app_name = "workshops"

BASE = "structures/<slug:slug>/ateliers/"

urlpatterns = [
    path(BASE, facilitation.workshop_list, name="list"),
    path(f"{BASE}nouveau/", facilitation.workshop_create, name="create"),
    path(f"{BASE}<id:pk>/", facilitation.facilitator_board, name="board"),
    path(f"{BASE}<id:pk>/animer/", facilitation.facilitate, name="facilitate"),
    path(f"{BASE}<id:pk>/cartes.<str:file_format>", facilitation.export, name="export"),
    path(f"{BASE}<id:pk>/panorama/", facilitation.panorama, name="panorama"),
    path(f"{BASE}<id:pk>/panorama.pdf", facilitation.panorama_pdf, name="panorama_pdf"),
    path(f"{BASE}<id:pk>/supprimer/", facilitation.workshop_delete, name="delete"),
]
