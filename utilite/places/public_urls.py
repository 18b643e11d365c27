"""The public directory of places (no account)."""

from django.urls import path

from .views import activity, photos, public

app_name = "places_public"

urlpatterns = [
    path("lieux/<slug:slug>/", public.directory, name="directory"),
    path("lieux/<slug:slug>/integre/", public.embed, name="embed"),
    path("lieux/<slug:slug>/lieux.geojson", public.geojson, name="geojson"),
    path("lieux/<slug:slug>/lieux-mediation-numerique.csv", public.national_csv, name="national_csv"),
    path("lieux/<slug:slug>/orientation/", public.orientation, name="orientation"),
    path("lieux/<slug:slug>/<id:pk>/", public.sheet, name="sheet"),
    path("lieux/<slug:slug>/<id:pk>/signaler/", public.report, name="report"),
    path("lieux/<slug:slug>/<id:pk>/photos/<id:photo_pk>/", photos.photo, name="photo"),
    path("lieux/<slug:slug>/<id:pk>/utilite-sociale/", activity.public_fiche, name="fiche"),
]
