from django.urls import path

from . import views

app_name = "activities"

urlpatterns = [
    path("structures/<slug:slug>/seances/", views.record_list, name="list"),
    path("structures/<slug:slug>/seances/nouvelle/", views.record_create, name="create"),
    path("structures/<slug:slug>/seances/importer/", views.import_start, name="import"),
    path("structures/<slug:slug>/seances/export/", views.record_export, name="export"),
    path("structures/<slug:slug>/seances/importer/<id:pk>/", views.import_status, name="import_status"),
    path("structures/<slug:slug>/seances/<id:pk>/", views.record_update, name="update"),
    path("structures/<slug:slug>/seances/<id:pk>/supprimer/", views.record_delete, name="delete"),
]
