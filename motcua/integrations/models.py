"""What the integrations keep: the notifications that could not be delivered."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FailedNotification(models.Model):
    """Thông báo gửi không thành công: an e-mail, SMS or Zalo message whose every attempt
    failed (``motcua.integrations.tasks.deliver_message``, retried with backoff first).
    The administrator sees it with its error and sends it again from the admin."""

    channel = models.CharField(_("kênh"), max_length=10)
    recipient = models.CharField(_("người nhận"), max_length=254)
    subject = models.CharField(_("tiêu đề"), max_length=255, blank=True)
    text = models.TextField(_("nội dung"))
    dossier_code = models.CharField(_("mã hồ sơ"), max_length=40, blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần thử"))
    error = models.TextField(_("lỗi"))
    failed_at = models.DateTimeField(_("thời điểm lỗi"), default=timezone.now)
    # Set when the administrator sent it again (the new attempts start from one).
    retried_at = models.DateTimeField(_("đã gửi lại lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo gửi lỗi")
        verbose_name_plural = _("thông báo gửi lỗi")
        ordering = ["-failed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.channel} {self.dossier_code} {self.failed_at:%Y-%m-%d %H:%M}"
