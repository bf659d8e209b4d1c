"""The administrator's view of notifications that could not be delivered, with a retry."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from motcua.integrations.models import FailedNotification
from motcua.integrations.tasks import retry_failed, shown


@admin.register(FailedNotification)
class FailedNotificationAdmin(admin.ModelAdmin):
    list_display = (
        "failed_at",
        "channel",
        "shown_recipient",
        "dossier_code",
        "attempts",
        "error",
        "retried_at",
    )
    list_filter = ("channel", ("retried_at", admin.EmptyFieldListFilter))
    search_fields = ("dossier_code", "recipient", "error")
    readonly_fields = [f.name for f in FailedNotification._meta.fields]
    actions = ["send_again"]

    @admin.display(description=_("người nhận"))
    def shown_recipient(self, obj: FailedNotification) -> str:
        return shown(obj.channel, obj.recipient)

    @admin.action(description=_("Gửi lại các thông báo đã chọn"))
    def send_again(self, request: HttpRequest, queryset: QuerySet[FailedNotification]) -> None:
        count = 0
        for failed in queryset:
            retry_failed(failed)
            count += 1
        self.message_user(
            request,
            ngettext("Đã gửi lại %d thông báo.", "Đã gửi lại %d thông báo.", count) % count,
            messages.SUCCESS,
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
