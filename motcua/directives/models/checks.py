"""Reform inspections (kiểm tra CCHC: plans, findings, follow-up to closure) and reform
initiatives (sáng kiến: registered, evaluated, recognised, counted against a quota)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.core.querysets import RestrictedQuerySet
from motcua.directives.choices import FindingState, InitiativeState


def _visible_units(user: Any) -> Any:
    from motcua.org.models import Unit

    return Unit.objects.restrict(user, "view")


class InspectionPlanQuerySet(RestrictedQuerySet["InspectionPlan"]):
    pass


class InspectionPlan(models.Model):
    """Kế hoạch kiểm tra CCHC of a year: which units are inspected, when (seed 003: more
    than 30 % of the units a year)."""

    year = models.PositiveSmallIntegerField(_("năm"))
    name = models.CharField(_("tên kế hoạch"), max_length=300)
    issuer = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan kiểm tra")
    )
    target_percent = models.PositiveSmallIntegerField(
        _("tỷ lệ đơn vị được kiểm tra (%)"), default=30
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = InspectionPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("kế hoạch kiểm tra CCHC")
        verbose_name_plural = _("kế hoạch kiểm tra CCHC")
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def restrict_queryset(cls, qs: Any, user: Any, action: str) -> Any:
        if not getattr(user, "is_authenticated", False):
            return qs.none()
        if user.is_superuser:
            return qs
        units = _visible_units(user)
        return qs.filter(Q(issuer__in=units) | Q(inspections__unit__in=units)).distinct()


class Inspection(models.Model):
    """One inspected unit in a plan: when, done or not, the conclusion."""

    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="inspections")
    unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("đơn vị được kiểm tra"),
    )
    scheduled_on = models.DateField(_("thời gian dự kiến"))
    done_on = models.DateField(_("ngày kiểm tra"), null=True, blank=True)
    conclusion = models.TextField(_("kết luận"), blank=True)

    class Meta:
        ordering = ["scheduled_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "unit"], name="inspection_unit_once_per_plan")
        ]

    def __str__(self) -> str:
        return f"{self.plan} — {self.unit}"


class FindingQuerySet(RestrictedQuerySet["Finding"]):
    def unresolved(self) -> FindingQuerySet:
        return self.filter(state=FindingState.OPEN)


class Finding(models.Model):
    """Tồn tại, hạn chế phát hiện qua kiểm tra, followed up until it is closed."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    text = models.TextField(_("nội dung tồn tại, hạn chế"))
    due_on = models.DateField(_("hạn khắc phục"), null=True, blank=True)
    state = models.CharField(
        max_length=20, choices=FindingState.choices(), default=FindingState.OPEN
    )
    closed_on = models.DateField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = FindingQuerySet.as_manager()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:80]

    @classmethod
    def restrict_queryset(cls, qs: Any, user: Any, action: str) -> Any:
        if not getattr(user, "is_authenticated", False):
            return qs.none()
        if user.is_superuser:
            return qs
        units = _visible_units(user)
        return qs.filter(Q(inspection__unit__in=units) | Q(inspection__plan__issuer__in=units))


class FindingFollowUp(models.Model):
    """What the inspected unit did about a finding (with a file)."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="follow_ups")
    text = models.TextField(_("kết quả khắc phục"))
    file = models.FileField(upload_to="inspections/%Y/", blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class InitiativeQuerySet(RestrictedQuerySet["Initiative"]):
    pass


class Initiative(models.Model):
    """Sáng kiến, giải pháp CCHC registered by a unit for a year."""

    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    title = models.CharField(_("tên sáng kiến"), max_length=300)
    summary = models.TextField(_("nội dung"), blank=True)
    file = models.FileField(upload_to="initiatives/%Y/", blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    state = models.CharField(
        max_length=20, choices=InitiativeState.choices(), default=InitiativeState.REGISTERED
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    registered_at = models.DateTimeField(default=timezone.now)
    evaluation = models.TextField(_("ý kiến đánh giá"), blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_on = models.DateField(_("ngày công nhận"), null=True, blank=True)

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("sáng kiến CCHC")
        verbose_name_plural = _("sáng kiến CCHC")
        ordering = ["-year", "unit__code", "id"]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def restrict_queryset(cls, qs: Any, user: Any, action: str) -> Any:
        if not getattr(user, "is_authenticated", False):
            return qs.none()
        if user.is_superuser:
            return qs
        return qs.filter(unit__in=_visible_units(user))


class InitiativeQuota(models.Model):
    """How many initiatives a unit is asked for in a year (seed 003: "03 sáng kiến"); a row
    without a unit is the default of the year."""

    year = models.PositiveSmallIntegerField(_("năm"))
    unit = models.ForeignKey(
        "org.Unit", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    quota = models.PositiveSmallIntegerField(_("chỉ tiêu"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["year", "unit"], name="initiative_quota_unique"),
            models.UniqueConstraint(
                fields=["year"], condition=Q(unit__isnull=True), name="initiative_quota_default"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.quota}"
