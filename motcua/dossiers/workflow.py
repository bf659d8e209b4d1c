"""The dossier workflow as one table, checked in one place.

Each row: the action, the states it may start from, the state it leads to (``None``:
stays in the same state), who may perform it, and the form it produces. Sources:
Nghị định 61/2018/NĐ-CP Điều 15–21 as amended by 107/2021/NĐ-CP, replaced from 2025 by
Nghị định 118/2025/NĐ-CP (receipt, supplement once, refusal, apology and new appointment,
stop on request); Thông tư 01/2018/TT-VPCP / 03/2025/TT-VPCP (the forms).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from motcua.dossiers.choices import Action, Actor, DossierState, FormKind

S = DossierState
A = Action
R = Actor


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str | None]
    target: str | None
    actors: frozenset[str]
    form: str | None = None


def _t(
    action: str,
    sources: set[str | None],
    target: str | None,
    actors: set[str],
    form: str | None = None,
) -> Transition:
    return Transition(action, frozenset(sources), target, frozenset(actors), form)


TRANSITIONS: tuple[Transition, ...] = (
    # A paper dossier is received at the desk: it comes into existence as received.
    _t(A.RECEIVE, {None}, S.RECEIVED, {R.CLERK}, FormKind.RECEIPT),
    # Online submissions wait for the desk to accept them (≤ 8 working hours, seed 003).
    _t(A.ACCEPT, {S.NEW}, S.RECEIVED, {R.CLERK}, FormKind.RECEIPT),
    _t(A.NOT_ACCEPT, {S.NEW}, S.NOT_ACCEPTED, {R.CLERK}, FormKind.REFUSAL),
    _t(A.WITHDRAW, {S.NEW}, S.WITHDRAWN, {R.CLERK, R.APPLICANT}),
    # Hand-over to the next processing step; each one is a row of the control sheet.
    _t(
        A.HAND_ON,
        {S.RECEIVED, S.IN_PROCESS},
        S.IN_PROCESS,
        {R.CLERK, R.SPECIALIST, R.UNIT_HEAD},
        FormKind.CONTROL_SHEET,
    ),
    _t(
        A.REQUEST_SUPPLEMENT,
        {S.IN_PROCESS},
        S.SUPPLEMENT_REQUESTED,
        {R.SPECIALIST, R.UNIT_HEAD},
        FormKind.SUPPLEMENT,
    ),
    _t(A.ANSWER_SUPPLEMENT, {S.SUPPLEMENT_REQUESTED}, S.IN_PROCESS, {R.CLERK, R.APPLICANT}),
    _t(A.REQUIRE_PAYMENT, {S.IN_PROCESS}, S.AWAITING_PAYMENT, {R.SPECIALIST, R.UNIT_HEAD}),
    # Only two things mark a fee paid: the clerk recording a payment taken at the desk
    # (with its method, amount and receipt number: payments.desk) and the gateway's
    # verified callback. The applicant never does it himself.
    _t(A.RECORD_PAYMENT, {S.AWAITING_PAYMENT}, S.IN_PROCESS, {R.CLERK, R.GATEWAY}),
    # The apology letter does not change the state; only the unit head may issue it.
    _t(
        A.APOLOGISE,
        {S.RECEIVED, S.IN_PROCESS, S.SUPPLEMENT_REQUESTED, S.AWAITING_PAYMENT},
        None,
        {R.UNIT_HEAD},
        FormKind.APOLOGY,
    ),
    _t(A.REFUSE, {S.RECEIVED, S.IN_PROCESS}, S.REFUSED, {R.UNIT_HEAD}, FormKind.REFUSAL),
    # Stop at the applicant's request while no result exists: the request may come from
    # the applicant online (the system issues the stop notice) or through the desk.
    _t(A.STOP, set(S.STOPPABLE), S.STOPPED, {R.CLERK, R.UNIT_HEAD, R.APPLICANT}, FormKind.STOP),
    _t(A.COMPLETE, {S.IN_PROCESS}, S.PROCESSED, {R.UNIT_HEAD}),
    _t(A.RETURN_RESULT, {S.PROCESSED, S.REFUSED}, S.DELIVERED, {R.CLERK}),
)

BY_ACTION: dict[str, Transition] = {t.action: t for t in TRANSITIONS}


class TransitionRefused(Exception):
    """The table does not allow this action now, or not to this actor."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def check(action: str, state: str | None, actors: set[str]) -> Transition:
    """The one place where the table is consulted. Returns the row or raises."""
    row = BY_ACTION.get(action)
    if row is None:
        raise TransitionRefused("unknown_action", _("Thao tác không tồn tại."))
    if state not in row.sources:
        raise TransitionRefused(
            "invalid_transition",
            _("Không thể “%(action)s” khi hồ sơ đang ở trạng thái “%(state)s”.")
            % {"action": Action.label(action), "state": DossierState.label(state or "")},
        )
    if not (row.actors & actors):
        raise TransitionRefused(
            "forbidden",
            _("Bạn không có vai trò được phép “%(action)s” hồ sơ này.")
            % {"action": Action.label(action)},
        )
    return row


def target_state(row: Transition, current: str | None) -> str:
    return row.target if row.target is not None else (current or "")
