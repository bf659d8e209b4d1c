"""The deadline sweep: one pass over open dossiers, run by the background worker and by
``motcua sweep_deadlines`` for cron. Each warning is sent once (a ``DeadlineWarning`` row
with a unique key), so running it again, or twice at the same time, changes nothing."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.dossiers.choices import DossierState
from motcua.dossiers.models import DeadlineWarning, Dossier, DossierStep
from motcua.dossiers.notify import notify_unit_role, notify_user
from motcua.org.choices import Role
from motcua.workcalendar import engine
from motcua.workcalendar.services import working_calendar_for


@dataclass
class SweepReport:
    checked: int = 0
    sent: Counter[str] = field(default_factory=Counter)

    def __str__(self) -> str:
        parts = ", ".join(f"{kind}: {n}" for kind, n in sorted(self.sent.items())) or "—"
        return f"{self.checked} hồ sơ đã kiểm tra; cảnh báo mới: {parts}"


def _once(dossier: Dossier, kind: str, step: DossierStep | None = None) -> bool:
    """Record the warning; False when it was already sent (by us or a concurrent sweep)."""
    try:
        with transaction.atomic():
            DeadlineWarning.objects.create(dossier=dossier, step=step, kind=kind)
    except IntegrityError:
        return False
    return True


def _fmt(value: datetime) -> str:
    return f"{timezone.localtime(value):%H:%M %d/%m/%Y}"


def sweep_deadlines(now: datetime | None = None) -> SweepReport:
    now = now or timezone.now()
    warn_within = timedelta(hours=settings.DEADLINE_WARNING_HOURS)
    apology_within = timedelta(hours=settings.APOLOGY_REMINDER_HOURS)
    report = SweepReport()
    dossiers = Dossier.objects.filter(
        state__in=DossierState.OPEN, paused_since__isnull=True
    ).select_related("current_step__unit", "current_step__handler", "responsible_unit", "procedure")
    for dossier in dossiers.iterator(chunk_size=500):
        report.checked += 1
        step = dossier.current_step
        if step is not None and step.due_at is not None and step.finished_at is None:
            left = engine.working_time_left(step.due_at, now, working_calendar_for(step.unit))
            if left < timedelta(0):
                if _once(dossier, DeadlineWarning.KIND_STEP_OVERDUE, step):
                    report.sent["step_overdue"] += 1
                    _tell_holder(
                        dossier,
                        step,
                        _("Bước “%(step)s” của hồ sơ %(code)s đã quá hạn (%(due)s).")
                        % {"step": step.name, "code": dossier.code, "due": _fmt(step.due_at)},
                    )
            elif left <= warn_within:
                if _once(dossier, DeadlineWarning.KIND_STEP_DUE_SOON, step):
                    report.sent["step_due_soon"] += 1
                    _tell_holder(
                        dossier,
                        step,
                        _("Bước “%(step)s” của hồ sơ %(code)s sắp đến hạn (%(due)s).")
                        % {"step": step.name, "code": dossier.code, "due": _fmt(step.due_at)},
                    )
        if dossier.due_at is None:
            continue
        calendar = working_calendar_for(dossier.responsible_unit)
        left = engine.working_time_left(dossier.due_at, now, calendar)
        if left < timedelta(0):
            # Unfinished past the due time: late, and it stays late (QĐ 766/QĐ-TTg).
            if not dossier.is_late:
                Dossier.objects.filter(pk=dossier.pk).update(is_late=True)
            if _once(dossier, DeadlineWarning.KIND_DOSSIER_OVERDUE):
                report.sent["dossier_overdue"] += 1
                notify_unit_role(
                    dossier.responsible_unit,
                    Role.UNIT_HEAD,
                    dossier,
                    _("Hồ sơ %(code)s đã quá hạn trả kết quả (%(due)s).")
                    % {"code": dossier.code, "due": _fmt(dossier.due_at)},
                )
        elif left <= apology_within and dossier.apology_count == 0:
            if _once(dossier, DeadlineWarning.KIND_APOLOGY_NEEDED):
                report.sent["apology_needed"] += 1
                notify_unit_role(
                    dossier.responsible_unit,
                    Role.UNIT_HEAD,
                    dossier,
                    _(
                        "Hồ sơ %(code)s sắp đến hạn (%(due)s): nếu không kịp, phải ban hành phiếu "
                        "xin lỗi và hẹn lại chậm nhất một ngày làm việc trước hạn."
                    )
                    % {"code": dossier.code, "due": _fmt(dossier.due_at)},
                )
    return report


def _tell_holder(dossier: Dossier, step: DossierStep, message: str) -> None:
    """The step's handler (or everyone with the step's role in its unit) and the unit head."""
    with transaction.atomic():
        if step.handler is not None:
            notify_user(step.handler, dossier, message)
            notify_unit_role(step.unit, Role.UNIT_HEAD, dossier, message)
        else:
            notify_unit_role(step.unit, step.role, dossier, message, also_heads=True)
