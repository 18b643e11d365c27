from django.contrib.auth import views as auth_views
from django.urls import path

from . import views, views_second_factor

app_name = "accounts"

urlpatterns = [
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("mot-de-passe/oublie/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "mot-de-passe/oublie/envoye/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/nouveau/termine/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("profil/", views.profile, name="profile"),
    path("profil/mot-de-passe/", views.PasswordChangeView.as_view(), name="password_change"),
    path("profil/double-authentification/", views_second_factor.setup, name="second_factor"),
    path("profil/double-authentification/codes/", views_second_factor.renew_codes, name="second_factor_renew"),
    path("profil/double-authentification/desactiver/", views_second_factor.turn_off, name="second_factor_off"),
    path("connexion/code/", views_second_factor.verify, name="verify"),
]
