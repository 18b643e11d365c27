from django.urls import path

from .views import actions, invitations, members, network, structures

app_name = "organisations"

urlpatterns = [
    path("reseaux/", network.network_list, name="network_list"),
    path("reseaux/<slug:slug>/", network.network_detail, name="network"),
    path("reseaux/<slug:slug>/securite/", network.network_security, name="network_security"),
    path("reseaux/<slug:network_slug>/structures/nouvelle/", structures.organisation_create, name="create"),
    path("structures/<slug:slug>/", structures.organisation_detail, name="detail"),
    path("structures/<slug:slug>/modifier/", structures.organisation_update, name="update"),
    path("structures/<slug:slug>/equipe/", members.members, name="members"),
    path("structures/<slug:slug>/equipe/<id:pk>/role/", members.member_update, name="member_update"),
    path("structures/<slug:slug>/equipe/<id:pk>/retirer/", members.member_remove, name="member_remove"),
    path("structures/<slug:slug>/invitations/<id:pk>/annuler/", members.invitation_revoke, name="invitation_revoke"),
    path("structures/<slug:slug>/actions/nouvelle/", actions.action_create, name="action_create"),
    path("structures/<slug:slug>/actions/<id:pk>/", actions.action_detail, name="action_detail"),
    path("structures/<slug:slug>/actions/<id:pk>/modifier/", actions.action_update, name="action_update"),
    path("structures/<slug:slug>/actions/<id:pk>/supprimer/", actions.action_delete, name="action_delete"),
    path("invitations/<str:token>/", invitations.invitation, name="invitation"),
]
