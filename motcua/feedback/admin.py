from django.contrib import admin

from motcua.feedback.models import Feedback, HandlingLimit, SimplificationProposal


@admin.register(HandlingLimit)
class HandlingLimitAdmin(admin.ModelAdmin):
    """The configurable step limits (the forwarding limit is the decree's, not here)."""

    list_display = ("kind", "working_days", "source")


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "unit", "state", "received_at", "handling_due_at", "is_late")
    list_filter = ("state", "channel", "is_late")
    search_fields = ("code", "title")
    readonly_fields = [f.name for f in Feedback._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False  # feedback comes in through intake, never typed in the admin


@admin.register(SimplificationProposal)
class SimplificationProposalAdmin(admin.ModelAdmin):
    list_display = ("procedure", "unit", "kind", "state", "days_before", "days_after")
    list_filter = ("state", "kind")
