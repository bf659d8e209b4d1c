"""What the national-format import remembers: which dossier each ``MaHoSo`` became and the
digest of the record it came from (re-importing the same record changes nothing)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier


class ImportedDossier(models.Model):
    """Hồ sơ nhập từ hệ thống cũ / Cổng DVC quốc gia."""

    code = models.CharField(_("mã hồ sơ"), max_length=40, unique=True)
    dossier = models.OneToOneField(Dossier, on_delete=models.PROTECT, related_name="imported_from")
    digest = models.CharField(max_length=64)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hồ sơ nhập")
        verbose_name_plural = _("hồ sơ nhập")

    def __str__(self) -> str:
        return self.code
