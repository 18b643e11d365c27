from django.contrib import admin
from django.urls import include, path, register_converter

from utilite.core.ids import IdConverter

register_converter(IdConverter, "id")  # every id in a URL fits the database, or the URL does not match

admin.site.site_header = "Utilité"
admin.site.site_title = "Utilité"

urlpatterns = [
    path("", include("utilite.home.urls")),
    path("", include("utilite.core.urls")),
    path("", include("utilite.accounts.urls")),
    path("", include("utilite.organisations.urls")),
    path("", include("utilite.referentiels.urls")),
    path("", include("utilite.activities.urls")),
    path("", include("utilite.measures.urls")),
    path("", include("utilite.testimonies.urls")),
    path("", include("utilite.questionnaires.urls")),
    path("", include("utilite.questionnaires.answer_urls")),
    path("", include("utilite.fiches.urls")),
    path("", include("utilite.fiches.shared_urls")),
    path("", include("utilite.commons.urls")),
    path("", include("utilite.commons.public_urls")),
    path("", include("utilite.workshops.urls")),
    path("", include("utilite.workshops.public_urls")),
    path("", include("utilite.contributions.urls")),
    path("", include("utilite.contributions.public_urls")),
    path("", include("utilite.wiki.urls")),
    path("", include("utilite.wiki.public_urls")),
    path("", include("utilite.places.urls")),
    path("", include("utilite.places.public_urls")),
    path("admin/", admin.site.urls),
]

handler500 = "utilite.core.views.server_error"
