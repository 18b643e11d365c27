"""Public pages for answering a campaign (no account)."""

from django.urls import path

from .views import answering

app_name = "answers"

urlpatterns = [
    path("r/<str:token>/", answering.start, name="start"),
    path("r/<str:token>/<id:number>/", answering.question, name="question"),
    path("r/<str:token>/envoi/", answering.finish, name="finish"),
    path("r/<str:token>/merci/", answering.thanks, name="thanks"),
]
