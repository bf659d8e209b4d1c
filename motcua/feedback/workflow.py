"""The handling of feedback as one table, checked in one place (like the dossiers').

Each row: the action, the states it may start from (``None``: the item does not exist
yet), the state it leads to (``None``: stays where it is) and who may perform it. Source:
Nghị định 20/2008/NĐ-CP as amended by Nghị định 48/2013/NĐ-CP — receive and log, classify
(not accepted with the reason; a complaint or a denunciation goes under the Luật Khiếu nại
2011 / Luật Tố cáo 2018 and the sender is told so; within competence; outside competence,
forwarded to the competent body within 5 working days, Điều 9), handle and answer,
publish the answer. The sender's "not resolved" reopens an answered item once.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from motcua.feedback.choices import FeedbackAction, FeedbackActor, FeedbackState

S = FeedbackState
A = FeedbackAction
R = FeedbackActor


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str | None]
    target: str | None
    actors: frozenset[str]


def _t(action: str, sources: set[str | None], target: str | None, actors: set[str]) -> Transition:
    return Transition(action, frozenset(sources), target, frozenset(actors))


CLASSIFIERS = {R.SPECIALIST, R.HANDLER, R.UNIT_HEAD}
HANDLERS = {R.HANDLER, R.UNIT_HEAD}
ANSWERED: set[str | None] = {S.ANSWERED, S.PUBLISHED, S.CLOSED}

TRANSITIONS: tuple[Transition, ...] = (
    # From the portal (the sender himself), the desk or the hotline (a clerk types it).
    _t(A.RECEIVE, {None}, S.RECEIVED, {R.SENDER, R.CLERK}),
    # The unit head gives the item to a unit of his subtree and a handler there.
    _t(A.ASSIGN, {S.RECEIVED, S.ACCEPTED}, None, {R.UNIT_HEAD}),
    # Classification (NĐ 20/2008 as amended).
    _t(A.NOT_ACCEPT, {S.RECEIVED}, S.NOT_ACCEPTED, CLASSIFIERS),
    _t(A.ROUTE, {S.RECEIVED}, S.ROUTED, CLASSIFIERS),
    _t(A.FORWARD, {S.RECEIVED}, S.FORWARDED, CLASSIFIERS),
    _t(A.ACCEPT, {S.RECEIVED}, S.ACCEPTED, CLASSIFIERS),
    # Handling within competence: ask the sender once, answer, publish, close.
    _t(A.ASK_MORE, {S.ACCEPTED}, S.WAITING_SENDER, HANDLERS),
    _t(A.PROVIDE_MORE, {S.WAITING_SENDER}, S.ACCEPTED, {R.SENDER, R.CLERK}),
    _t(A.ANSWER, {S.ACCEPTED}, S.ANSWERED, HANDLERS),
    _t(A.PUBLISH, {S.ANSWERED}, S.PUBLISHED, HANDLERS),
    _t(A.CLOSE, {S.ANSWERED, S.PUBLISHED, S.WAITING_SENDER}, S.CLOSED, HANDLERS),
    # The sender says the answer did not resolve it (once: actions.do_reopen checks).
    _t(A.REOPEN, ANSWERED, S.ACCEPTED, {R.SENDER, R.CLERK}),
    _t(A.RATE, ANSWERED, None, {R.SENDER}),
)

BY_ACTION: dict[str, Transition] = {t.action: t for t in TRANSITIONS}


class TransitionRefused(Exception):
    """The table does not allow this action now, or not to this actor."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def check(action: str, state: str | None, actors: set[str]) -> Transition:
    """The one place where the table is consulted: the row, or ``TransitionRefused``."""
    row = BY_ACTION.get(action)
    if row is None:
        raise TransitionRefused("unknown_action", _("Thao tác không tồn tại."))
    if state not in row.sources:
        raise TransitionRefused(
            "invalid_transition",
            _("Không thể “%(action)s” khi phản ánh, kiến nghị đang ở trạng thái “%(state)s”.")
            % {"action": FeedbackAction.label(action), "state": FeedbackState.label(state or "")},
        )
    if not (row.actors & actors):
        raise TransitionRefused(
            "forbidden",
            _("Bạn không có vai trò được phép “%(action)s” phản ánh, kiến nghị này.")
            % {"action": FeedbackAction.label(action)},
        )
    return row


def target_state(row: Transition, current: str | None) -> str:
    return row.target if row.target is not None else (current or "")
