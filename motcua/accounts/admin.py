from django.contrib import admin

from motcua.accounts.models import CitizenProfile, OidcIdentity


@admin.register(OidcIdentity)
class OidcIdentityAdmin(admin.ModelAdmin):
    list_display = ["user", "issuer", "subject", "created_at", "last_login"]
    search_fields = ["user__username", "user__full_name", "user__email", "subject"]
    raw_id_fields = ["user"]
    readonly_fields = ["created_at", "last_login"]


@admin.register(CitizenProfile)
class CitizenProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "id_number_verified"]
    search_fields = ["user__username", "user__full_name", "id_number"]
    raw_id_fields = ["user"]
