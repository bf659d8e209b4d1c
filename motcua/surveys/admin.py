from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from motcua.surveys.models import DossierRating


@admin.register(DossierRating)
class DossierRatingAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only: a rating is the applicant's own word and is written through
    ``do_rate_dossier`` only."""

    list_display = ("dossier", "overall", "created_at")
    list_filter = ("overall",)
    search_fields = ("dossier__code",)
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
