"""What an account holds beyond the user row: the citizen's ID number and the external
identities (OpenID Connect) that may sign in as the user."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.accounts.validators import validate_id_number
from motcua.core.querysets import RestrictedQuerySet


class CitizenProfile(models.Model):
    """Thông tin cá nhân của người dân: kept beside ``org.User`` so that the user model
    stays shared with staff. One row per user who gave more than a name and contacts."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="citizen_profile",
        verbose_name=_("người dùng"),
    )
    id_number = models.CharField(
        _("số định danh cá nhân"),
        max_length=12,
        blank=True,
        validators=[validate_id_number],
        help_text=_("Số căn cước / căn cước công dân, 12 chữ số."),
    )
    # True when the number came from the identity provider (VNeID), not typed by the user.
    id_number_verified = models.BooleanField(_("đã xác thực qua định danh điện tử"), default=False)

    class Meta:
        verbose_name = _("hồ sơ cá nhân")
        verbose_name_plural = _("hồ sơ cá nhân")

    def __str__(self) -> str:
        return str(self.user)


class OidcIdentityQuerySet(RestrictedQuerySet["OidcIdentity"]):
    pass


class OidcIdentity(models.Model):
    """Tài khoản định danh điện tử liên kết: the (issuer, subject) pair an OpenID Connect
    provider vouches for, and the user it signs in as."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="oidc_identities",
        verbose_name=_("người dùng"),
    )
    issuer = models.CharField(_("nhà cung cấp định danh"), max_length=255)
    subject = models.CharField(_("mã định danh tại nhà cung cấp"), max_length=255)
    created_at = models.DateTimeField(_("liên kết lúc"), auto_now_add=True)
    last_login = models.DateTimeField(_("đăng nhập gần nhất"), null=True, blank=True)

    objects = OidcIdentityQuerySet.as_manager()

    class Meta:
        verbose_name = _("tài khoản định danh liên kết")
        verbose_name_plural = _("tài khoản định danh liên kết")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="oidc_identity_unique_sub")
        ]

    def __str__(self) -> str:
        return f"{self.issuer} — {self.subject}"

    @classmethod
    def restrict_queryset(
        cls, qs: OidcIdentityQuerySet, user: Any, action: str
    ) -> OidcIdentityQuerySet:
        """Personal data stays with its owner: a user sees their own links; superusers
        (administration) all of them."""
        if not getattr(user, "is_authenticated", False):
            return qs.none()
        if user.is_superuser:
            return qs
        return qs.filter(user=user)
