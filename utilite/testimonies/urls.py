from django.urls import path

from . import views

app_name = "testimonies"

urlpatterns = [
    path("structures/<slug:slug>/temoignages/", views.list_testimonies, name="list"),
    path("structures/<slug:slug>/temoignages/nouveau/", views.edit_testimony, name="create"),
    path("structures/<slug:slug>/temoignages/export/", views.export_testimonies, name="export"),
    path("structures/<slug:slug>/temoignages/<id:pk>/", views.edit_testimony, name="update"),
    path("structures/<slug:slug>/temoignages/<id:pk>/retirer/", views.revoke_testimony, name="revoke"),
    path("structures/<slug:slug>/temoignages/<id:pk>/photo/", views.serve_photo, name="photo"),
]
