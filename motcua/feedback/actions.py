"""Every write on feedback: one ``do_<verb>`` per action of the handling table
(``workflow.TRANSITIONS``). Each checks the table for the actor, validates its input,
applies the new state with compare-and-set on ``version`` (two officers at once: one
wins, the other gets ``FeedbackConflict``), records the step times (on time or late), the
history row and the audit row in one transaction, and notifies after commit."""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.inputs import display_phone
from motcua.core.models import record_audit
from motcua.core.text import fold
from motcua.feedback import limits
from motcua.feedback.choices import (
    FeedbackAction,
    FeedbackActor,
    FeedbackState,
    StepKind,
)
from motcua.feedback.models import (
    Feedback,
    FeedbackEvent,
    FeedbackStep,
)
from motcua.feedback.notify import notify_officers, notify_sender
from motcua.feedback.workflow import TransitionRefused, check, target_state
from motcua.org.choices import Role
from motcua.org.models import Membership, Unit, User
from motcua.workcalendar import engine

A = FeedbackAction
S = FeedbackState
R = FeedbackActor


class FeedbackConflict(Exception):
    """Someone else changed the item since it was read."""

    code = "conflict"

    def __init__(self) -> None:
        self.message = _(
            "Phản ánh, kiến nghị vừa được người khác cập nhật. Vui lòng tải lại; thao tác "
            "của bạn chưa được ghi."
        )
        super().__init__(self.message)


def invalid(code: str, message: str) -> ValidationError:
    return ValidationError(message, code=code)


# -- who is acting ---------------------------------------------------------------------------


class Sender:
    """The sender, proven by the tracking secret (no account needed)."""

    is_authenticated = False
    pk = None


SENDER = Sender()


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def secret_matches(item: Feedback, secret: str) -> bool:
    return bool(secret) and hmac.compare_digest(item.secret_digest, digest(secret))


def actors_for(user: Any, item: Feedback | None, unit: Unit | None = None) -> set[str]:
    """The roles ``user`` holds for ``item`` (or for a new item of ``unit``): the sender
    (by the secret, or the account he sent it from); a clerk, specialist or unit head of
    the item's unit; the handler — the one assigned, else every specialist of the unit."""
    if isinstance(user, Sender):
        return {R.SENDER}
    actors: set[str] = set()
    if not getattr(user, "is_authenticated", False):
        return {R.SENDER} if item is None else actors
    if item is not None and item.sender_account_id == user.pk:
        actors.add(R.SENDER)
    if item is None and unit is None:
        return actors | {R.SENDER}
    target = item.unit if item is not None else unit
    assert target is not None
    for m in Membership.objects.active().filter(user=user).select_related("unit"):
        if m.unit_id != target.pk and not (
            m.role in (Role.UNIT_HEAD, *Role.SUBTREE_ROLES) and target.path.startswith(m.unit.path)
        ):
            continue
        if m.role == Role.CLERK:
            actors.add(R.CLERK)
        elif m.role == Role.SPECIALIST and m.unit_id == target.pk:
            actors.add(R.SPECIALIST)
            if item is not None and (item.handler_id is None or item.handler_id == user.pk):
                actors.add(R.HANDLER)
        elif m.role == Role.UNIT_HEAD:
            actors.add(R.UNIT_HEAD)
    if item is not None and item.handler_id == user.pk:
        actors.add(R.HANDLER)
    if getattr(user, "is_superuser", False):
        actors |= {R.CLERK, R.SPECIALIST, R.UNIT_HEAD, R.HANDLER}
    if item is None:
        actors.add(R.SENDER)  # anyone may send feedback
    return actors


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


# -- the common write ------------------------------------------------------------------------


def _apply(
    item: Feedback,
    action: str,
    actor: Any,
    *,
    note: str = "",
    changes: dict[str, Any] | None = None,
    now: datetime,
) -> str:
    """Check the table, compare-and-set the new state and ``changes``, append the history
    and audit rows. Returns the previous state. Call inside ``transaction.atomic``."""
    row = check(action, item.state, actors_for(actor, item))
    previous = item.state
    new_state = target_state(row, previous)
    fields = {"state": new_state, **(changes or {})}
    updated = Feedback.objects.filter(pk=item.pk, version=item.version).update(
        version=F("version") + 1, **fields
    )
    if updated != 1:
        raise FeedbackConflict()
    for name, value in fields.items():
        setattr(item, name, value)
    item.version += 1
    FeedbackEvent.objects.create(
        feedback=item,
        at=now,
        action=action,
        from_state=previous,
        to_state=new_state,
        actor=_user(actor),
        note=note[:4000],
    )
    record_audit(
        actor,
        f"feedback.{action}",
        item,
        f"{item.code}: {FeedbackAction.label(action)}",
        {"from": previous, "to": new_state},
    )
    return previous


def _open_step(item: Feedback, kind: str, start: datetime) -> FeedbackStep:
    days = limits.limit_days(kind)
    return FeedbackStep.objects.create(
        feedback=item,
        kind=kind,
        limit_days=days,
        started_at=start,
        due_at=limits.due_after(start, days, item.unit),
    )


def _current(item: Feedback, kind: str) -> FeedbackStep | None:
    return (
        item.steps.filter(kind=kind, finished_at__isnull=True, cancelled=False)
        .order_by("-started_at", "-pk")
        .first()
    )


def _finish(step: FeedbackStep | None, now: datetime, *, scored: bool = True) -> bool | None:
    """Close ``step`` at ``now``: on time when ``now`` is not after its due time (a step is
    late only once its due instant has passed). An unscored step (closed by an outcome that
    has a limit of its own) is cancelled."""
    if step is None:
        return None
    step.finished_at = now
    if scored:
        step.on_time = now <= step.due_at
    else:
        step.cancelled = True
    step.save(update_fields=["finished_at", "on_time", "cancelled", "kind", "limit_days", "due_at"])
    return step.on_time


def _mark_late(item: Feedback, on_time: bool | None) -> dict[str, Any]:
    return {"is_late": True} if on_time is False and not item.is_late else {}


def _locked(item: Feedback) -> Feedback:
    """Read the item again inside the transaction (the row lock on PostgreSQL)."""
    fresh = (
        Feedback.objects.select_for_update(of=("self",))
        .select_related("unit", "handler")
        .get(pk=item.pk)
    )
    if fresh.version != item.version:
        raise FeedbackConflict()
    return fresh


def _sync(target: Feedback, source: Feedback) -> None:
    for field in Feedback._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))


# -- assignment and classification -----------------------------------------------------------


def do_assign(
    item: Feedback, *, actor: Any, unit: Unit | None = None, handler: User | None = None
) -> Feedback:
    """Giao xử lý: to a unit of the item's unit subtree and, optionally, a handler who is a
    member of that unit."""
    now = timezone.now()
    target = unit or item.unit
    if not target.path.startswith(item.unit.path) and target.pk != item.unit_id:
        raise invalid("invalid_unit", _("Chỉ giao cho đơn vị trực thuộc."))
    if (
        handler is not None
        and not Membership.objects.active().filter(user=handler, unit=target).exists()
    ):
        raise invalid("invalid_handler", _("Người xử lý không thuộc đơn vị được giao."))
    with transaction.atomic():
        fresh = _locked(item)
        note = f"{target.code} {handler.username if handler else ''}".strip()
        _apply(
            fresh,
            A.ASSIGN,
            actor,
            note=note,
            changes={"unit_id": target.pk, "handler_id": handler.pk if handler else None},
            now=now,
        )
        fresh.unit, fresh.handler = target, handler
        notify_officers(
            fresh,
            _("Được giao xử lý phản ánh, kiến nghị %(code)s.") % {"code": fresh.code},
            [handler] if handler else None,
        )
    _sync(item, fresh)
    item.unit, item.handler = target, handler
    return item


def _close_classification(
    item: Feedback, action: str, actor: Any, *, reason: str, changes: dict[str, Any], kind: str
) -> Feedback:
    """Not accepted / routed / forwarded: the classification step becomes the refusal (or
    forwarding) step with its own limit from receipt; the handling step is not scored."""
    now = timezone.now()
    with transaction.atomic():
        fresh = _locked(item)
        step = _current(fresh, StepKind.CLASSIFY)
        on_time = None
        if step is not None:
            step.kind = kind
            step.limit_days = limits.limit_days(kind)
            step.due_at = limits.due_after(step.started_at, step.limit_days, fresh.unit)
            on_time = _finish(step, now)
        _finish(_current(fresh, StepKind.HANDLE), now, scored=False)
        _apply(
            fresh,
            action,
            actor,
            note=reason,
            changes={**changes, "closed_at": now, **_mark_late(fresh, on_time)},
            now=now,
        )
        notify_sender(
            fresh,
            _("Phản ánh, kiến nghị %(code)s: %(state)s. %(reason)s")
            % {"code": fresh.code, "state": FeedbackState.label(fresh.state), "reason": reason},
        )
    _sync(item, fresh)
    return item


def _reason(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise invalid("reason_required", message)
    return text


def do_not_accept(item: Feedback, *, actor: Any, reason: str) -> Feedback:
    """Không tiếp nhận, with the reason (refuse ≤ 2 working days)."""
    reason = _reason(reason, _("Nêu lý do không tiếp nhận."))
    return _close_classification(
        item, A.NOT_ACCEPT, actor, reason=reason, changes={"reason": reason}, kind=StepKind.REFUSE
    )


def do_route(item: Feedback, *, actor: Any, reason: str) -> Feedback:
    """A complaint or a denunciation: not handled as feedback; the sender is told to use
    the Luật Khiếu nại 2011 / Luật Tố cáo 2018 procedure (within the refusal limit)."""
    reason = _reason(reason, _("Hướng dẫn người gửi thực hiện theo pháp luật khiếu nại, tố cáo."))
    return _close_classification(
        item, A.ROUTE, actor, reason=reason, changes={"reason": reason}, kind=StepKind.REFUSE
    )


def do_forward(item: Feedback, *, actor: Any, forwarded_to: str, reason: str = "") -> Feedback:
    """Outside competence: forwarded to the competent body within 5 working days of
    receipt (NĐ 20/2008/NĐ-CP Điều 9, as amended by 48/2013/NĐ-CP)."""
    forwarded_to = _reason(forwarded_to, _("Nêu cơ quan có thẩm quyền nhận chuyển."))
    return _close_classification(
        item,
        A.FORWARD,
        actor,
        reason=reason or forwarded_to,
        changes={"forwarded_to": forwarded_to[:255], "reason": reason},
        kind=StepKind.FORWARD,
    )


def do_accept(item: Feedback, *, actor: Any, note: str = "") -> Feedback:
    """Within competence: handling goes on; the classification window closes unscored
    (the handling step, ≤ 15 working days from receipt, scores the item)."""
    now = timezone.now()
    with transaction.atomic():
        fresh = _locked(item)
        _finish(_current(fresh, StepKind.CLASSIFY), now, scored=False)
        _apply(fresh, A.ACCEPT, actor, note=note, now=now)
    _sync(item, fresh)
    return item


# -- handling --------------------------------------------------------------------------------


def do_ask_more(item: Feedback, *, actor: Any, question: str) -> Feedback:
    """Đề nghị bổ sung thông tin: once per round, within 5 working days of the round's
    start; the clock of the handling step stops until the sender answers."""
    question = _reason(question, _("Nêu thông tin cần người gửi bổ sung."))
    now = timezone.now()
    with transaction.atomic():
        fresh = _locked(item)
        handle = _current(fresh, StepKind.HANDLE)
        start = handle.started_at if handle else fresh.received_at
        if fresh.steps.filter(kind=StepKind.ASK_MORE, started_at__gte=start).exists():
            raise TransitionRefused(
                "already_asked", _("Chỉ được đề nghị bổ sung thông tin một lần.")
            )
        days = limits.limit_days(StepKind.ASK_MORE)
        step = FeedbackStep.objects.create(
            feedback=fresh,
            kind=StepKind.ASK_MORE,
            limit_days=days,
            started_at=start,
            due_at=limits.due_after(start, days, fresh.unit),
        )
        on_time = _finish(step, now)
        _apply(
            fresh,
            A.ASK_MORE,
            actor,
            note=question,
            changes={"question": question, "paused_since": now, **_mark_late(fresh, on_time)},
            now=now,
        )
        notify_sender(
            fresh,
            _("Phản ánh, kiến nghị %(code)s cần bổ sung thông tin: %(q)s")
            % {"code": fresh.code, "q": question},
        )
    _sync(item, fresh)
    return item


def do_provide_more(item: Feedback, *, actor: Any, content: str) -> Feedback:
    """The sender's answer (online, or told to the desk): the handling clock resumes and
    its due time moves by the office time spent waiting."""
    content = _reason(content, _("Nhập thông tin bổ sung."))
    now = timezone.now()
    with transaction.atomic():
        fresh = _locked(item)
        handle = _current(fresh, StepKind.HANDLE)
        changes: dict[str, Any] = {"more_information": content, "paused_since": None}
        if handle is not None and fresh.paused_since is not None:
            pause = engine.Pause(fresh.paused_since, now)
            handle.due_at = limits.due_after(
                handle.started_at, handle.limit_days, fresh.unit, (pause,)
            )
            handle.save(update_fields=["due_at"])
            changes["handling_due_at"] = handle.due_at
        _apply(fresh, A.PROVIDE_MORE, actor, note=content, changes=changes, now=now)
        notify_officers(
            fresh, _("Người gửi đã bổ sung thông tin cho %(code)s.") % {"code": fresh.code}
        )
    _sync(item, fresh)
    return item


def do_answer(item: Feedback, *, actor: Any, answer: str) -> Feedback:
    """Trả lời: the handling step ends (on time or late); with the sender's consent the
    publication step starts (≤ 2 working days)."""
    answer = _reason(answer, _("Nhập nội dung trả lời."))
    now = timezone.now()
    with transaction.atomic():
        fresh = _locked(item)
        on_time = _finish(_current(fresh, StepKind.HANDLE), now)
        _apply(
            fresh,
            A.ANSWER,
            actor,
            note=answer,
            changes={"answer": answer, "answered_at": now, **_mark_late(fresh, on_time)},
            now=now,
        )
        if fresh.publish_consent:
            _open_step(fresh, StepKind.PUBLISH, now)
        notify_sender(
            fresh,
            _("Phản ánh, kiến nghị %(code)s đã được trả lời: %(a)s")
            % {"code": fresh.code, "a": answer[:300]},
        )
    _sync(item, fresh)
    return item


def personal_data(item: Feedback) -> list[str]:
    """The sender's details that must never appear on the public page."""
    values = [item.sender_name, item.sender_phone, item.sender_email]
    # The phone is stored as +84…; people write it 0905… (display_phone) or 84905….
    values.append(display_phone(item.sender_phone))
    digits = re.sub(r"\D", "", item.sender_phone)
    if len(digits) >= 8:
        values.append(digits)
    # Longest first, so that "+84905…" goes before its "84905…" inside it.
    values.sort(key=len, reverse=True)
    return [v for v in values if v and len(v.strip()) >= 3]


def redact(text: str, item: Feedback) -> str:
    """``text`` with the sender's name, phone and e-mail replaced by "***"."""
    for value in personal_data(item):
        text = re.sub(re.escape(value), "***", text, flags=re.IGNORECASE)
    return text


def do_publish(
    item: Feedback,
    *,
    actor: Any,
    public_title: str = "",
    public_question: str = "",
    public_answer: str = "",
) -> Feedback:
    """Công khai: with the sender's consent only, and with his personal data removed (the
    texts default to the item's own, redacted; the sender's name, phone and e-mail are
    replaced wherever they occur)."""
    now = timezone.now()
    with transaction.atomic():
        fresh = _locked(item)
        if not fresh.publish_consent:
            raise invalid("no_consent", _("Người gửi không đồng ý công khai kết quả."))
        title = redact((public_title or fresh.title).strip(), fresh)
        question = redact((public_question or fresh.content).strip(), fresh)
        answer = redact((public_answer or fresh.answer).strip(), fresh)
        on_time = _finish(_current(fresh, StepKind.PUBLISH), now)
        _apply(
            fresh,
            A.PUBLISH,
            actor,
            changes={
                "public_title": title[:255],
                "public_question": question,
                "public_answer": answer,
                "published_at": now,
                "search_text": fold(f"{title} {question} {answer} {fresh.code}"),
                **_mark_late(fresh, on_time),
            },
            now=now,
        )
        notify_sender(fresh, _("Kết quả xử lý %(code)s đã được công khai.") % {"code": fresh.code})
    _sync(item, fresh)
    return item


def do_close(item: Feedback, *, actor: Any, note: str = "") -> Feedback:
    """Kết thúc. An item waiting for the sender may be closed when he never answered."""
    now = timezone.now()
    with transaction.atomic():
        fresh = _locked(item)
        for kind in (StepKind.PUBLISH, StepKind.HANDLE):
            _finish(_current(fresh, kind), now, scored=False)
        _apply(
            fresh,
            A.CLOSE,
            actor,
            note=note,
            changes={"closed_at": now, "paused_since": None},
            now=now,
        )
    _sync(item, fresh)
    return item


def do_reopen(item: Feedback, *, actor: Any, reason: str) -> Feedback:
    """The sender says the answer did not resolve it: handled again (a new handling step of
    the full limit from now), once only. The item stays "re-raised" for 766 indicator 5.3."""
    reason = _reason(reason, _("Nêu lý do kết quả chưa giải quyết được phản ánh, kiến nghị."))
    now = timezone.now()
    with transaction.atomic():
        fresh = _locked(item)
        check(A.REOPEN, fresh.state, actors_for(actor, fresh))
        if fresh.reopen_count >= 1:
            raise TransitionRefused(
                "already_reopened", _("Phản ánh, kiến nghị chỉ được đề nghị xử lý lại một lần.")
            )
        _finish(_current(fresh, StepKind.PUBLISH), now, scored=False)
        handle = _open_step(fresh, StepKind.HANDLE, now)
        _apply(
            fresh,
            A.REOPEN,
            actor,
            note=reason,
            changes={
                "reopen_count": fresh.reopen_count + 1,
                "handling_due_at": handle.due_at,
                "closed_at": None,
            },
            now=now,
        )
        notify_officers(
            fresh,
            _("Người gửi đề nghị xử lý lại %(code)s: %(r)s") % {"code": fresh.code, "r": reason},
        )
    _sync(item, fresh)
    return item


def do_rate(item: Feedback, *, actor: Any, satisfied: bool) -> Feedback:
    """The sender's satisfaction with the answer (766 indicator 5.3 counts the dissatisfied)."""
    now = timezone.now()
    with transaction.atomic():
        fresh = _locked(item)
        _apply(
            fresh,
            A.RATE,
            actor,
            note=_("Hài lòng") if satisfied else _("Không hài lòng"),
            changes={"satisfied": satisfied},
            now=now,
        )
    _sync(item, fresh)
    return item
