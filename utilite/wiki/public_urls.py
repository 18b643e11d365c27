"""Wiki pages made public under a Creative Commons licence: read by everyone."""

from django.urls import path

from .views import public

app_name = "wiki_public"

urlpatterns = [
    path("wiki/<slug:slug>/<slug:space>/<slug:page>/", public.page, name="page"),
    path("wiki/<slug:slug>/<slug:space>/<slug:page>/pieces-jointes/<id:pk>/", public.attachment, name="attachment"),
]
