"""The page a private share link opens (no account)."""

from django.urls import path

from .views import fiches

app_name = "fiches_shared"

urlpatterns = [path("f/<str:token>/", fiches.shared, name="shared")]
