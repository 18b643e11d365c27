"""The network's working wiki, for the people of its spaces."""

from django.urls import path

from .views import exports, pages, spaces

app_name = "wiki"

SPACE = "reseaux/<slug:slug>/wiki/<slug:space>/"
PAGE = f"{SPACE}p/<slug:page>/"

urlpatterns = [
    path("reseaux/<slug:slug>/wiki/", spaces.index, name="index"),
    path(SPACE, spaces.space_view, name="space"),
    path(f"{SPACE}nouvelle-page/", pages.new_page, name="new_page"),
    path(f"{SPACE}modifications/", spaces.changes, name="changes"),
    path(f"{SPACE}actions/", spaces.actions, name="actions"),
    path(f"{SPACE}chronologie/", spaces.timeline, name="timeline"),
    path(f"{SPACE}membres/", spaces.members, name="members"),
    path(f"{SPACE}suivre/", spaces.follow, name="follow_space"),
    path(f"{SPACE}importer/", spaces.import_view, name="import"),
    path(f"{SPACE}importer/<id:pk>/", spaces.import_status, name="import_status"),
    path(f"{SPACE}exporter/", exports.space_zip, name="export_space"),
    path(f"{SPACE}exports/<id:pk>/", exports.export_status, name="export_status"),
    path(f"{SPACE}exports/<id:pk>/fichier/", exports.export_download, name="export_download"),
    path(PAGE, pages.page_view, name="page"),
    path(f"{PAGE}modifier/", pages.edit, name="edit"),
    path(f"{PAGE}presence/", pages.still_editing, name="presence"),
    path(f"{PAGE}historique/", pages.history, name="history"),
    path(f"{PAGE}comparer/", pages.compare, name="compare"),
    path(f"{PAGE}revisions/<id:number>/", pages.revision, name="revision"),
    path(f"{PAGE}revisions/<id:number>/restaurer/", pages.restore, name="restore"),
    path(f"{PAGE}valider/", pages.validate, name="validate"),
    path(f"{PAGE}actions/<id:pk>/faite/", pages.tick, name="tick"),
    path(f"{PAGE}publication/", pages.publish, name="publish"),
    path(f"{PAGE}suivre/", pages.follow, name="follow_page"),
    path(f"{PAGE}pieces-jointes/", pages.attach, name="attach"),
    path(f"{PAGE}pieces-jointes/<id:pk>/", pages.attachment, name="attachment"),
    path(f"{PAGE}pieces-jointes/<id:pk>/retirer/", pages.detach, name="detach"),
    path(f"{PAGE}export.<str:extension>", exports.page_file, name="export_page"),
    path(f"{PAGE}pdf/", exports.page_pdf, name="export_pdf"),
]
