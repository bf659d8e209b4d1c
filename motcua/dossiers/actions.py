"""Processing a dossier to its result: one function per verb (Zulip style), each built on
``transitions.py`` (check, compare-and-set write, history, forms)."""

from __future__ import annotations

import os
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from motcua.core.uploads import check_upload
from motcua.dossiers import deadlines
from motcua.dossiers.apology import apology_window, check_new_appointment
from motcua.dossiers.choices import Action, Actor, DeliveryMethod
from motcua.dossiers.models import (
    ClockPause,
    Dossier,
    SupplementRequest,
)
from motcua.dossiers.notify import notify_unit_role, notify_user
from motcua.dossiers.supplements import SupplementItem, do_answer_supplement
from motcua.dossiers.transitions import (
    GATEWAY,
    acting_user,
    actors_for,
    apply_transition,
    check_action,
    check_signing,
    finish_current_step,
    holds_step,
    invalid,
    issue_form,
    jsonable,
    require_reason,
    resume_clock,
)
from motcua.dossiers.workflow import TransitionRefused
from motcua.org.choices import Role
from motcua.org.models import Membership, User

__all__ = [
    "GATEWAY",
    "SupplementItem",
    "do_answer_supplement",
    "do_apologise",
    "do_complete",
    "do_hand_on",
    "do_record_payment",
    "do_refuse",
    "do_request_supplement",
    "do_require_payment",
    "do_return_result",
    "do_stop",
    "fee_still_due",
]

# -- processing --------------------------------------------------------------------------------


def do_hand_on(
    dossier: Dossier, *, actor: Any, to_user: User | None = None, note: str = ""
) -> Dossier:
    """Chuyển hồ sơ sang bước tiếp theo: the row of the control sheet records who gave,
    who received, when, and whether the finished step was on time."""
    row = check_action(Action.HAND_ON, dossier, actor)
    if not holds_step(actor, dossier.current_step):
        raise TransitionRefused(
            "not_step_holder",
            _("Hồ sơ đang ở bước “%(step)s”, không do bạn đảm nhận.")
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
        and not Membership.objects.active()
        .filter(user=to_user, unit=nxt.unit, role=nxt.role)
        .exists()
    ):
        # A step is given only to someone with the step's role in the step's unit.
        raise invalid(
            "handler_not_in_unit",
            _("%(user)s không có vai trò “%(role)s” tại %(unit)s.")
            % {"user": to_user, "role": Role.label(nxt.role), "unit": nxt.unit.name},
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


def do_record_payment(
    dossier: Dossier, *, actor: Any, note: str = "", data: dict[str, Any] | None = None
) -> Dossier:
    """The financial obligation is fulfilled: the clock restarts. Called by the desk
    payment (``payments.desk``, the clerk with method, amount and receipt number) and by the
    gateway's verified callback (``actor=GATEWAY``); never by the applicant."""
    row = check_action(Action.RECORD_PAYMENT, dossier, actor)
    now = timezone.now()
    with transaction.atomic():
        changes = resume_clock(dossier, now, ClockPause.REASON_PAYMENT)
        apply_transition(
            dossier,
            row,
            actor,
            note=note,
            paid_at=now,
            event_fields={"data": data or {}},
            **changes,
        )
    return dossier


def do_apologise(
    dossier: Dossier,
    *,
    actor: Any,
    reason: str,
    new_due_at: datetime | None = None,
    extra_working_days: int | None = None,
) -> Dossier:
    """Văn bản xin lỗi và đề nghị gia hạn (TT 03/2025 Mẫu 04; TT 01/2018: phiếu xin lỗi và
    hẹn lại ngày trả kết quả) by the unit head, with the reason and a new appointment: a
    working time of the responsible unit's calendar, later than the current due time, at
    most ``apology.max_extension_days`` working days beyond it (``apology.py``). At most
    once; the dossier is late from then on. The law wants it at least one working day
    before the due time (Nghị định 61/2018 Điều 19 khoản 4 as amended by 107/2021; NĐ
    118/2025: article to confirm); a later one is still issued — the applicant is owed it
    most then — and recorded as issued late."""
    row = check_action(Action.APOLOGISE, dossier, actor)
    reason = require_reason(reason)
    if dossier.apology_count >= 1:
        raise TransitionRefused(
            "apology_once", _("Hồ sơ đã được hẹn lại một lần; không được hẹn lại lần thứ hai.")
        )
    if dossier.due_at is None:
        raise invalid("no_due_date", _("Hồ sơ chưa có hạn trả kết quả."))
    now = timezone.now()
    window = apology_window(dossier, now)
    new_due_at = check_new_appointment(window, new_due_at, extra_working_days)
    old_due = dossier.due_at
    issued_late = window.issued_late
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
                "data": {
                    "previous_due_at": jsonable(old_due),
                    "new_due_at": jsonable(new_due_at),
                    "issued_late": issued_late,
                }
            },
        )
        issue_form(
            dossier,
            row,
            actor,
            reason=reason,
            previous_due_at=old_due,
            new_due_at=new_due_at,
            issued_late=issued_late,
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
    check_signing(actor, dossier)
    if not result_summary or not result_summary.strip():
        raise invalid("result_required", _("Cần ghi kết quả giải quyết."))
    stored_name = ""
    if result_file is not None:
        # Citizens download it as their electronic result: the one content check, and the
        # name of what it really is.
        checked = check_upload(result_file)
        stem = get_valid_filename(os.path.splitext(checked.name)[0]) or "ket-qua"
        stored_name = f"{stem[:80]}{checked.extension}"
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
            result_file.seek(0)
            dossier.result_file.save(stored_name, result_file, save=False)
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
    if fee_still_due(dossier):
        raise TransitionRefused(
            "fee_due",
            _(
                "Hồ sơ %(code)s còn %(amount)s đồng phí, lệ phí chưa nộp: thu phí (ghi biên lai) "
                "trước khi trả kết quả."
            )
            % {"code": dossier.code, "amount": f"{dossier.fee_amount:,}".replace(",", ".")},
        )
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


def fee_still_due(dossier: Dossier) -> bool:
    return dossier.fee_still_due()
