from django.urls import path

from . import views

app_name = "measures"

urlpatterns = [
    path("structures/<slug:slug>/collecte/plan/", views.plan, name="plan"),
    path("structures/<slug:slug>/collecte/valeurs/", views.grid, name="grid"),
    path("structures/<slug:slug>/collecte/valeurs/import/", views.values_import, name="import"),
    path("structures/<slug:slug>/tableau-de-bord/", views.dashboard, name="dashboard"),
    path("structures/<slug:slug>/collecte/calendrier/", views.calendar, name="calendar"),
]
