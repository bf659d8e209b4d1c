"""Directives, plans and conclusion notices (chỉ thị, kế hoạch, thông báo kết luận) and
the tasks they assign (nhiệm vụ được giao), with progress reports and extension requests."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.core.querysets import RestrictedQuerySet
from motcua.directives.choices import DirectiveKind, ExtensionState, TaskState, TaskStatus


def _visible_units(user: Any) -> Any:
    from motcua.org.models import Unit

    return Unit.objects.restrict(user, "view")


class DirectiveQuerySet(RestrictedQuerySet["Directive"]):
    pass


class Directive(models.Model):
    """Văn bản giao nhiệm vụ: a directive, a plan, a conclusion notice or a remediation
    plan, with its number, date, signer and summary (and the signed file)."""

    kind = models.CharField(_("loại văn bản"), max_length=20, choices=DirectiveKind.choices())
    number = models.CharField(_("số, ký hiệu"), max_length=50)
    issued_on = models.DateField(_("ngày ban hành"))
    signer = models.CharField(_("người ký"), max_length=150)
    issuer = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan ban hành")
    )
    title = models.CharField(_("trích yếu"), max_length=500)
    summary = models.TextField(_("nội dung chính"), blank=True)
    file = models.FileField(_("tệp văn bản"), upload_to="directives/%Y/", blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = DirectiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("văn bản chỉ đạo")
        verbose_name_plural = _("văn bản chỉ đạo")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "number"], name="directive_number_unique")
        ]

    def __str__(self) -> str:
        return f"{DirectiveKind.label(self.kind)} {self.number}"

    @classmethod
    def restrict_queryset(cls, qs: DirectiveQuerySet, user: Any, action: str) -> Any:
        """A directive is seen by whoever sees its issuer or a unit it assigns a task to."""
        if not getattr(user, "is_authenticated", False):
            return qs.none()
        if user.is_superuser:
            return qs
        units = _visible_units(user)
        return qs.filter(
            Q(issuer__in=units) | Q(tasks__lead_unit__in=units) | Q(tasks__co_units__in=units)
        ).distinct()


def due_soon_days() -> int:
    return int(getattr(settings, "TASK_DUE_SOON_DAYS", 7))


class TaskQuerySet(RestrictedQuerySet["Task"]):
    def unfinished(self) -> TaskQuerySet:
        return self.filter(status__in=TaskStatus.UNFINISHED)

    def overdue(self, today: date | None = None) -> TaskQuerySet:
        today = today or timezone.localdate()
        return self.unfinished().filter(deadline__lt=today)

    def due_soon(self, today: date | None = None) -> TaskQuerySet:
        today = today or timezone.localdate()
        return self.unfinished().filter(
            deadline__gte=today, deadline__lte=today + timedelta(days=due_soon_days())
        )

    def in_state(self, state: str, today: date | None = None) -> TaskQuerySet:
        today = today or timezone.localdate()
        if state == TaskState.OVERDUE:
            return self.overdue(today)
        if state == TaskState.DUE_SOON:
            return self.due_soon(today)
        if state == TaskState.OPEN:
            return self.unfinished().filter(deadline__gte=today)
        if state == TaskState.CANCELLED:
            return self.filter(status=TaskStatus.CANCELLED)
        if state == TaskState.DONE_ON_TIME:
            return self.filter(status=TaskStatus.DONE).filter(
                Q(done_on__isnull=True) | Q(done_on__lte=F("deadline"))
            )
        if state == TaskState.DONE_LATE:
            return self.filter(status=TaskStatus.DONE, done_on__gt=F("deadline"))
        return self.none()

    def for_unit(self, unit: Any) -> TaskQuerySet:
        """Tasks a unit leads or co-operates on (its predecessors' too: a merged unit
        inherits their open tasks)."""
        ids = unit.lineage_ids()
        return self.filter(Q(lead_unit_id__in=ids) | Q(co_units__in=ids)).distinct()


class Task(models.Model):
    """Nhiệm vụ được giao: one task of a directive, led by one unit with co-operating
    units, due on a date (an approved extension moves ``deadline``; ``original_deadline``
    keeps the first one)."""

    directive = models.ForeignKey(
        Directive, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("văn bản")
    )
    title = models.CharField(_("nhiệm vụ"), max_length=500)
    description = models.TextField(_("nội dung"), blank=True)
    expected_result = models.CharField(_("kết quả cần đạt"), max_length=500, blank=True)
    lead_unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị chủ trì")
    )
    co_units = models.ManyToManyField(
        "org.Unit", blank=True, related_name="+", verbose_name=_("đơn vị phối hợp")
    )
    deadline = models.DateField(_("thời hạn"), db_index=True)
    original_deadline = models.DateField(_("thời hạn ban đầu"))
    status = models.CharField(
        _("tình trạng"), max_length=20, choices=TaskStatus.choices(), default=TaskStatus.OPEN
    )
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    done_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return self.title

    def state(self, today: date | None = None) -> str:
        today = today or timezone.localdate()
        if self.status == TaskStatus.CANCELLED:
            return TaskState.CANCELLED
        if self.status == TaskStatus.DONE:
            late = self.done_on is not None and self.done_on > self.deadline
            return TaskState.DONE_LATE if late else TaskState.DONE_ON_TIME
        if self.deadline < today:
            return TaskState.OVERDUE
        if self.deadline <= today + timedelta(days=due_soon_days()):
            return TaskState.DUE_SOON
        return TaskState.OPEN

    @property
    def state_now(self) -> str:
        return self.state()

    @property
    def is_finished(self) -> bool:
        return self.status not in TaskStatus.UNFINISHED

    @classmethod
    def restrict_queryset(cls, qs: TaskQuerySet, user: Any, action: str) -> Any:
        if not getattr(user, "is_authenticated", False):
            return qs.none()
        if user.is_superuser:
            return qs
        units = _visible_units(user)
        return qs.filter(
            Q(lead_unit__in=units) | Q(co_units__in=units) | Q(directive__issuer__in=units)
        ).distinct()


class ProgressReport(models.Model):
    """Báo cáo tiến độ thực hiện nhiệm vụ, with an optional file."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("nội dung báo cáo"))
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"))
    file = models.FileField(upload_to="tasks/%Y/", blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.progress}%: {self.text[:60]}"


class ExtensionRequest(models.Model):
    """Đề nghị gia hạn: the lead unit asks, the issuer approves or refuses. The deadline
    in force when it was asked is kept (``old_deadline``)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="extensions")
    old_deadline = models.DateField(_("thời hạn cũ"))
    requested_deadline = models.DateField(_("thời hạn đề nghị"))
    reason = models.TextField(_("lý do"))
    state = models.CharField(
        max_length=20, choices=ExtensionState.choices(), default=ExtensionState.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("ý kiến"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["task"],
                condition=Q(state="pending"),
                name="one_pending_extension_per_task",
            )
        ]

    def __str__(self) -> str:
        return f"{self.old_deadline} → {self.requested_deadline} ({self.state})"


class TaskReminder(models.Model):
    """A reminder sent: once per task, kind ("due_soon", "overdue") and deadline, so the
    sweep can run any number of times."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20)
    deadline = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["task", "kind", "deadline"], name="task_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.deadline}"
