"""Dossiers over /api/v1/dossiers: intake, lists, one endpoint per transition, history and
forms. Staff authenticate with a token (``Authorization: Bearer …``) or their session.

Every write may carry the ``version`` the client last read: if the dossier changed since,
the answer is 409 ``conflict`` and nothing is written (compare-and-set over HTTP)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from motcua.core.api import ApiError, ErrorOut
from motcua.core.inputs import (
    ADDRESS_MAX,
    DOCUMENT_NAME_MAX,
    EMAIL_MAX,
    RESULT_SUMMARY_MAX,
    Amount,
    Code,
    IdNumber,
    Limit,
    Name,
    Note,
    Offset,
    Phone,
    Quantity,
    Search,
    Version,
    text,
)
from motcua.core.querysets import get_restricted_or_404
from motcua.dossiers import actions, intake, transitions
from motcua.dossiers.choices import Channel, DossierState
from motcua.dossiers.models import Dossier
from motcua.dossiers.workflow import TransitionRefused
from motcua.org.models import Unit, User, pinned_unit
from motcua.org.tokens import staff_auth
from motcua.procedures.models import Procedure

router = Router(tags=["dossiers"], auth=staff_auth)

# Refusals that concern the dossier's state answer 409; those about who acts, 403.
_FORBIDDEN_CODES = {"forbidden", "not_step_holder"}


def _refused(exc: TransitionRefused) -> ApiError:
    status = 403 if exc.code in _FORBIDDEN_CODES else 409
    return ApiError(exc.code, exc.message, status)


def _conflict(exc: transitions.DossierConflict) -> ApiError:
    return ApiError("conflict", exc.message, 409)


# The domain exceptions of this router and the API error each becomes (motcua/api.py
# registers them on the composed API).
ERRORS: dict[type[Exception], Callable[[Any], ApiError]] = {
    TransitionRefused: _refused,
    transitions.DossierConflict: _conflict,
}


# -- schemas -----------------------------------------------------------------------------------


class DossierStepOut(Schema):
    order: int
    name: str
    role: str
    unit: str
    handler: str | None
    started_at: datetime | None
    due_at: datetime | None
    finished_at: datetime | None
    on_time: bool | None


class DossierOut(Schema):
    code: str
    version: int
    procedure: str
    procedure_name: str
    state: str
    state_label: str
    national_state: int
    channel: str
    national_channel: int
    receiving_unit: str
    responsible_unit: str
    applicant_name: str
    applicant_id_number: str
    applicant_phone: str
    received_at: datetime | None
    due_at: datetime | None
    legal_due_at: datetime | None
    is_late: bool
    paused: bool
    supplement_count: int
    apology_count: int
    fee_amount: int
    result_summary: text(RESULT_SUMMARY_MAX)
    current_step: DossierStepOut | None


class EventOut(Schema):
    at: datetime
    action: str
    from_state: str
    to_state: str
    actor: str | None
    note: str
    from_step: int | None
    to_step: int | None
    step_due_at: datetime | None
    on_time: bool | None
    # What the action recorded beside the states: e.g. an apology's previous and new
    # appointment and whether it was issued late, the documents of a supplement.
    data: dict[str, Any] = {}


class FormOut(Schema):
    id: int
    kind: str
    issued_at: datetime
    html: str | None
    docx: str | None
    pdf: str | None


class ApplicantIn(Schema):
    name: Name = Field(min_length=1)
    # CCCD (12 digits), old CMND (9) or passport (C1234567); see motcua/core/inputs.py.
    id_number: IdNumber = ""
    # Vietnamese mobile or landline; stored as +84… .
    phone: Phone = ""
    email: text(EMAIL_MAX) = ""
    address: text(ADDRESS_MAX) = ""


class DocumentIn(Schema):
    name: text(DOCUMENT_NAME_MAX) = Field(min_length=1)
    copy_kind: Code = "original"
    quantity: Quantity = 1
    provided: bool = True


class ReceiveIn(Schema):
    procedure: Code
    unit: Code
    applicant: ApplicantIn
    documents: list[DocumentIn] = Field(max_length=100)
    sets: Quantity = 1
    channel: Code = Channel.IN_PERSON
    note: Note = ""


class ActionIn(Schema):
    """A transition's body: a JSON object (``_require_object``)."""

    version: Version | None = None
    note: Note = ""


class SupplementDocumentIn(Schema):
    name: text(DOCUMENT_NAME_MAX) = Field(min_length=1)
    required_document: Version | None = None


class AnswerSupplementIn(ActionIn):
    # Which documents came in (the desk's scans are uploaded on the dossier page).
    documents: list[SupplementDocumentIn] = Field(max_length=100)


class ReasonIn(ActionIn):
    reason: Note


class HandOnIn(ActionIn):
    to_user: Code | None = None


class SupplementIn(ReasonIn):
    force: bool = False


class PaymentIn(ActionIn):
    amount: Amount | None = None


class ApologyIn(ReasonIn):
    # Either the new appointment itself, or how many working days later than now's
    # appointment: the engine computes it (docs/dossiers.md, "Apology").
    new_due_at: datetime | None = None
    extra_working_days: Annotated[int, Field(ge=1, le=3650)] | None = None


class CompleteIn(ActionIn):
    result_summary: text(RESULT_SUMMARY_MAX)


class ReturnIn(ActionIn):
    method: Code = "desk"


class DossierFilters(Schema):
    code: Search = ""
    applicant: Search = ""
    procedure: Code = ""
    state: Code = ""
    received_from: date | None = None
    received_to: date | None = None
    late: bool | None = None
    limit: Limit = 50
    offset: Offset = 0
    cursor: Code = ""


# -- helpers -----------------------------------------------------------------------------------


def _local(value: datetime | None) -> datetime | None:
    """Answer in Vietnam time (+07:00), like the due-date endpoint."""
    return timezone.localtime(value) if value is not None else None


def _step(step: Any) -> dict[str, Any] | None:
    if step is None:
        return None
    return {
        "order": step.order,
        "name": step.name,
        "role": step.role,
        "unit": step.unit.code,
        "handler": step.handler.username if step.handler else None,
        "started_at": _local(step.started_at),
        "due_at": _local(step.due_at),
        "finished_at": _local(step.finished_at),
        "on_time": step.on_time,
    }


def _out(d: Dossier) -> dict[str, Any]:
    return {
        "code": d.code,
        "version": d.version,
        "procedure": d.procedure.code,
        "procedure_name": d.procedure.name,
        "state": d.state,
        "state_label": DossierState.label(d.state),
        "national_state": d.national_state,
        "channel": d.channel,
        "national_channel": Channel.NATIONAL_CODE[d.channel],
        "receiving_unit": d.receiving_unit.code,
        "responsible_unit": d.responsible_unit.code,
        "applicant_name": d.applicant_name,
        "applicant_id_number": d.applicant_id_number,
        "applicant_phone": d.applicant_phone,
        "received_at": _local(d.received_at),
        "due_at": _local(d.due_at),
        "legal_due_at": _local(d.legal_due_at),
        "is_late": d.is_late,
        "paused": d.paused_since is not None,
        "supplement_count": d.supplement_count,
        "apology_count": d.apology_count,
        "fee_amount": d.fee_amount,
        "result_summary": d.result_summary,
        "current_step": _step(d.current_step),
    }


def _queryset() -> Any:
    return Dossier.objects.select_related(
        "procedure",
        "receiving_unit",
        "responsible_unit",
        "current_step__unit",
        "current_step__handler",
    )


def _require_object(request: HttpRequest) -> None:
    """A transition's body is a JSON object: ``null``, a list or a scalar would otherwise
    be read as "no fields" and skip the version check. 400 ``invalid_input``."""
    if not request.body:
        return
    try:
        body = json.loads(request.body)
    except ValueError:
        return  # the parser answers unparsable bodies itself
    if not isinstance(body, dict):
        raise ApiError(
            "invalid_input",
            _("Dữ liệu gửi lên không hợp lệ."),
            details=[{"field": "", "error": _("Nội dung phải là một đối tượng JSON.")}],
        )


def _load(request: HttpRequest, code: Code, version: int | None = None) -> Dossier:
    dossier = get_restricted_or_404(_queryset(), request.user, "view", code=code)
    if version is not None and version != dossier.version:
        raise transitions.DossierConflict()
    return dossier


def _act(
    request: HttpRequest, code: Code, payload: ActionIn, call: Callable[[Dossier], Any]
) -> dict[str, Any]:
    _require_object(request)
    dossier = _load(request, code, payload.version)
    call(dossier)
    return _after(request, dossier)


def _after(request: HttpRequest, dossier: Dossier) -> dict[str, Any]:
    """The dossier as the action left it. An inter-agency unit that just handed its step
    back no longer sees the dossier: it still gets the answer to what it did."""
    try:
        return _out(_load(request, dossier.code))
    except Http404:
        return _out(_queryset().get(pk=dossier.pk))


def _iso_link(name: str, *args: Any) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


# -- endpoints ---------------------------------------------------------------------------------

RESPONSES = {
    200: DossierOut,
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
}


@router.post(
    "",
    response={
        201: DossierOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
    },
    summary="Tiếp nhận hồ sơ giấy",
)
def receive(request: HttpRequest, payload: ReceiveIn) -> Status:
    # The desk's own unit comes with the memberships the token check read: no query.
    unit = pinned_unit(request.user, payload.unit) or get_restricted_or_404(
        Unit.objects.all(), request.user, "view", code=payload.unit
    )
    procedure = get_restricted_or_404(
        Procedure.objects.for_intake(unit), request.user, "view", code=payload.procedure
    )
    if payload.channel not in (Channel.IN_PERSON, Channel.POSTAL):
        raise ApiError("invalid_channel", _("Hồ sơ giấy chỉ nhận trực tiếp hoặc qua bưu chính."))
    dossier = intake.do_receive_dossier(
        procedure=procedure,
        unit=unit,
        actor=request.user,
        channel=payload.channel,
        applicant=intake.Applicant(**payload.applicant.dict()),
        documents=[intake.ReceivedDocument(**d.dict()) for d in payload.documents],
        sets=payload.sets,
        note=payload.note,
    )
    # The intake returns the dossier with its relations in memory: no read-back.
    return Status(201, _out(dossier))


def _cursor(dossier: Dossier) -> str:
    """The keyset position after ``dossier`` in the list's order (submission time, id)."""
    return f"{int(dossier.submitted_at.timestamp() * 1_000_000)}.{dossier.pk}"


def _from_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        micros, pk = cursor.split(".")
        when = datetime.fromtimestamp(int(micros) / 1_000_000, tz=UTC)
        return when, int(pk)
    except ValueError:
        raise ApiError("invalid_cursor", _("Con trỏ trang (cursor) không hợp lệ.")) from None


@router.get(
    "", response={200: list[DossierOut], 400: ErrorOut, 401: ErrorOut}, summary="Danh sách hồ sơ"
)
def list_dossiers(
    request: HttpRequest, response: HttpResponse, filters: Query[DossierFilters]
) -> list[dict[str, Any]]:
    """Newest first. Paging: ``offset`` up to 10.000, or the keyset ``cursor`` given in the
    ``X-Next-Cursor`` header of the previous page (any depth at the same cost)."""
    from motcua.core.paging import MAX_OFFSET
    from motcua.dossiers.search import applicant_q, local_midnight, newest_ids

    qs = _queryset().restrict(request.user, "view").order_by("-submitted_at", "-id")
    if filters.code:
        qs = qs.filter(code__icontains=filters.code)
    if filters.procedure:
        qs = qs.filter(procedure__code=filters.procedure)
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.received_from:
        qs = qs.filter(received_at__gte=local_midnight(filters.received_from))
    if filters.received_to:
        qs = qs.filter(received_at__lt=local_midnight(filters.received_to + timedelta(days=1)))
    if filters.late is not None:
        qs = qs.filter(is_late=filters.late)
    limit = max(1, min(filters.limit, 500))
    offset = max(0, filters.offset)
    if filters.cursor:
        when, pk = _from_cursor(filters.cursor)
        qs = qs.filter(submitted_at__lte=when).exclude(submitted_at=when, pk__gte=pk)
        offset = 0
    elif offset > MAX_OFFSET:
        raise ApiError(
            "offset_too_large",
            _("offset tối đa %(n)d: dùng cursor (tiêu đề X-Next-Cursor) để đọc tiếp.")
            % {"n": MAX_OFFSET},
        )
    name = filters.applicant.strip()
    if not name:
        rows = list(qs[offset : offset + limit + 1])
    else:
        # As the officers' search reads its page (motcua.dossiers.search, docs/performance.md
        # "Search"): the matches up to a bound sorted in one read, a common name among the
        # newest rows, else the newest-first index walked; the planner alone chose badly
        # between the last two for names of some tens of thousands of matches.
        others = qs
        qs = qs.filter(applicant_q(name))
        found = newest_ids(qs, lambda: others, name, offset, limit + 1)
        if found is None:
            rows = list(qs[offset : offset + limit + 1])
        else:
            rows = list(_queryset().filter(pk__in=found[0]).order_by("-submitted_at", "-id"))
    if len(rows) > limit:
        response["X-Next-Cursor"] = _cursor(rows[limit - 1])
    return [_out(d) for d in rows[:limit]]


@router.get("/{code}", response=RESPONSES, summary="Một hồ sơ")
def get_dossier(request: HttpRequest, code: Code) -> dict[str, Any]:
    return _out(_load(request, code))


@router.get(
    "/{code}/history",
    response={200: list[EventOut], 401: ErrorOut, 404: ErrorOut},
    summary="Lịch sử xử lý",
)
def history(request: HttpRequest, code: Code) -> list[dict[str, Any]]:
    dossier = _load(request, code)
    return [
        {
            "at": _local(e.at),
            "action": e.action,
            "from_state": e.from_state,
            "to_state": e.to_state,
            "actor": e.actor.username if e.actor else None,
            "note": e.note,
            "from_step": e.from_step.order if e.from_step else None,
            "to_step": e.to_step.order if e.to_step else None,
            "step_due_at": _local(e.step_due_at),
            "on_time": e.on_time,
            "data": {k: v for k, v in (e.data or {}).items() if k != "to_user"}
            if isinstance(e.data, dict)
            else {},
        }
        for e in dossier.events.select_related("actor", "from_step", "to_step")
    ]


@router.get(
    "/{code}/forms",
    response={200: list[FormOut], 401: ErrorOut, 404: ErrorOut},
    summary="Biểu mẫu đã phát hành",
)
def forms(request: HttpRequest, code: Code) -> list[dict[str, Any]]:
    dossier = _load(request, code)
    result = []
    for form in dossier.forms.all():
        html = _iso_link("dossiers:form", dossier.code, form.pk)
        result.append(
            {
                "id": form.pk,
                "kind": form.kind,
                "issued_at": _local(form.issued_at),
                "html": html,
                "docx": _iso_link("dossiers:form_docx", dossier.code, form.pk),
                "pdf": _iso_link("dossiers:form_pdf", dossier.code, form.pk),
            }
        )
    return result


@router.post("/{code}/accept", response=RESPONSES, summary="Tiếp nhận hồ sơ trực tuyến")
def accept(request: HttpRequest, code: Code, payload: ActionIn) -> dict[str, Any]:
    return _act(
        request,
        code,
        payload,
        lambda d: intake.do_accept_online(d, actor=request.user, note=payload.note),
    )


@router.post("/{code}/not-accept", response=RESPONSES, summary="Không tiếp nhận")
def not_accept(request: HttpRequest, code: Code, payload: ReasonIn) -> dict[str, Any]:
    return _act(
        request,
        code,
        payload,
        lambda d: intake.do_not_accept(d, actor=request.user, reason=payload.reason),
    )


@router.post("/{code}/withdraw", response=RESPONSES, summary="Rút hồ sơ")
def withdraw(request: HttpRequest, code: Code, payload: ActionIn) -> dict[str, Any]:
    return _act(
        request,
        code,
        payload,
        lambda d: intake.do_withdraw(d, actor=request.user, reason=payload.note),
    )


@router.post("/{code}/hand-on", response=RESPONSES, summary="Chuyển bước xử lý")
def hand_on(request: HttpRequest, code: Code, payload: HandOnIn) -> dict[str, Any]:
    to_user = None
    if payload.to_user:
        to_user = User.objects.filter(username=payload.to_user).first()
        if to_user is None:
            raise ApiError(
                "user_not_found",
                _("Không có người dùng %(user)s.") % {"user": payload.to_user},
                status=404,
            )
    return _act(
        request,
        code,
        payload,
        lambda d: actions.do_hand_on(d, actor=request.user, to_user=to_user, note=payload.note),
    )


@router.post("/{code}/request-supplement", response=RESPONSES, summary="Yêu cầu bổ sung")
def request_supplement(request: HttpRequest, code: Code, payload: SupplementIn) -> dict[str, Any]:
    return _act(
        request,
        code,
        payload,
        lambda d: actions.do_request_supplement(
            d, actor=request.user, reason=payload.reason, force=payload.force
        ),
    )


@router.post("/{code}/answer-supplement", response=RESPONSES, summary="Nhận hồ sơ bổ sung")
def answer_supplement(
    request: HttpRequest, code: Code, payload: AnswerSupplementIn
) -> dict[str, Any]:
    def call(dossier: Dossier) -> Any:
        known = {d.pk: d for d in dossier.procedure.documents.all()}
        items = [
            actions.SupplementItem(d.name, [], known.get(d.required_document or 0))
            for d in payload.documents
        ]
        return actions.do_answer_supplement(
            dossier, actor=request.user, documents=items, note=payload.note
        )

    return _act(request, code, payload, call)


@router.post(
    "/{code}/require-payment", response=RESPONSES, summary="Yêu cầu thực hiện nghĩa vụ tài chính"
)
def require_payment(request: HttpRequest, code: Code, payload: PaymentIn) -> dict[str, Any]:
    return _act(
        request,
        code,
        payload,
        lambda d: actions.do_require_payment(
            d, actor=request.user, amount=payload.amount, note=payload.note
        ),
    )


@router.post("/{code}/apologise", response=RESPONSES, summary="Xin lỗi và hẹn lại")
def apologise(request: HttpRequest, code: Code, payload: ApologyIn) -> dict[str, Any]:
    new_due = payload.new_due_at
    if new_due is not None and timezone.is_naive(new_due):
        new_due = timezone.make_aware(new_due)
    return _act(
        request,
        code,
        payload,
        lambda d: actions.do_apologise(
            d,
            actor=request.user,
            reason=payload.reason,
            new_due_at=new_due,
            extra_working_days=payload.extra_working_days,
        ),
    )


@router.post("/{code}/refuse", response=RESPONSES, summary="Từ chối giải quyết")
def refuse(request: HttpRequest, code: Code, payload: ReasonIn) -> dict[str, Any]:
    return _act(
        request,
        code,
        payload,
        lambda d: actions.do_refuse(d, actor=request.user, reason=payload.reason),
    )


@router.post("/{code}/stop", response=RESPONSES, summary="Dừng xử lý theo yêu cầu")
def stop(request: HttpRequest, code: Code, payload: ReasonIn) -> dict[str, Any]:
    return _act(
        request,
        code,
        payload,
        lambda d: actions.do_stop(d, actor=request.user, reason=payload.reason),
    )


@router.post("/{code}/complete", response=RESPONSES, summary="Hoàn thành, ký kết quả")
def complete(request: HttpRequest, code: Code, payload: CompleteIn) -> dict[str, Any]:
    return _act(
        request,
        code,
        payload,
        lambda d: actions.do_complete(d, actor=request.user, result_summary=payload.result_summary),
    )


@router.post("/{code}/return-result", response=RESPONSES, summary="Trả kết quả")
def return_result(request: HttpRequest, code: Code, payload: ReturnIn) -> dict[str, Any]:
    return _act(
        request,
        code,
        payload,
        lambda d: actions.do_return_result(d, actor=request.user, method=payload.method),
    )


# -- for the areas above dossiers that add endpoints on a dossier (payments: the desk) -------


def load_for_action(request: HttpRequest, code: Code, version: int | None) -> Dossier:
    """The dossier in the user's scope (404 otherwise), at ``version`` (409 otherwise);
    the body must have been a JSON object (400 otherwise)."""
    _require_object(request)
    return _load(request, code, version)


def dossier_out(request: HttpRequest, code: Code) -> dict[str, Any]:
    """The dossier as ``DossierOut``, read again after an action."""
    return _out(_load(request, code))
