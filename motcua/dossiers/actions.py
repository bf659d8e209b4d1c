"""Write actions on dossiers: one function per verb (Zulip style).

Each checks the workflow table (``workflow.check``), validates its input, applies the new
state with compare-and-set on ``version`` (two officers acting at once: one wins, the other
gets ``DossierConflict`` and nothing of theirs is written), appends the history row and the
issued form, and schedules notifications after commit.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.dossiers import deadlines
from motcua.dossiers.choices import Action, Actor, Channel, DeliveryMethod, DossierState
from motcua.dossiers.codes import next_dossier_code
from motcua.dossiers.models import (
    ClockPause,
    Dossier,
    DossierEvent,
    DossierStep,
    IssuedForm,
    SupplementRequest,
)
from motcua.dossiers.notify import notify_unit_role, notify_user
from motcua.dossiers.workflow import Transition, TransitionRefused, check, target_state
from motcua.org.choices import Role
from motcua.org.models import Membership, Unit, User
from motcua.procedures.models import Procedure
from motcua.workcalendar import engine
from motcua.workcalendar.services import working_calendar_for


class DossierConflict(Exception):
    """Someone else changed the dossier since it was read."""

    code = "conflict"

    def __init__(self) -> None:
        self.message = _(
            "Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại để xem trạng "
            "thái mới; thao tác của bạn chưa được ghi."
        )
        super().__init__(self.message)


def _invalid(code: str, message: str) -> ValidationError:
    return ValidationError(message, code=code)


# -- who is acting --------------------------------------------------------------------------


def actors_for(user: Any, dossier: Dossier | None, unit: Unit | None = None) -> set[str]:
    """The workflow actors ``user`` can be for ``dossier`` (or for a new dossier in
    ``unit``): a clerk of the receiving or responsible unit; a specialist or unit head of
    the responsible unit or of the unit holding the current step; the applicant."""
    if not getattr(user, "is_authenticated", False):
        return set()
    actors: set[str] = set()
    if dossier is not None and dossier.applicant_id == user.pk:
        actors.add(Actor.APPLICANT)
    units: set[int] = set()
    if dossier is not None:
        units = {dossier.receiving_unit_id, dossier.responsible_unit_id}
        if dossier.current_step_id and dossier.current_step:
            units.add(dossier.current_step.unit_id)
    elif unit is not None:
        units = {unit.pk}
    roles = (
        Membership.objects.active()
        .filter(user=user, unit_id__in=units)
        .values_list("role", flat=True)
    )
    for role in roles:
        if role in (Role.CLERK, Role.SPECIALIST, Role.UNIT_HEAD):
            actors.add(role)
    return actors


def _check(
    action: str, dossier: Dossier | None, actor: Any, unit: Unit | None = None
) -> Transition:
    return check(action, dossier.state if dossier else None, actors_for(actor, dossier, unit))


# -- the compare-and-set write ---------------------------------------------------------------


def _apply(
    dossier: Dossier,
    row: Transition,
    actor: Any,
    *,
    note: str = "",
    event_fields: dict[str, Any] | None = None,
    **changes: Any,
) -> DossierEvent:
    """Move ``dossier`` along ``row`` if nobody moved it first; append the history row."""
    new_state = target_state(row, dossier.state)
    updated = Dossier.objects.filter(
        pk=dossier.pk, version=dossier.version, state=dossier.state
    ).update(state=new_state, version=F("version") + 1, **changes)
    if updated != 1:
        raise DossierConflict()
    from_state = dossier.state
    dossier.refresh_from_db()
    return DossierEvent.objects.create(
        dossier=dossier,
        action=row.action,
        from_state=from_state,
        to_state=new_state,
        actor=_user(actor),
        note=note,
        **(event_fields or {}),
    )


def _user(actor: Any) -> User | None:
    return actor if getattr(actor, "is_authenticated", False) else None


def _issue_form(dossier: Dossier, row: Transition, actor: Any, **data: Any) -> IssuedForm | None:
    if row.form is None:
        return None
    return IssuedForm.objects.create(
        dossier=dossier,
        kind=row.form,
        issued_by=_user(actor),
        data={k: _jsonable(v) for k, v in data.items()},
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    return value


# -- intake ------------------------------------------------------------------------------------


@dataclass
class Applicant:
    name: str
    id_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    user: User | None = None


@dataclass
class ReceivedDocument:
    name: str
    copy_kind: str
    quantity: int = 1
    provided: bool = True


@dataclass
class SubmittedDocument:
    """A document of an online submission: a new file (``content``) or one the applicant
    already has in the system (``reuse_of``)."""

    name: str
    copy_kind: str = ""
    required_document: Any = None  # procedures.RequiredDocument
    content: Any = None  # a Django File (UploadedFile, or a draft's stored file)
    original_name: str = ""
    content_type: str = ""
    reuse_of: Any = None  # DossierDocument


def _store_documents(
    dossier: Dossier, documents: list[SubmittedDocument], written: list[tuple[Any, str]]
) -> None:
    """Save the submission's files; ``written`` collects what reached the storage so that
    the caller can remove it if the transaction does not commit."""
    from motcua.dossiers.models import DossierDocument

    for doc in documents:
        if doc.reuse_of is not None:
            source = doc.reuse_of
            DossierDocument.objects.create(
                dossier=dossier,
                required_document=doc.required_document,
                name=doc.name,
                copy_kind=doc.copy_kind or source.copy_kind,
                file=source.file.name,
                original_name=source.original_name,
                content_type=source.content_type,
                size=source.size,
                sha256=source.sha256,
                source=DossierDocument.SOURCE_REUSE,
                reused_from=source,
            )
            continue
        digest = hashlib.sha256()
        for chunk in doc.content.chunks():
            digest.update(chunk)
        doc.content.seek(0)
        stored = DossierDocument(
            dossier=dossier,
            required_document=doc.required_document,
            name=doc.name,
            copy_kind=doc.copy_kind,
            original_name=doc.original_name or doc.content.name,
            content_type=doc.content_type,
            size=doc.content.size,
            sha256=digest.hexdigest(),
        )
        stored.file.save(
            os.path.basename(doc.original_name or doc.content.name), doc.content, save=False
        )
        written.append((stored.file.storage, stored.file.name))
        stored.save()


@dataclass
class IntakeResult:
    dossier: Dossier
    missing: list[str] = field(default_factory=list)


def _validate_intake(
    procedure: Procedure,
    unit: Unit,
    applicant: Applicant,
    documents: list[ReceivedDocument],
    sets: int,
) -> None:
    if not applicant.name.strip():
        raise _invalid("applicant_required", _("Cần ghi họ tên người nộp hồ sơ."))
    if sets < 1:
        raise _invalid("invalid_sets", _("Số bộ hồ sơ phải từ 1 trở lên."))
    if not procedure.is_active:
        raise _invalid("procedure_inactive", _("Thủ tục này đã ngừng áp dụng."))
    if not procedure.units.filter(pk=unit.pk).exists():
        raise _invalid(
            "procedure_not_here",
            _("%(unit)s không giải quyết thủ tục “%(name)s”.")
            % {"unit": unit.name, "name": procedure.name},
        )
    provided = {d.name.strip().lower() for d in documents if d.provided}
    missing = [
        d.name
        for d in procedure.documents.all()
        if d.mandatory and d.name.strip().lower() not in provided
    ]
    if missing:
        # The desk receives only a complete dossier (NĐ 118/2025: guide the applicant to
        # complete it; a received dossier is complete by definition).
        raise _invalid(
            "documents_missing",
            _("Hồ sơ còn thiếu giấy tờ bắt buộc: %(items)s.") % {"items": "; ".join(missing)},
        )


def _create_steps(dossier: Dossier, start: datetime) -> DossierStep | None:
    procedure = dossier.procedure
    first: DossierStep | None = None
    for step in procedure.steps.select_related("unit").all():
        unit = step.unit or dossier.responsible_unit
        created = DossierStep.objects.create(
            dossier=dossier,
            order=step.order,
            name=step.name,
            role=step.role,
            unit=unit,
            budget_hours=deadlines.step_budget_hours(procedure, step.budget, unit),
        )
        if first is None:
            first = created
    if first is not None:
        first.started_at = start
        first.due_at = deadlines.step_due_at(start, first.budget_hours, first.unit)
        first.save(update_fields=["started_at", "due_at"])
    return first


def do_receive_dossier(
    *,
    procedure: Procedure,
    unit: Unit,
    applicant: Applicant,
    documents: list[ReceivedDocument],
    actor: Any,
    channel: str = Channel.IN_PERSON,
    sets: int = 1,
    note: str = "",
    received_at: datetime | None = None,
) -> Dossier:
    """Tiếp nhận hồ sơ giấy tại Bộ phận Một cửa → receipt with the appointment date."""
    row = _check(Action.RECEIVE, None, actor, unit)
    _validate_intake(procedure, unit, applicant, documents, sets)
    now = received_at or timezone.now()
    with transaction.atomic():
        code = next_dossier_code(unit.code, now)
        dossier = Dossier.objects.create(
            code=code,
            procedure=procedure,
            receiving_unit=unit,
            responsible_unit=unit,
            channel=channel,
            state=DossierState.RECEIVED,
            applicant=applicant.user,
            applicant_name=applicant.name.strip(),
            applicant_id_number=applicant.id_number,
            applicant_phone=applicant.phone,
            applicant_email=applicant.email,
            applicant_address=applicant.address,
            sets=sets,
            note=note,
            submitted_at=now,
            received_at=now,
            fee_amount=procedure.total_fee,
        )
        due = deadlines.legal_due_at(dossier)
        first = _create_steps(dossier, now)
        if first is not None:
            first.handler = _user(actor)
            first.save(update_fields=["handler"])
        Dossier.objects.filter(pk=dossier.pk).update(
            due_at=due, legal_due_at=due, current_step=first
        )
        dossier.refresh_from_db()
        DossierEvent.objects.create(
            dossier=dossier,
            action=row.action,
            from_state="",
            to_state=DossierState.RECEIVED,
            actor=_user(actor),
            note=note,
            at=now,
            to_step=first,
            data={"documents": [d.__dict__ for d in documents]},
        )
        _issue_form(
            dossier,
            row,
            actor,
            received_at=now,
            due_at=due,
            documents=[d.__dict__ for d in documents],
            sets=sets,
        )
        notify_user(
            dossier.applicant,
            dossier,
            _("Hồ sơ %(code)s đã được tiếp nhận; hẹn trả kết quả %(due)s.")
            % {"code": code, "due": f"{timezone.localtime(due):%H:%M %d/%m/%Y}"},
        )
    return dossier


def do_submit_online(
    *,
    procedure: Procedure,
    unit: Unit,
    applicant: Applicant,
    note: str = "",
    submitted_at: datetime | None = None,
    documents: list[SubmittedDocument] | None = None,
) -> Dossier:
    """Nộp hồ sơ trực tuyến: the dossier exists in state *new* until the desk accepts it.
    Every mandatory document of the procedure must be among ``documents`` (uploaded or
    reused); files written to storage are removed again if the submission fails."""
    documents = documents or []
    provided = {d.required_document.pk for d in documents if d.required_document is not None}
    missing = [d.name for d in procedure.documents.all() if d.mandatory and d.pk not in provided]
    if documents and missing:
        raise _invalid(
            "documents_missing",
            _("Hồ sơ còn thiếu giấy tờ bắt buộc: %(items)s.") % {"items": "; ".join(missing)},
        )
    if not applicant.name.strip():
        raise _invalid("applicant_required", _("Cần ghi họ tên người nộp hồ sơ."))
    if not procedure.units.filter(pk=unit.pk).exists():
        raise _invalid(
            "procedure_not_here", _("%(unit)s không giải quyết thủ tục này.") % {"unit": unit.name}
        )
    now = submitted_at or timezone.now()
    written: list[tuple[Any, str]] = []
    try:
        return _submit_online(procedure, unit, applicant, note, now, documents, written)
    except BaseException:
        for storage, name in written:
            storage.delete(name)
        raise


def _submit_online(
    procedure: Procedure,
    unit: Unit,
    applicant: Applicant,
    note: str,
    now: datetime,
    documents: list[SubmittedDocument],
    written: list[tuple[Any, str]],
) -> Dossier:
    with transaction.atomic():
        dossier = Dossier.objects.create(
            code=next_dossier_code(unit.code, now),
            procedure=procedure,
            receiving_unit=unit,
            responsible_unit=unit,
            channel=Channel.ONLINE,
            state=DossierState.NEW,
            applicant=applicant.user,
            applicant_name=applicant.name.strip(),
            applicant_id_number=applicant.id_number,
            applicant_phone=applicant.phone,
            applicant_email=applicant.email,
            applicant_address=applicant.address,
            note=note,
            submitted_at=now,
            fee_amount=procedure.total_fee,
        )
        DossierEvent.objects.create(
            dossier=dossier,
            action="submit",
            from_state="",
            to_state=DossierState.NEW,
            actor=applicant.user,
            at=now,
        )
        notify_unit_role(
            unit,
            Role.CLERK,
            dossier,
            _("Hồ sơ trực tuyến %(code)s chờ tiếp nhận.") % {"code": dossier.code},
        )
        _store_documents(dossier, documents, written)
    return dossier


def do_accept_online(dossier: Dossier, *, actor: Any, note: str = "") -> Dossier:
    """Tiếp nhận hồ sơ trực tuyến: the time limit counts from this acceptance."""
    row = _check(Action.ACCEPT, dossier, actor)
    now = timezone.now()
    with transaction.atomic():
        _apply(dossier, row, actor, note=note, received_at=now)
        due = deadlines.legal_due_at(dossier)
        first = _create_steps(dossier, now)
        if first is not None:
            first.handler = _user(actor)
            first.save(update_fields=["handler"])
        Dossier.objects.filter(pk=dossier.pk).update(
            due_at=due, legal_due_at=due, current_step=first
        )
        dossier.refresh_from_db()
        _issue_form(dossier, row, actor, received_at=now, due_at=due, sets=dossier.sets)
        notify_user(
            dossier.applicant,
            dossier,
            _("Hồ sơ %(code)s đã được tiếp nhận; hẹn trả kết quả %(due)s.")
            % {"code": dossier.code, "due": f"{timezone.localtime(due):%H:%M %d/%m/%Y}"},
        )
    return dossier


def _require_reason(reason: str) -> str:
    if not reason or not reason.strip():
        raise _invalid("reason_required", _("Cần ghi rõ lý do."))
    return reason.strip()


def do_not_accept(dossier: Dossier, *, actor: Any, reason: str) -> Dossier:
    """Không tiếp nhận hồ sơ trực tuyến (Mẫu 03, with the reason)."""
    row = _check(Action.NOT_ACCEPT, dossier, actor)
    reason = _require_reason(reason)
    with transaction.atomic():
        _apply(dossier, row, actor, note=reason, completed_at=timezone.now())
        _issue_form(dossier, row, actor, reason=reason)
        notify_user(
            dossier.applicant,
            dossier,
            _("Hồ sơ %(code)s không được tiếp nhận: %(reason)s")
            % {"code": dossier.code, "reason": reason},
        )
    return dossier


def do_withdraw(dossier: Dossier, *, actor: Any, reason: str = "") -> Dossier:
    row = _check(Action.WITHDRAW, dossier, actor)
    with transaction.atomic():
        _apply(dossier, row, actor, note=reason)
    return dossier


# -- processing --------------------------------------------------------------------------------


def _finish_current_step(dossier: Dossier, now: datetime) -> DossierStep | None:
    step = dossier.current_step
    if step is None:
        return None
    step.finished_at = now
    step.on_time = step.due_at is None or now <= step.due_at
    step.save(update_fields=["finished_at", "on_time"])
    return step


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
    row = _check(Action.HAND_ON, dossier, actor)
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
        raise _invalid(
            "handler_not_in_unit",
            _("%(user)s không thuộc %(unit)s.") % {"user": to_user, "unit": nxt.unit.name},
        )
    now = timezone.now()
    with transaction.atomic():
        finished = _finish_current_step(dossier, now)
        nxt.started_at = now
        nxt.handler = to_user
        nxt.due_at = deadlines.step_due_at(now, nxt.budget_hours, nxt.unit)
        nxt.save(update_fields=["started_at", "handler", "due_at"])
        _apply(
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
    row = _check(Action.REQUEST_SUPPLEMENT, dossier, actor)
    reason = _require_reason(reason)
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
        _apply(dossier, row, actor, note=reason, **changes)
        SupplementRequest.objects.create(
            dossier=dossier, requested_at=now, requested_by=_user(actor), reason=reason, forced=late
        )
        ClockPause.objects.create(dossier=dossier, reason=ClockPause.REASON_SUPPLEMENT, start=now)
        _issue_form(dossier, row, actor, reason=reason, requested_at=now)
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
    row = _check(Action.ANSWER_SUPPLEMENT, dossier, actor)
    now = timezone.now()
    with transaction.atomic():
        changes = _resume_clock(dossier, now, ClockPause.REASON_SUPPLEMENT)
        _apply(dossier, row, actor, note=note, **changes)
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
    row = _check(Action.REQUIRE_PAYMENT, dossier, actor)
    amount = dossier.fee_amount if amount is None else amount
    if amount <= 0:
        raise _invalid("invalid_amount", _("Số tiền phải nộp phải lớn hơn 0."))
    now = timezone.now()
    with transaction.atomic():
        _apply(dossier, row, actor, note=note, fee_amount=amount, paused_since=now)
        ClockPause.objects.create(dossier=dossier, reason=ClockPause.REASON_PAYMENT, start=now)
        notify_user(
            dossier.applicant,
            dossier,
            _("Hồ sơ %(code)s: vui lòng nộp %(amount)s đồng phí, lệ phí.")
            % {"code": dossier.code, "amount": f"{amount:,}".replace(",", ".")},
        )
    return dossier


def do_record_payment(dossier: Dossier, *, actor: Any, note: str = "") -> Dossier:
    row = _check(Action.RECORD_PAYMENT, dossier, actor)
    now = timezone.now()
    with transaction.atomic():
        changes = _resume_clock(dossier, now, ClockPause.REASON_PAYMENT)
        _apply(dossier, row, actor, note=note, paid_at=now, **changes)
    return dossier


def do_apologise(dossier: Dossier, *, actor: Any, reason: str, new_due_at: datetime) -> Dossier:
    """Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04): issued by the unit head at
    least one working day before the due time, with the reason and a new appointment; at
    most once; the dossier counts as late from then on (Nghị định 118/2025/NĐ-CP; before
    it Nghị định 61/2018 Điều 19 khoản 4 as amended by 107/2021)."""
    row = _check(Action.APOLOGISE, dossier, actor)
    reason = _require_reason(reason)
    if dossier.apology_count >= 1:
        raise TransitionRefused(
            "apology_once", _("Hồ sơ đã được hẹn lại một lần; không được hẹn lại lần thứ hai.")
        )
    now = timezone.now()
    if dossier.due_at is None:
        raise _invalid("no_due_date", _("Hồ sơ chưa có hạn trả kết quả."))
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
        raise _invalid("new_due_not_later", _("Ngày hẹn mới phải sau hạn trả kết quả hiện tại."))
    old_due = dossier.due_at
    with transaction.atomic():
        _apply(
            dossier,
            row,
            actor,
            note=reason,
            due_at=new_due_at,
            is_late=True,
            apology_count=F("apology_count") + 1,
            event_fields={
                "data": {"previous_due_at": _jsonable(old_due), "new_due_at": _jsonable(new_due_at)}
            },
        )
        _issue_form(
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
    row = _check(Action.REFUSE, dossier, actor)
    reason = _require_reason(reason)
    now = timezone.now()
    with transaction.atomic():
        _finish_current_step(dossier, now)
        _apply(
            dossier,
            row,
            actor,
            note=reason,
            completed_at=now,
            result_summary=reason,
            current_step=None,
        )
        _issue_form(dossier, row, actor, reason=reason)
        notify_user(
            dossier.applicant,
            dossier,
            _("Hồ sơ %(code)s bị từ chối giải quyết: %(reason)s")
            % {"code": dossier.code, "reason": reason},
        )
    return dossier


def do_stop(dossier: Dossier, *, actor: Any, reason: str) -> Dossier:
    """Dừng xử lý theo yêu cầu của người nộp, only while no result exists."""
    row = _check(Action.STOP, dossier, actor)
    reason = _require_reason(reason)
    now = timezone.now()
    with transaction.atomic():
        _finish_current_step(dossier, now)
        open_pause = dossier.pauses.filter(end__isnull=True).first()
        if open_pause is not None:
            open_pause.end = now
            open_pause.save(update_fields=["end"])
        _apply(dossier, row, actor, note=reason, paused_since=None, current_step=None)
        _issue_form(dossier, row, actor, reason=reason, stopped_at=now)
    return dossier


def do_complete(
    dossier: Dossier, *, actor: Any, result_summary: str, result_file: Any = None
) -> Dossier:
    """Hoàn thành, ký kết quả: the dossier is processed; it is late if this happens after
    the legal due time (waiting time excluded)."""
    row = _check(Action.COMPLETE, dossier, actor)
    if not result_summary or not result_summary.strip():
        raise _invalid("result_required", _("Cần ghi kết quả giải quyết."))
    now = timezone.now()
    with transaction.atomic():
        _finish_current_step(dossier, now)
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
        _apply(
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
            dossier.save(update_fields=["result_file"])
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
    row = _check(Action.RETURN_RESULT, dossier, actor)
    if method not in DeliveryMethod.values():
        raise _invalid("invalid_delivery", _("Hình thức trả kết quả không hợp lệ."))
    now = timezone.now()
    with transaction.atomic():
        _finish_current_step(dossier, now)
        _apply(dossier, row, actor, delivered_at=now, delivery_method=method, current_step=None)
        notify_user(
            dossier.applicant, dossier, _("Hồ sơ %(code)s đã trả kết quả.") % {"code": dossier.code}
        )
    return dossier
