"""One entry for the handling actions by name, shared by the staff pages and the staff API:
it reads the fields an action needs from a plain mapping and calls its ``do_<verb>``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from motcua.feedback import actions
from motcua.feedback.choices import FeedbackAction as A
from motcua.feedback.models import Feedback
from motcua.org.models import Unit, User


def _text(data: Mapping[str, Any], name: str) -> str:
    return str(data.get(name) or "").strip()


def _assign(item: Feedback, actor: Any, data: Mapping[str, Any]) -> Feedback:
    unit = None
    if _text(data, "unit"):
        unit = Unit.objects.filter(code=_text(data, "unit")).first()
        if unit is None:
            raise ValidationError(_("Không có đơn vị này."), code="unknown_unit")
    handler = None
    if _text(data, "handler"):
        handler = User.objects.filter(username=_text(data, "handler")).first()
        if handler is None:
            raise ValidationError(_("Không có cán bộ này."), code="unknown_user")
    return actions.do_assign(item, actor=actor, unit=unit, handler=handler)


STAFF_ACTIONS = (
    A.ASSIGN,
    A.NOT_ACCEPT,
    A.ROUTE,
    A.FORWARD,
    A.ACCEPT,
    A.ASK_MORE,
    A.PROVIDE_MORE,
    A.ANSWER,
    A.PUBLISH,
    A.CLOSE,
    A.REOPEN,
)


def perform(item: Feedback, action: str, actor: Any, data: Mapping[str, Any]) -> Feedback:
    """Run ``action`` on ``item``; ``TransitionRefused`` / ``ValidationError`` as raised."""
    t = lambda name: _text(data, name)  # noqa: E731
    calls = {
        A.ASSIGN: lambda: _assign(item, actor, data),
        A.NOT_ACCEPT: lambda: actions.do_not_accept(item, actor=actor, reason=t("reason")),
        A.ROUTE: lambda: actions.do_route(item, actor=actor, reason=t("reason")),
        A.FORWARD: lambda: actions.do_forward(
            item, actor=actor, forwarded_to=t("forwarded_to"), reason=t("reason")
        ),
        A.ACCEPT: lambda: actions.do_accept(item, actor=actor, note=t("note")),
        A.ASK_MORE: lambda: actions.do_ask_more(item, actor=actor, question=t("question")),
        A.PROVIDE_MORE: lambda: actions.do_provide_more(item, actor=actor, content=t("content")),
        A.ANSWER: lambda: actions.do_answer(item, actor=actor, answer=t("answer")),
        A.PUBLISH: lambda: actions.do_publish(
            item,
            actor=actor,
            public_title=t("public_title"),
            public_question=t("public_question"),
            public_answer=t("public_answer"),
        ),
        A.CLOSE: lambda: actions.do_close(item, actor=actor, note=t("note")),
        A.REOPEN: lambda: actions.do_reopen(item, actor=actor, reason=t("reason")),
    }
    call = calls.get(action)
    if call is None:
        raise actions.TransitionRefused("unknown_action", _("Thao tác không tồn tại."))
    return call()
