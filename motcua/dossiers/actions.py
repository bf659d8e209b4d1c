"""Processing a dossier to its result: one function per verb (Zulip style), each built on
``transitions.py`` (check, compare-and-set write, history, forms)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.dossiers import deadlines
from motcua.dossiers.choices import Action, Actor, DeliveryMethod
from motcua.dossiers.models import (
    ClockPause,
    Dossier,
    SupplementRequest,
)
from motcua.dossiers.notify import notify_unit_role, notify_user
from motcua.dossiers.transitions import (
    acting_user,
    actors_for,
    apply_transition,
    check_action,
    finish_current_step,
    invalid,
    issue_form,
    jsonable,
    require_reason,
)
from motcua.dossiers.workflow import TransitionRefused
from motcua.org.choices import Role
from motcua.org.models import Membership, User
from motcua.workcalendar import engine
from motcua.workcalendar.services import working_calendar_for

# -- processing --------------------------------------------------------------------------------


def _holds_current_step(user: Any, dossier: Dossier) -> bool:
    step = dossier.current_step
    if step is None:
        return False
    roles = set(
        Membership.objects.active().filter(user=user, unit=step.unit).values_list("role", flat=True)
    )
    return step.role in roles or Role.UNIT_HEAD in roles


def do_hand_on(
    dossier: Dossier, *, actor: Any, to_user: User | None = None, note: str = ""
) -> Dossier:
    """Chuyển hồ sơ sang bước tiếp theo: the row of the control sheet records who gave,
    who received, when, and whether the finished step was on time."""
    row = check_action(Action.HAND_ON, dossier, actor)
    if not _holds_current_step(actor, dossier):
        raise TransitionRefused(
            "not_step_holder",
            _("Hồ sơ đang ở bước “%(step)s”, không thuộc vai trò của bạn.")
            % {"step": dossier.current_step.name if dossier.current_step else "—"},
        )
    steps = list(dossier.steps.all())
    current = dossier.current_step
    later = [s for s in steps if current is None or s.order > current.order]
    if not later:
        raise TransitionRefused(
            "last_step", _("Đây là bước cuối của quy trình: dùng “Hoàn thành, ký kết quả”.")
        )
    nxt = later[0]
    if (
        to_user is not None
        and not Membership.objects.active().filter(user=to_user, unit=nxt.unit).exists()
    ):
        raise invalid(
            "handler_not_in_unit",
            _("%(user)s không thuộc %(unit)s.") % {"user": to_user, "unit": nxt.unit.name},
        )
    now = timezone.now()
    with transaction.atomic():
        finished = finish_current_step(dossier, now)
        nxt.started_at = now
        nxt.handler = to_user
        nxt.due_at = deadlines.step_due_at(now, nxt.budget_hours, nxt.unit)
        nxt.save(update_fields=["started_at", "handler", "due_at"])
        apply_transition(
            dossier,
            row,
            actor,
            note=note,
            current_step=nxt,
            event_fields={
                "from_step": finished,
                "to_step": nxt,
                "step_due_at": finished.due_at if finished else None,
                "on_time": finished.on_time if finished else None,
                "data": {"to_user": to_user.pk if to_user else None},
            },
        )
        if to_user is not None:
            notify_user(
                to_user,
                dossier,
                _("Hồ sơ %(code)s chuyển đến bạn: %(step)s.")
                % {"code": dossier.code, "step": nxt.name},
            )
        else:
            notify_unit_role(
                nxt.unit,
                nxt.role,
                dossier,
                _("Hồ sơ %(code)s chuyển đến bước “%(step)s”.")
                % {"code": dossier.code, "step": nxt.name},
            )
    return dossier


def do_request_supplement(
    dossier: Dossier, *, actor: Any, reason: str, force: bool = False
) -> Dossier:
    """Yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02): once only (Nghị định 118/2025/NĐ-CP
    Điều 11). The clock stops until the applicant answers. A second request is refused;
    forced by the unit head, it marks the dossier late (DESIGN.md: more than one supplement
    request counts as late)."""
    row = check_action(Action.REQUEST_SUPPLEMENT, dossier, actor)
    reason = require_reason(reason)
    late = False
    if dossier.supplement_count >= 1:
        if not force:
            raise TransitionRefused(
                "supplement_once",
                _(
                    "Hồ sơ đã được yêu cầu bổ sung một lần; theo quy định chỉ được yêu cầu bổ "
                    "sung một lần."
                ),
            )
        if Actor.UNIT_HEAD not in actors_for(actor, dossier):
            raise TransitionRefused(
                "forbidden", _("Chỉ lãnh đạo đơn vị được yêu cầu bổ sung lần thứ hai.")
            )
        late = True
    now = timezone.now()
    with transaction.atomic():
        changes: dict[str, Any] = {
            "paused_since": now,
            "supplement_count": F("supplement_count") + 1,
        }
        if late:
            changes["is_late"] = True
        apply_transition(dossier, row, actor, note=reason, **changes)
        SupplementRequest.objects.create(
            dossier=dossier,
            requested_at=now,
            requested_by=acting_user(actor),
            reason=reason,
            forced=late,
        )
        ClockPause.objects.create(dossier=dossier, reason=ClockPause.REASON_SUPPLEMENT, start=now)
        issue_form(dossier, row, actor, reason=reason, requested_at=now)
        notify_user(
            dossier.applicant,
            dossier,
            _("Hồ sơ %(code)s cần bổ sung: %(reason)s") % {"code": dossier.code, "reason": reason},
        )
    return dossier


def _resume_clock(dossier: Dossier, now: datetime, reason: str) -> dict[str, Any]:
    """Close the open pause and push the dossier's and the current step's due times back
    by the office time it covered."""
    pause = dossier.pauses.filter(end__isnull=True, reason=reason).first()
    if pause is None:
        return {"paused_since": None}
    pause.end = now
    pause.save(update_fields=["end"])
    legal = deadlines.legal_due_at(dossier)
    changes: dict[str, Any] = {"paused_since": None, "legal_due_at": legal}
    # An apology already set a later appointment; otherwise the appointment follows the law.
    changes["due_at"] = max(legal, dossier.due_at) if dossier.apology_count else legal
    step = dossier.current_step
    if step is not None and step.due_at is not None:
        calendar = working_calendar_for(step.unit)
        paused = engine.working_time_between(
            max(pause.start, step.started_at or pause.start), now, calendar
        )
        step.due_at = engine.add_working_time(step.due_at, paused, calendar)
        step.save(update_fields=["due_at"])
    return changes


def do_answer_supplement(dossier: Dossier, *, actor: Any, note: str = "") -> Dossier:
    """Nhận hồ sơ bổ sung: the clock restarts."""
    row = check_action(Action.ANSWER_SUPPLEMENT, dossier, actor)
    now = timezone.now()
    with transaction.atomic():
        changes = _resume_clock(dossier, now, ClockPause.REASON_SUPPLEMENT)
        apply_transition(dossier, row, actor, note=note, **changes)
        SupplementRequest.objects.filter(dossier=dossier, answered_at__isnull=True).update(
            answered_at=now
        )
        step = dossier.current_step
        if step is not None:
            notify_unit_role(
                step.unit,
                step.role,
                dossier,
                _("Hồ sơ %(code)s đã được bổ sung.") % {"code": dossier.code},
            )
    return dossier


def do_require_payment(
    dossier: Dossier, *, actor: Any, amount: int | None = None, note: str = ""
) -> Dossier:
    row = check_action(Action.REQUIRE_PAYMENT, dossier, actor)
    amount = dossier.fee_amount if amount is None else amount
    if amount <= 0:
        raise invalid("invalid_amount", _("Số tiền phải nộp phải lớn hơn 0."))
    now = timezone.now()
    with transaction.atomic():
        apply_transition(dossier, row, actor, note=note, fee_amount=amount, paused_since=now)
        ClockPause.objects.create(dossier=dossier, reason=ClockPause.REASON_PAYMENT, start=now)
        notify_user(
            dossier.applicant,
            dossier,
            _("Hồ sơ %(code)s: vui lòng nộp %(amount)s đồng phí, lệ phí.")
            % {"code": dossier.code, "amount": f"{amount:,}".replace(",", ".")},
        )
    return dossier


def do_record_payment(dossier: Dossier, *, actor: Any, note: str = "") -> Dossier:
    row = check_action(Action.RECORD_PAYMENT, dossier, actor)
    now = timezone.now()
    with transaction.atomic():
        changes = _resume_clock(dossier, now, ClockPause.REASON_PAYMENT)
        apply_transition(dossier, row, actor, note=note, paid_at=now, **changes)
    return dossier


def do_apologise(dossier: Dossier, *, actor: Any, reason: str, new_due_at: datetime) -> Dossier:
    """Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04): issued by the unit head at
    least one working day before the due time, with the reason and a new appointment; at
    most once; the dossier counts as late from then on (Nghị định 118/2025/NĐ-CP; before
    it Nghị định 61/2018 Điều 19 khoản 4 as amended by 107/2021)."""
    row = check_action(Action.APOLOGISE, dossier, actor)
    reason = require_reason(reason)
    if dossier.apology_count >= 1:
        raise TransitionRefused(
            "apology_once", _("Hồ sơ đã được hẹn lại một lần; không được hẹn lại lần thứ hai.")
        )
    now = timezone.now()
    if dossier.due_at is None:
        raise invalid("no_due_date", _("Hồ sơ chưa có hạn trả kết quả."))
    if timezone.is_naive(new_due_at):
        new_due_at = timezone.make_aware(new_due_at)
    calendar = working_calendar_for(dossier.responsible_unit)
    if engine.working_time_between(now, dossier.due_at, calendar) < deadlines.day_length(calendar):
        raise TransitionRefused(
            "apology_too_late",
            _(
                "Phiếu xin lỗi phải được phát hành chậm nhất một ngày làm việc trước hạn trả kết "
                "quả (%(due)s)."
            )
            % {"due": f"{timezone.localtime(dossier.due_at):%H:%M %d/%m/%Y}"},
        )
    if new_due_at <= dossier.due_at:
        raise invalid("new_due_not_later", _("Ngày hẹn mới phải sau hạn trả kết quả hiện tại."))
    old_due = dossier.due_at
    with transaction.atomic():
        apply_transition(
            dossier,
            row,
            actor,
            note=reason,
            due_at=new_due_at,
            is_late=True,
            apology_count=F("apology_count") + 1,
            event_fields={
                "data": {"previous_due_at": jsonable(old_due), "new_due_at": jsonable(new_due_at)}
            },
        )
        issue_form(
            dossier, row, actor, reason=reason, previous_due_at=old_due, new_due_at=new_due_at
        )
        notify_user(
            dossier.applicant,
            dossier,
            _("Xin lỗi: hồ sơ %(code)s được hẹn lại ngày trả kết quả %(due)s. Lý do: %(reason)s")
            % {
                "code": dossier.code,
                "due": f"{timezone.localtime(new_due_at):%H:%M %d/%m/%Y}",
                "reason": reason,
            },
        )
    return dossier


def do_refuse(dossier: Dossier, *, actor: Any, reason: str) -> Dossier:
    """Từ chối giải quyết (with the reason in writing): the refusal is the result."""
    row = check_action(Action.REFUSE, dossier, actor)
    reason = require_reason(reason)
    now = timezone.now()
    with transaction.atomic():
        finish_current_step(dossier, now)
        apply_transition(
            dossier,
            row,
            actor,
            note=reason,
            completed_at=now,
            result_summary=reason,
            current_step=None,
        )
        issue_form(dossier, row, actor, reason=reason)
        notify_user(
            dossier.applicant,
            dossier,
            _("Hồ sơ %(code)s bị từ chối giải quyết: %(reason)s")
            % {"code": dossier.code, "reason": reason},
        )
    return dossier


def do_stop(dossier: Dossier, *, actor: Any, reason: str) -> Dossier:
    """Dừng xử lý theo yêu cầu của người nộp, only while no result exists."""
    row = check_action(Action.STOP, dossier, actor)
    reason = require_reason(reason)
    now = timezone.now()
    with transaction.atomic():
        finish_current_step(dossier, now)
        open_pause = dossier.pauses.filter(end__isnull=True).first()
        if open_pause is not None:
            open_pause.end = now
            open_pause.save(update_fields=["end"])
        apply_transition(dossier, row, actor, note=reason, paused_since=None, current_step=None)
        issue_form(dossier, row, actor, reason=reason, stopped_at=now)
    return dossier


def do_complete(
    dossier: Dossier, *, actor: Any, result_summary: str, result_file: Any = None
) -> Dossier:
    """Hoàn thành, ký kết quả: the dossier is processed; it is late if this happens after
    the legal due time (waiting time excluded)."""
    row = check_action(Action.COMPLETE, dossier, actor)
    if not result_summary or not result_summary.strip():
        raise invalid("result_required", _("Cần ghi kết quả giải quyết."))
    now = timezone.now()
    with transaction.atomic():
        finish_current_step(dossier, now)
        remaining = [
            s for s in dossier.steps.all() if s.finished_at is None and s.started_at is None
        ]
        # What follows the signature (returning the result) becomes the current step.
        nxt = remaining[0] if remaining else None
        if nxt is not None:
            nxt.started_at = now
            nxt.due_at = deadlines.step_due_at(now, nxt.budget_hours, nxt.unit)
            nxt.save(update_fields=["started_at", "due_at"])
        late = dossier.is_late or (dossier.legal_due_at is not None and now > dossier.legal_due_at)
        apply_transition(
            dossier,
            row,
            actor,
            completed_at=now,
            result_summary=result_summary.strip(),
            is_late=late,
            current_step=nxt,
        )
        if result_file is not None:
            dossier.result_file = result_file
            dossier.electronic_result = True
            dossier.save(update_fields=["result_file", "electronic_result"])
        notify_unit_role(
            dossier.receiving_unit,
            Role.CLERK,
            dossier,
            _("Hồ sơ %(code)s đã có kết quả, chờ trả.") % {"code": dossier.code},
        )
        notify_user(
            dossier.applicant,
            dossier,
            _("Hồ sơ %(code)s đã có kết quả: %(result)s.")
            % {"code": dossier.code, "result": dossier.result_summary},
        )
    return dossier


def do_return_result(dossier: Dossier, *, actor: Any, method: str = DeliveryMethod.DESK) -> Dossier:
    row = check_action(Action.RETURN_RESULT, dossier, actor)
    if method not in DeliveryMethod.values():
        raise invalid("invalid_delivery", _("Hình thức trả kết quả không hợp lệ."))
    now = timezone.now()
    with transaction.atomic():
        finish_current_step(dossier, now)
        apply_transition(
            dossier, row, actor, delivered_at=now, delivery_method=method, current_step=None
        )
        notify_user(
            dossier.applicant, dossier, _("Hồ sơ %(code)s đã trả kết quả.") % {"code": dossier.code}
        )
    return dossier
