"""The directory for the people who keep it up to date."""

from django.urls import path

from .views import activity, guide, photos, team

app_name = "places"

urlpatterns = [
    path("reseaux/<slug:slug>/lieux/", team.manage, name="manage"),
    path("reseaux/<slug:slug>/lieux/nouveau/", team.create, name="create"),
    path("reseaux/<slug:slug>/lieux/importer/", team.import_start, name="import"),
    path("reseaux/<slug:slug>/lieux/importer/<id:pk>/", team.import_status, name="import_status"),
    path("reseaux/<slug:slug>/lieux/campagne/", team.campaign, name="campaign"),
    path("reseaux/<slug:slug>/lieux/guide/", guide.guide_start, name="guide"),
    path("reseaux/<slug:slug>/lieux/guide/<id:pk>/", guide.guide_status, name="guide_status"),
    path("reseaux/<slug:slug>/lieux/guide/<id:pk>/telecharger/", guide.guide_download, name="guide_download"),
    path("reseaux/<slug:slug>/lieux/<id:pk>/modifier/", team.update, name="update"),
    path("reseaux/<slug:slug>/lieux/<id:pk>/horaires/", team.hours_view, name="hours"),
    path("reseaux/<slug:slug>/lieux/<id:pk>/a-jour/", team.confirm, name="confirm"),
    path("reseaux/<slug:slug>/lieux/<id:pk>/historique/", team.history, name="history"),
    path("reseaux/<slug:slug>/lieux/<id:pk>/photos/", photos.photos, name="photos"),
    path("reseaux/<slug:slug>/lieux/<id:pk>/ateliers/", activity.sessions, name="sessions"),
    path(
        "reseaux/<slug:slug>/lieux/<id:pk>/ateliers/<id:session_pk>/retirer/",
        activity.session_delete,
        name="session_delete",
    ),
    path("reseaux/<slug:slug>/lieux/<id:pk>/utilite-sociale/", activity.utility, name="utility"),
    path("reseaux/<slug:slug>/lieux/<id:pk>/photos/<id:photo_pk>/retirer/", photos.photo_delete, name="photo_delete"),
    path(
        "reseaux/<slug:slug>/lieux/<id:pk>/signalements/<id:report_pk>/traite/",
        team.report_handled,
        name="report_handled",
    ),
]
