"""The document wallet (kho dữ liệu điện tử của tổ chức, cá nhân) and the signed
electronic results.

Nghị định 45/2020/NĐ-CP Điều 9 and Nghị định 107/2021/NĐ-CP: digitised documents and
electronic results are kept against their owner's identity — the personal identification
number (CCCD) of a person, the enterprise or tax code of an organisation — so that the
next dossier reuses them instead of asking again."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.digitisation.choices import DocumentKind, OwnerKind, WalletOrigin
from motcua.dossiers.models import Dossier, DossierDocument


class WalletItem(models.Model):
    """Giấy tờ trong kho dữ liệu của chủ sở hữu: one verified document (a scan checked
    against the original at the desk, or a signed electronic result)."""

    owner_id_number = models.CharField(_("số định danh / mã số thuế"), max_length=20, db_index=True)
    owner_kind = models.CharField(
        _("loại chủ sở hữu"), max_length=20, choices=OwnerKind.choices(), default=OwnerKind.PERSON
    )
    owner_name = models.CharField(_("tên chủ sở hữu"), max_length=200, blank=True)
    kind = models.CharField(_("loại giấy tờ"), max_length=20, choices=DocumentKind.choices())
    name = models.CharField(_("tên giấy tờ"), max_length=500)
    issuer = models.CharField(_("cơ quan cấp"), max_length=255, blank=True)
    valid_until = models.DateField(_("có giá trị đến"), null=True, blank=True)
    origin = models.CharField(_("nguồn"), max_length=20, choices=WalletOrigin.choices())
    source_dossier = models.ForeignKey(
        Dossier, on_delete=models.PROTECT, related_name="+", verbose_name=_("hồ sơ gốc")
    )
    source_document = models.ForeignKey(
        DossierDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The stored file (the source dossier's copy); a dossier that reuses it gets its own.
    file = models.CharField(max_length=300)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField(default=0)
    content_type = models.CharField(max_length=100, default="application/pdf")
    page_count = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("giấy tờ trong kho dữ liệu")
        verbose_name_plural = _("kho dữ liệu giấy tờ")
        ordering = ["owner_id_number", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner_id_number", "sha256"], name="wallet_item_once_per_owner"
            )
        ]

    def __str__(self) -> str:
        return f"{self.owner_id_number} {self.name}"


class WalletUse(models.Model):
    """A wallet document reused in a dossier (DuocLayTuKhoDMQG on that document)."""

    item = models.ForeignKey(WalletItem, on_delete=models.PROTECT, related_name="uses")
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="+")
    document = models.OneToOneField(DossierDocument, on_delete=models.PROTECT, related_name="+")
    used_at = models.DateTimeField(default=timezone.now)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-used_at", "-id"]

    def __str__(self) -> str:
        return f"{self.item_id} → {self.dossier_id}"


class SignedResult(models.Model):
    """Kết quả điện tử đã ký số: the signed PDF of one dossier's result (the file the
    citizen downloads and the wallet keeps), with what the signature says."""

    dossier = models.OneToOneField(Dossier, on_delete=models.PROTECT, related_name="+")
    file = models.CharField(max_length=300)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(default=0)
    signer = models.CharField(_("người ký (chứng thư số)"), max_length=300)
    signer_unit_code = models.CharField(max_length=40, blank=True)
    signed_at = models.DateTimeField(_("thời điểm ký"))
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    generated = models.BooleanField(_("tạo từ mẫu"), default=True)
    # In the QR code's address: the public page of a result opens only with it, so that
    # dossier codes (sequential) cannot be walked through.
    verify_token = models.CharField(max_length=40, unique=True)

    class Meta:
        verbose_name = _("kết quả điện tử đã ký số")
        verbose_name_plural = _("kết quả điện tử đã ký số")
        ordering = ["-signed_at"]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.signed_at:%Y-%m-%d}"
