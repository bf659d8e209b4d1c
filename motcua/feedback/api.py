"""Feedback over /api/v1/feedback.

For everybody (no login): ``POST /feedback`` (rate-limited) → 201 ``{"code", "secret"}``;
``GET /feedback/{code}?secret=…`` → ``{"code", "state", "received_at", "handling_due_at",
"steps"}`` (404 without the right secret); ``GET /feedback/published``; the sender's own
actions with the secret (``reopen``, ``more-information``, ``rate``).

For staff (token or session, ``motcua.org.tokens.staff_auth``): ``GET /feedback/staff``,
``GET /feedback/staff/{code}`` and one ``POST /feedback/staff/{code}/{action}`` per
handling action; the simplification proposals under ``/feedback/proposals``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from motcua.core.api import ApiError, ErrorOut
from motcua.core.inputs import (
    EMAIL_MAX,
    Code,
    Id,
    Limit,
    LongText,
    Name,
    Note,
    Offset,
    Phone,
    Search,
    Secret,
    Title,
    Version,
)
from motcua.core.querysets import get_restricted_or_404
from motcua.feedback import actions, dispatch, intake, proposals, selectors
from motcua.feedback.choices import FeedbackAction, FeedbackState, StepKind
from motcua.feedback.models import Feedback, SimplificationProposal
from motcua.feedback.views import rate_limited
from motcua.feedback.workflow import TransitionRefused
from motcua.org.models import Unit
from motcua.org.tokens import staff_auth
from motcua.procedures.models import Procedure

router = Router(tags=["feedback"])

_FORBIDDEN = {"forbidden"}


def _refused(exc: TransitionRefused) -> ApiError:
    return ApiError(exc.code, exc.message, 403 if exc.code in _FORBIDDEN else 409)


def _conflict(exc: actions.FeedbackConflict) -> ApiError:
    return ApiError("conflict", exc.message, 409)


ERRORS: dict[type[Exception], Callable[[Any], ApiError]] = {
    TransitionRefused: _refused,
    actions.FeedbackConflict: _conflict,
}


# -- schemas ---------------------------------------------------------------------------------


class FeedbackIn(Schema):
    title: Title
    content: LongText
    name: Name
    phone: Phone = ""
    email: str = Field("", max_length=EMAIL_MAX)
    unit: Code | None = None
    dossier_code: Code | None = None
    procedure: Code | None = None
    publish_consent: bool = True


class ReceiptOut(Schema):
    code: str
    secret: str


class FeedbackStepOut(Schema):
    kind: str
    label: str
    limit_days: int
    started_at: datetime
    due_at: datetime
    finished_at: datetime | None
    on_time: bool | None
    counted: bool


class TrackOut(Schema):
    code: str
    state: str
    received_at: datetime
    handling_due_at: datetime | None
    steps: list[FeedbackStepOut]


class PublishedOut(Schema):
    code: str
    title: str
    question: str
    answer: str
    unit: str
    published_at: datetime


class SenderIn(Schema):
    secret: Secret


class ReopenIn(SenderIn):
    reason: Note


class MoreInformationIn(SenderIn):
    content: LongText


class RateIn(SenderIn):
    satisfied: bool


class StaffActionIn(Schema):
    version: Version | None = None
    reason: Note = ""
    forwarded_to: Title = ""
    question: LongText = ""
    content: LongText = ""
    answer: LongText = ""
    public_title: Title = ""
    public_question: LongText = ""
    public_answer: LongText = ""
    note: Note = ""
    unit: Code = ""
    handler: Code = ""


class StaffOut(Schema):
    code: str
    version: int
    state: str
    state_label: str
    channel: str
    title: str
    content: str
    sender_name: str
    sender_phone: str
    sender_email: str
    unit: str
    handler: str | None
    dossier_code: str | None
    procedure: str | None
    reason: str
    forwarded_to: str
    question: str
    more_information: str
    answer: str
    public_answer: str
    published_at: datetime | None
    reopen_count: int
    satisfied: bool | None
    is_late: bool
    received_at: datetime
    handling_due_at: datetime | None
    steps: list[FeedbackStepOut]


# Working days, to one decimal (a half day); a number in the schema (bounded), a Decimal
# for the rules (_days).
Days = Annotated[float, Field(ge=0, le=10_000, multiple_of=0.5)]


def _days(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


class ProposalIn(Schema):
    procedure: Code
    unit: Code
    kind: Code
    summary: LongText
    feedback: Code | None = None
    days_before: Days | None = None
    days_after: Days | None = None


class DecisionIn(Schema):
    decision: Note = ""
    days_after: Days | None = None


class ProposalOut(Schema):
    id: int
    procedure: str
    unit: str
    kind: str
    state: str
    summary: str
    feedback: str | None
    days_before: Decimal | None
    days_after: Decimal | None
    days_saved: Decimal


class ProposalsOut(Schema):
    procedures_cut: int
    days_before: Decimal
    days_saved: Decimal
    rate: float | None
    proposals: list[ProposalOut]


# -- helpers ---------------------------------------------------------------------------------


def _local(value: datetime | None) -> datetime | None:
    return timezone.localtime(value) if value is not None else None


def _steps(item: Feedback) -> list[dict[str, Any]]:
    return [
        {
            "kind": s.kind,
            "label": StepKind.label(s.kind),
            "limit_days": s.limit_days,
            "started_at": _local(s.started_at),
            "due_at": _local(s.due_at),
            "finished_at": _local(s.finished_at),
            "on_time": s.on_time,
            "counted": not s.cancelled,
        }
        for s in item.steps.order_by("started_at", "pk")
    ]


def _tracked(code: Code, secret: str) -> Feedback:
    item = Feedback.objects.select_related("unit").filter(code=code).first()
    if item is None or not actions.secret_matches(item, secret):
        raise Http404
    return item


def _track_out(item: Feedback) -> dict[str, Any]:
    return {
        "code": item.code,
        "state": item.state,
        "received_at": _local(item.received_at),
        "handling_due_at": _local(item.handling_due_at),
        "steps": _steps(item),
    }


def _staff_out(item: Feedback) -> dict[str, Any]:
    return {
        "code": item.code,
        "version": item.version,
        "state": item.state,
        "state_label": FeedbackState.label(item.state),
        "channel": item.channel,
        "title": item.title,
        "content": item.content,
        "sender_name": item.sender_name,
        "sender_phone": item.sender_phone,
        "sender_email": item.sender_email,
        "unit": item.unit.code,
        "handler": item.handler.username if item.handler else None,
        "dossier_code": item.dossier.code if item.dossier else None,
        "procedure": item.procedure.code if item.procedure else None,
        "reason": item.reason,
        "forwarded_to": item.forwarded_to,
        "question": item.question,
        "more_information": item.more_information,
        "answer": item.answer,
        "public_answer": item.public_answer,
        "published_at": _local(item.published_at),
        "reopen_count": item.reopen_count,
        "satisfied": item.satisfied,
        "is_late": item.is_late,
        "received_at": _local(item.received_at),
        "handling_due_at": _local(item.handling_due_at),
        "steps": _steps(item),
    }


def _staff_item(request: HttpRequest, code: Code) -> Feedback:
    return get_restricted_or_404(
        Feedback.objects.select_related("unit", "handler", "dossier", "procedure"),
        request.user,
        "view",
        code=code,
    )


def _proposal_out(p: SimplificationProposal) -> dict[str, Any]:
    return {
        "id": p.pk,
        "procedure": p.procedure.code,
        "unit": p.unit.code,
        "kind": p.kind,
        "state": p.state,
        "summary": p.summary,
        "feedback": p.feedback.code if p.feedback else None,
        "days_before": p.days_before,
        "days_after": p.days_after,
        "days_saved": p.days_saved,
    }


ERR = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


# -- public ----------------------------------------------------------------------------------


@router.post("", response={201: ReceiptOut, 429: ErrorOut, **ERR}, auth=None)
def send_feedback(request: HttpRequest, payload: FeedbackIn) -> Any:
    """Gửi phản ánh, kiến nghị (no login needed; rate-limited per address)."""
    if rate_limited(request):
        raise ApiError("rate_limited", _("Quá nhiều phản ánh từ địa chỉ này. Thử lại sau."), 429)
    unit, dossier, procedure = intake.resolve_links(
        payload.unit or "", payload.dossier_code or "", payload.procedure or ""
    )
    item, secret = intake.do_receive_feedback(
        title=payload.title,
        content=payload.content,
        name=payload.name,
        phone=payload.phone,
        email=payload.email,
        unit=unit,
        actor=request.user,
        dossier=dossier,
        procedure=procedure,
        publish_consent=payload.publish_consent,
    )
    return Status(201, {"code": item.code, "secret": secret})


@router.get("/published", response=list[PublishedOut], auth=None)
def published(request: HttpRequest, q: Search = "", limit: Limit = 50, offset: Offset = 0) -> Any:
    """The published answers, searchable without diacritics; no personal data."""
    limit = max(1, min(limit, 200))
    rows = selectors.published(q).select_related("unit")[max(offset, 0) : max(offset, 0) + limit]
    return [
        {
            "code": r.code,
            "title": r.public_title,
            "question": r.public_question,
            "answer": r.public_answer,
            "unit": r.unit.name,
            "published_at": _local(r.published_at),
        }
        for r in rows
    ]


# -- staff (declared before /{code} so that "staff" and "proposals" are not codes) -------------


@router.get("/staff", response={200: list[StaffOut], **ERR}, auth=staff_auth)
def staff_list(request: HttpRequest, state: Code = "", q: Search = "", limit: Limit = 50) -> Any:
    rows = selectors.search(request.user, q, state).select_related("dossier", "procedure")
    return [_staff_out(i) for i in rows[: max(1, min(limit, 200))]]


@router.get("/proposals", response={200: ProposalsOut, **ERR}, auth=staff_auth)
def proposal_list(request: HttpRequest) -> Any:
    rows = list(
        SimplificationProposal.objects.filter(unit__in=Unit.objects.restrict(request.user, "view"))
        .select_related("procedure", "unit", "feedback")
        .order_by("-proposed_at")
    )
    saved = selectors.time_saved(rows)
    return {
        "procedures_cut": saved.procedures,
        "days_before": saved.days_before,
        "days_saved": saved.days_saved,
        "rate": round(saved.rate, 2) if saved.rate is not None else None,
        "proposals": [_proposal_out(p) for p in rows],
    }


@router.post("/proposals", response={201: ProposalOut, **ERR}, auth=staff_auth)
def propose(request: HttpRequest, payload: ProposalIn) -> Any:
    procedure = Procedure.objects.filter(code=payload.procedure).first()
    unit = Unit.objects.restrict(request.user, "view").filter(code=payload.unit).first()
    if procedure is None or unit is None:
        raise Http404
    item = _staff_item(request, payload.feedback) if payload.feedback else None
    proposal = proposals.do_propose_simplification(
        procedure=procedure,
        unit=unit,
        kind=payload.kind,
        summary=payload.summary,
        actor=request.user,
        feedback=item,
        days_before=_days(payload.days_before),
        days_after=_days(payload.days_after),
    )
    return Status(201, _proposal_out(proposal))


def _proposal(request: HttpRequest, pk: Id) -> SimplificationProposal:
    row = (
        SimplificationProposal.objects.filter(
            pk=pk, unit__in=Unit.objects.restrict(request.user, "view")
        )
        .select_related("procedure", "unit", "feedback")
        .first()
    )
    if row is None:
        raise Http404
    return row


@router.post("/proposals/{pk}/review", response={200: ProposalOut, **ERR}, auth=staff_auth)
def review_proposal(request: HttpRequest, pk: Id) -> Any:
    return _proposal_out(proposals.do_review_proposal(_proposal(request, pk), actor=request.user))


@router.post("/proposals/{pk}/approve", response={200: ProposalOut, **ERR}, auth=staff_auth)
def approve_proposal(request: HttpRequest, pk: Id, payload: DecisionIn) -> Any:
    return _proposal_out(
        proposals.do_decide_proposal(
            _proposal(request, pk),
            actor=request.user,
            approved=True,
            decision=payload.decision,
            days_after=_days(payload.days_after),
        )
    )


@router.post("/proposals/{pk}/reject", response={200: ProposalOut, **ERR}, auth=staff_auth)
def reject_proposal(request: HttpRequest, pk: Id, payload: DecisionIn) -> Any:
    return _proposal_out(
        proposals.do_decide_proposal(
            _proposal(request, pk), actor=request.user, approved=False, decision=payload.decision
        )
    )


@router.get("/staff/{code}", response={200: StaffOut, **ERR}, auth=staff_auth)
def staff_detail(request: HttpRequest, code: Code) -> Any:
    return _staff_out(_staff_item(request, code))


def _staff_endpoint(action: str) -> None:
    slug = action.replace("_", "-")

    def endpoint(request: HttpRequest, code: Code, payload: StaffActionIn) -> Any:
        item = _staff_item(request, code)
        if payload.version is not None and payload.version != item.version:
            raise actions.FeedbackConflict()
        dispatch.perform(item, action, request.user, payload.dict())
        try:
            return _staff_out(_staff_item(request, code))
        except Http404:  # assigned out of this officer's sight: answer with what he did
            return _staff_out(Feedback.objects.get(pk=item.pk))

    endpoint.__name__ = f"staff_{action}"
    endpoint.__doc__ = FeedbackAction.label(action)
    router.post(f"/staff/{{code}}/{slug}", response={200: StaffOut, **ERR}, auth=staff_auth)(
        endpoint
    )


for _action in dispatch.STAFF_ACTIONS:
    _staff_endpoint(_action)


# -- the sender, with the secret -----------------------------------------------------------------


@router.get("/{code}", response={200: TrackOut, **ERR}, auth=None)
def track(request: HttpRequest, code: Code, secret: Secret = "") -> Any:
    """For the sender: 404 without the right secret (the code alone reveals nothing)."""
    return _track_out(_tracked(code, secret))


@router.post("/{code}/reopen", response={200: TrackOut, **ERR}, auth=None)
def reopen(request: HttpRequest, code: Code, payload: ReopenIn) -> Any:
    """The answer did not resolve it: handled again, once."""
    item = actions.do_reopen(
        _tracked(code, payload.secret), actor=actions.SENDER, reason=payload.reason
    )
    return _track_out(item)


@router.post("/{code}/more-information", response={200: TrackOut, **ERR}, auth=None)
def more_information(request: HttpRequest, code: Code, payload: MoreInformationIn) -> Any:
    item = actions.do_provide_more(
        _tracked(code, payload.secret), actor=actions.SENDER, content=payload.content
    )
    return _track_out(item)


@router.post("/{code}/rate", response={200: TrackOut, **ERR}, auth=None)
def rate(request: HttpRequest, code: Code, payload: RateIn) -> Any:
    item = actions.do_rate(
        _tracked(code, payload.secret), actor=actions.SENDER, satisfied=payload.satisfied
    )
    return _track_out(item)
