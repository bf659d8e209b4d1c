from django.contrib import admin

from motcua.portal.models import DraftFile, OnlineDraft


class DraftFileInline(admin.TabularInline):
    model = DraftFile
    extra = 0
    fields = ("document_name", "original_name", "content_type", "size", "sha256", "uploaded_at")
    readonly_fields = fields
    can_delete = True


@admin.register(OnlineDraft)
class OnlineDraftAdmin(admin.ModelAdmin):
    """Support view of citizens' drafts (read-only: a draft is the citizen's to change)."""

    list_display = ("user", "procedure", "unit", "updated_at")
    list_select_related = ("user", "procedure", "unit")
    search_fields = ("user__username", "user__full_name", "procedure__code", "procedure__name")
    readonly_fields = ("user", "procedure", "unit", "data", "created_at", "updated_at")
    inlines = [DraftFileInline]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
