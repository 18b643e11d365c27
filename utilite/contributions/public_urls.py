"""Co-publication without an account: joining a workshop by its code, and the public site."""

from django.urls import path

from .views import participation, public

app_name = "contributions_public"

urlpatterns = [
    path("publier/", participation.enter_code, name="enter_code"),
    path("publier/<str:code>/", participation.join, name="join"),
    path("publier/<str:code>/ecrire/", participation.write, name="write"),
    path("paroles/<slug:slug>/", public.site, name="site"),
    path("paroles/<slug:slug>/flux.xml", public.feed, name="feed"),
    path("paroles/<slug:slug>/<id:pk>/", public.detail, name="detail"),
    path("paroles/<slug:slug>/<id:pk>/signaler/", public.report, name="report"),
    path("paroles/<slug:slug>/<id:pk>/photos/<id:photo_pk>/", public.photo, name="photo"),
    path("paroles/<slug:slug>/<id:pk>/medias/<id:media_pk>/<str:part>/", public.media_file, name="media"),
    path("paroles/<slug:slug>/<id:pk>/medias/<id:media_pk>/sous-titres.vtt", public.captions, name="captions"),
]
