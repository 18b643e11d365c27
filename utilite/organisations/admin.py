from django.contrib import admin

from .models import Action, Invitation, Membership, Organisation, PublicGroup, Sector


class MembershipInline(admin.TabularInline):
    model = Membership
    autocomplete_fields = ["user"]
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "network", "city"]
    list_filter = ["network", "kind"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["sectors", "publics"]
    inlines = [MembershipInline]


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "visibility", "start_date"]
    list_filter = ["visibility"]
    search_fields = ["title", "organisation__name"]
    list_select_related = ["organisation"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "status", "expires_at"]
    list_filter = ["status", "role"]
    search_fields = ["email", "organisation__name"]
    readonly_fields = ["token_hash"]
    list_select_related = ["organisation"]


admin.site.register(Sector)
admin.site.register(PublicGroup)
