from django.urls import path

from .views import facilitation

app_name = "workshops"

BASE = "structures/<slug:slug>/ateliers/"

urlpatterns = [
    path(BASE, facilitation.workshop_list, name="list"),
    path(f"{BASE}nouveau/", facilitation.workshop_create, name="create"),
    path(f"{BASE}<int:pk>/", facilitation.facilitator_board, name="board"),
    path(f"{BASE}<int:pk>/animer/", facilitation.facilitate, name="facilitate"),
    path(f"{BASE}<int:pk>/cartes.<str:file_format>", facilitation.export, name="export"),
    path(f"{BASE}<int:pk>/panorama/", facilitation.panorama, name="panorama"),
    path(f"{BASE}<int:pk>/panorama.pdf", facilitation.panorama_pdf, name="panorama_pdf"),
    path(f"{BASE}<int:pk>/supprimer/", facilitation.workshop_delete, name="delete"),
]
