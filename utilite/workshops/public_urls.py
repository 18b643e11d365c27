"""The participants' pages (no account): the code is the only key to a workshop."""

from django.urls import path

from .views import participation

app_name = "workshops_public"

urlpatterns = [
    path("atelier/", participation.enter_code, name="enter"),
    path("atelier/<str:code>/", participation.join, name="join"),
    path("atelier/<str:code>/tableau/", participation.participant_board, name="board"),
    path("atelier/<str:code>/carte/", participation.post_card, name="card"),
    path("atelier/<str:code>/vote/<id:card_pk>/", participation.vote, name="vote"),
    path("atelier/<str:code>/photo/<id:card_pk>/", participation.photo, name="photo"),
]
