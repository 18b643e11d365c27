"""Co-publication for the structure's team: workshops, proposals, consents, publication."""

from django.urls import path

from .views import moderation

app_name = "contributions"

BASE = "structures/<slug:slug>/copublication/"

urlpatterns = [
    path("reseaux/<slug:slug>/copublication/", moderation.network_queue, name="network"),
    path(BASE, moderation.overview, name="overview"),
    path(f"{BASE}ateliers/<id:pk>/", moderation.session_view, name="session"),
    path(f"{BASE}ateliers/<id:pk>/fermer/", moderation.session_close, name="session_close"),
    path(f"{BASE}<id:pk>/", moderation.review, name="review"),
    path(f"{BASE}<id:pk>/photos/<id:photo_pk>/", moderation.photo, name="photo"),
    path(f"{BASE}<id:pk>/medias/<id:media_pk>/", moderation.media_status, name="media_status"),
    path(f"{BASE}<id:pk>/medias/<id:media_pk>/<str:part>/", moderation.media_file, name="media"),
    path(f"{BASE}<id:pk>/<str:action>/", moderation.step, name="step"),
]
