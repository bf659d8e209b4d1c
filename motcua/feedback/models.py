"""Feedback (phản ánh, kiến nghị — PAKN) of citizens and businesses: the item, its
time-limited steps, its history, its attachments; the configurable step limits; the
proposals to simplify a procedure that feedback may lead to."""

from __future__ import annotations

import os
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.core.querysets import RestrictedQuerySet
from motcua.feedback.choices import (
    Channel,
    FeedbackState,
    ProposalKind,
    ProposalState,
    StepKind,
)


def _visible_unit_ids(user: Any) -> Any:
    """Units whose feedback a staff member sees: his own units, and the subtree of the
    subtree roles and unit heads."""
    from motcua.org.choices import Role
    from motcua.org.models import Membership, Unit

    memberships = list(Membership.objects.active().filter(user=user).select_related("unit"))
    wide = [m.unit for m in memberships if m.role in Role.SUBTREE_ROLES | {Role.UNIT_HEAD}]
    own = [m.unit_id for m in memberships]
    return Unit.objects.filter(Q(pk__in=own) | Q(pk__in=Unit.objects.subtree_of(wide))).values("pk")


class FeedbackQuerySet(RestrictedQuerySet["Feedback"]):
    def published(self) -> FeedbackQuerySet:
        return self.filter(published_at__isnull=False)


class Feedback(models.Model):
    """Phản ánh, kiến nghị: what a citizen or a business says about a regulation or about
    how a dossier was handled (Nghị định 20/2008/NĐ-CP, sửa đổi bởi 48/2013/NĐ-CP)."""

    code = models.CharField(_("mã phản ánh"), max_length=20, unique=True)
    secret_digest = models.CharField(max_length=64, editable=False)
    version = models.PositiveIntegerField(default=1)
    channel = models.CharField(_("kênh tiếp nhận"), max_length=10, choices=Channel.choices())
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=FeedbackState.choices(), db_index=True
    )
    title = models.CharField(_("tiêu đề"), max_length=255)
    content = models.TextField(_("nội dung"))
    sender_name = models.CharField(_("họ và tên người gửi"), max_length=255)
    sender_phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    sender_email = models.EmailField(_("thư điện tử"), blank=True)
    sender_account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback_sent",
    )
    publish_consent = models.BooleanField(_("đồng ý công khai kết quả"), default=True)
    received_at = models.DateTimeField(_("thời điểm tiếp nhận"), db_index=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback_received",
    )
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="feedback", verbose_name=_("đơn vị")
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback_handled",
        verbose_name=_("người xử lý"),
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback",
        verbose_name=_("hồ sơ liên quan"),
    )
    procedure = models.ForeignKey(
        "procedures.Procedure",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback",
        verbose_name=_("thủ tục liên quan"),
    )
    reason = models.TextField(_("lý do, ghi chú phân loại"), blank=True)
    forwarded_to = models.CharField(_("cơ quan có thẩm quyền"), max_length=255, blank=True)
    question = models.TextField(_("nội dung đề nghị bổ sung"), blank=True)
    more_information = models.TextField(_("thông tin bổ sung"), blank=True)
    paused_since = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    public_title = models.CharField(_("tiêu đề công khai"), max_length=255, blank=True)
    public_question = models.TextField(_("nội dung công khai"), blank=True)
    public_answer = models.TextField(_("kết quả công khai"), blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    search_text = models.TextField(editable=False, default="")
    reopen_count = models.PositiveSmallIntegerField(default=0)
    satisfied = models.BooleanField(null=True, blank=True)
    handling_due_at = models.DateTimeField(_("hạn xử lý"), null=True, blank=True, db_index=True)
    is_late = models.BooleanField(default=False)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("phản ánh, kiến nghị")
        verbose_name_plural = _("phản ánh, kiến nghị")
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["unit", "received_at"], name="feedback_unit_received")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @classmethod
    def restrict_queryset(cls, qs: FeedbackQuerySet, user: Any, action: str) -> FeedbackQuerySet:
        """view: superusers everything; staff the feedback of their units (unit heads and
        the subtree roles their subtrees); a citizen what he sent from his account.
        public: the published answers (personal data is never in those fields)."""
        if action == "public":
            return qs.published()
        if not getattr(user, "is_authenticated", False):
            return qs.none()
        if user.is_superuser:
            return qs
        units = _visible_unit_ids(user)
        return qs.filter(
            Q(unit__in=units)
            | Q(dossier__responsible_unit__in=units)
            | Q(dossier__receiving_unit__in=units)
            | Q(sender_account=user)
        ).distinct()


class FeedbackSequence(models.Model):
    """The daily counter of tracking codes (``PAKN-YYMMDD-NNNN``)."""

    day = models.DateField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.day}: {self.last}"


class FeedbackStep(models.Model):
    """One time-limited step of the handling: when it started, its limit in working days
    on the unit's calendar, its due time, when it finished and whether on time."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(max_length=20, choices=StepKind.choices())
    limit_days = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField()
    due_at = models.DateTimeField(db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # None while open, or for a step closed by another outcome (not scored).
    on_time = models.BooleanField(null=True, blank=True)
    cancelled = models.BooleanField(default=False)

    class Meta:
        ordering = ["started_at", "pk"]

    def __str__(self) -> str:
        return f"{self.feedback.code} {self.kind}"


class FeedbackEvent(models.Model):
    """The append-only history of an item: each action, by whom, from and to which state."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=20)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.feedback_id} {self.action}"


def attachment_upload_to(instance: FeedbackAttachment, filename: str) -> str:
    extension = os.path.splitext(filename)[1].lower()[:10]
    return f"feedback/{instance.feedback.code}/{instance.sha256}{extension}"


class FeedbackAttachment(models.Model):
    """Tệp đính kèm, checked by ``motcua.core.uploads.check_upload`` like dossier files."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_upload_to, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    added_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.original_name


class FeedbackWarning(models.Model):
    """A warning sent once (the sweep may run many times, or twice at once)."""

    step = models.ForeignKey(FeedbackStep, on_delete=models.CASCADE, related_name="warnings")
    kind = models.CharField(max_length=20)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["step", "kind"], name="feedback_warning_once")
        ]

    def __str__(self) -> str:
        return f"{self.step_id} {self.kind}"


class HandlingLimit(models.Model):
    """A step's time limit in working days, editable by an administrator (the national
    portal's scoring rules: refuse ≤ 2, ask for more ≤ 5, handle ≤ 15, publish ≤ 2 —
    LAW.md §3, 5.2, secondary). The forwarding limit is the decree's (5, NĐ 20/2008
    Điều 9) and is not here."""

    kind = models.CharField(max_length=20, choices=StepKind.choices(), unique=True)
    working_days = models.PositiveSmallIntegerField(_("số ngày làm việc"))
    source = models.CharField(_("căn cứ"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("thời hạn xử lý PAKN")
        verbose_name_plural = _("thời hạn xử lý PAKN")

    def __str__(self) -> str:
        return f"{self.kind}: {self.working_days}"


class SimplificationProposal(models.Model):
    """Đề xuất đơn giản hóa thủ tục hành chính: from feedback on a procedure or entered by
    an officer; reviewed, then approved (with the time cut recorded) or rejected."""

    procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.PROTECT, related_name="simplification_proposals"
    )
    feedback = models.ForeignKey(
        Feedback, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposals"
    )
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="proposals")
    kind = models.CharField(_("nội dung cắt giảm"), max_length=20, choices=ProposalKind.choices())
    state = models.CharField(max_length=20, choices=ProposalState.choices(), db_index=True)
    summary = models.TextField(_("nội dung đề xuất"))
    # Time limit before and after the cut, in days (half days occur: 561,5 / 1.659,5).
    days_before = models.DecimalField(max_digits=7, decimal_places=1, null=True, blank=True)
    days_after = models.DecimalField(max_digits=7, decimal_places=1, null=True, blank=True)
    proposed_at = models.DateTimeField(default=timezone.now, db_index=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision = models.TextField(_("ý kiến xem xét"), blank=True)

    class Meta:
        ordering = ["-proposed_at"]

    def __str__(self) -> str:
        return f"{self.procedure_id} {self.kind} {self.state}"

    @property
    def days_saved(self) -> Decimal:
        if self.days_before is None or self.days_after is None:
            return Decimal(0)
        return self.days_before - self.days_after
