from django.contrib import admin

from .models import Network, NetworkMembership


class NetworkMembershipInline(admin.TabularInline):
    model = NetworkMembership
    autocomplete_fields = ["user"]
    extra = 0


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "territory", "is_demo"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [NetworkMembershipInline]
