"""The published common référentiel: public pages and open data (no account)."""

from django.urls import path

from .views import public

app_name = "commons_public"

urlpatterns = [
    path("communs/<slug:slug>/", public.latest, name="latest"),
    path("communs/<slug:slug>/v<id:version>/", public.version, name="version"),
    path("communs/<slug:slug>/v<id:version>/referentiel.<str:file_format>", public.export, name="export"),
]
