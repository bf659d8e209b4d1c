"""How a dossier comes in: paper receipt at the desk, online submission with its files,
acceptance or refusal of an online submission, withdrawal before reception."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core import inputs
from motcua.core.text import nfc
from motcua.dossiers import deadlines
from motcua.dossiers.choices import Action, Channel, DossierState
from motcua.dossiers.codes import next_dossier_code, provisional_code
from motcua.dossiers.models import (
    Dossier,
    DossierEvent,
    DossierStep,
)
from motcua.dossiers.notify import notify_unit_role, notify_user
from motcua.dossiers.transitions import (
    acting_user,
    apply_transition,
    check_action,
    invalid,
    issue_form,
    require_reason,
)
from motcua.integrations import storage
from motcua.org.choices import Role
from motcua.org.models import Unit, User
from motcua.procedures.models import Procedure

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
    """Save the submission's files, content-addressed in the dossier's own folder (a
    reused document is copied there: a record never points at another dossier's file);
    ``written`` collects what reached the storage so that the caller can remove it if the
    transaction does not commit."""
    from motcua.dossiers.models import DossierDocument, dossier_folder

    folder = dossier_folder(dossier)
    for doc in documents:
        if doc.reuse_of is not None:
            source = doc.reuse_of
            blob = storage.copy_blob(source.file.name, folder)
            if blob.created:
                written.append((source.file.storage, blob.name))
            DossierDocument.objects.create(
                dossier=dossier,
                required_document=doc.required_document,
                name=doc.name,
                copy_kind=doc.copy_kind or source.copy_kind,
                file=blob.name,
                original_name=source.original_name,
                content_type=source.content_type,
                size=blob.size,
                sha256=blob.sha256,
                source=DossierDocument.SOURCE_REUSE,
                reused_from=source,
                page_count=source.page_count,
                digitised_at=source.digitised_at,
            )
            continue
        extension = os.path.splitext(doc.original_name or doc.content.name or "")[1]
        blob = storage.save_blob(folder, doc.content, extension)
        stored = DossierDocument(
            dossier=dossier,
            required_document=doc.required_document,
            name=doc.name,
            copy_kind=doc.copy_kind,
            original_name=doc.original_name or doc.content.name,
            content_type=doc.content_type,
            size=blob.size,
            sha256=blob.sha256,
            file=blob.name,
        )
        if blob.created:
            written.append((stored.file.storage, blob.name))
        stored.save()


def clean_applicant(applicant: Applicant) -> Applicant:
    """The applicant as stored, whichever door the data came through (API, desk form,
    portal): text in NFC and within its length, the phone as +84…, the identity number
    checked (``motcua/core/inputs.py``). A ``ValidationError`` otherwise."""
    name = nfc(applicant.name).strip()
    if not name:
        raise invalid("applicant_required", _("Cần ghi họ tên người nộp hồ sơ."))
    address, email = nfc(applicant.address).strip(), applicant.email.strip()
    for value, limit in ((name, inputs.NAME_MAX), (address, inputs.ADDRESS_MAX)):
        if len(value) > limit:
            raise invalid("too_long", _("Nội dung quá dài (tối đa %(n)s ký tự).") % {"n": limit})
    if len(email) > inputs.EMAIL_MAX:
        raise invalid("invalid_email", _("Địa chỉ thư điện tử không hợp lệ."))
    return replace(
        applicant,
        name=name,
        id_number=inputs.clean_id_number(applicant.id_number),
        phone=inputs.clean_phone(applicant.phone),
        email=email,
        address=address,
    )


def _validate_intake(
    procedure: Procedure,
    unit: Unit,
    applicant: Applicant,
    documents: list[ReceivedDocument],
    sets: int,
) -> None:
    if not 1 <= sets <= inputs.QUANTITY_MAX:
        raise invalid(
            "invalid_sets",
            _("Số bộ hồ sơ phải từ 1 đến %(max)s.") % {"max": inputs.QUANTITY_MAX},
        )
    if any(not 1 <= d.quantity <= inputs.QUANTITY_MAX for d in documents):
        raise invalid(
            "invalid_quantity",
            _("Số lượng mỗi giấy tờ phải từ 1 đến %(max)s.") % {"max": inputs.QUANTITY_MAX},
        )
    if not procedure.is_active:
        raise invalid("procedure_inactive", _("Thủ tục này đã ngừng áp dụng."))
    offered = procedure.__dict__.get("offered_here")  # read with it (for_intake), or ask
    if offered is None:
        offered = procedure.units.filter(pk=unit.pk).exists()
    if not offered:
        raise invalid(
            "procedure_not_here",
            _("%(unit)s không giải quyết thủ tục “%(name)s”.")
            % {"unit": unit.name, "name": procedure.name},
        )
    provided = {d.name.strip().lower() for d in documents if d.provided}
    missing = [
        d.name
        for d in procedure.documents.order_by("order")  # no join to sort by procedure
        if d.mandatory and d.name.strip().lower() not in provided
    ]
    if missing:
        # The desk receives only a complete dossier (NĐ 118/2025: guide the applicant to
        # complete it; a received dossier is complete by definition).
        raise invalid(
            "documents_missing",
            _("Hồ sơ còn thiếu giấy tờ bắt buộc: %(items)s.") % {"items": "; ".join(missing)},
        )


def _create_steps(
    dossier: Dossier, start: datetime, handler: User | None = None
) -> DossierStep | None:
    """The dossier's steps, copied from the procedure in one INSERT; the first one starts
    now (held by ``handler`` when given). Returns the first step."""
    procedure = dossier.procedure
    steps: list[DossierStep] = []
    # Ordered by the step number only: the model's default order would join the
    # procedure and its field to sort the steps of one procedure.
    for step in procedure.steps.select_related("unit").order_by("order"):
        unit = step.unit or dossier.responsible_unit
        steps.append(
            DossierStep(
                dossier=dossier,
                order=step.order,
                name=step.name,
                role=step.role,
                unit=unit,
                budget_hours=deadlines.step_budget_hours(procedure, step.budget, unit),
            )
        )
    if not steps:
        return None
    first = steps[0]
    first.started_at = start
    first.due_at = deadlines.step_due_at(start, first.budget_hours, first.unit)
    first.handler = handler
    DossierStep.objects.bulk_create(steps)
    if first.pk is None:  # a backend that does not return the ids of a bulk insert
        first = DossierStep.objects.get(dossier=dossier, order=first.order)
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
    """Tiếp nhận hồ sơ giấy tại Bộ phận Một cửa → receipt with the appointment date.

    Everything is computed before the transaction (due times from the cached calendars)
    and written in a handful of statements; the day's sequence number is taken last, so
    the unit's sequence row is locked only for the code itself (``codes``)."""
    row = check_action(Action.RECEIVE, None, actor, unit)
    applicant = clean_applicant(applicant)
    _validate_intake(procedure, unit, applicant, documents, sets)
    now = received_at or timezone.now()
    user = acting_user(actor)
    due = deadlines.receipt_due_at(procedure, unit, now, paper=channel != Channel.ONLINE)
    listed = [d.__dict__ for d in documents]
    with transaction.atomic():
        dossier = Dossier.objects.create(
            code=provisional_code(),
            procedure=procedure,
            receiving_unit=unit,
            responsible_unit=unit,
            channel=channel,
            state=DossierState.RECEIVED,
            applicant=applicant.user,
            applicant_name=applicant.name,
            applicant_id_number=applicant.id_number,
            applicant_phone=applicant.phone,
            applicant_email=applicant.email,
            applicant_address=applicant.address,
            sets=sets,
            note=note,
            submitted_at=now,
            received_at=now,
            due_at=due,
            legal_due_at=due,
            fee_amount=procedure.total_fee,
        )
        first = _create_steps(dossier, now, handler=user)
        DossierEvent.objects.create(
            dossier=dossier,
            action=row.action,
            from_state="",
            to_state=DossierState.RECEIVED,
            actor=user,
            note=note,
            at=now,
            to_step=first,
            data={"documents": listed},
        )
        issue_form(dossier, row, actor, received_at=now, due_at=due, documents=listed, sets=sets)
        # Last: the number of the day, under the sequence row's lock until the commit.
        code = next_dossier_code(unit.code, now)
        Dossier.objects.filter(pk=dossier.pk).update(code=code, current_step=first)
        dossier.code, dossier.current_step = code, first
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
    submission_key: str | None = None,
    provided_later: frozenset[int] = frozenset(),
) -> Dossier:
    """Nộp hồ sơ trực tuyến: the dossier exists in state *new* until the desk accepts it.
    Every mandatory document of the procedure must be among ``documents`` (uploaded or
    reused) or ``provided_later`` (the pks of required documents the caller adds in the
    same transaction right after: a reuse from the citizen's wallet, which the
    digitisation app records); files written to storage are removed again if the
    submission fails."""
    documents = documents or []
    provided = {d.required_document.pk for d in documents if d.required_document is not None}
    provided |= provided_later
    missing = [d.name for d in procedure.documents.all() if d.mandatory and d.pk not in provided]
    if (documents or provided_later) and missing:
        raise invalid(
            "documents_missing",
            _("Hồ sơ còn thiếu giấy tờ bắt buộc: %(items)s.") % {"items": "; ".join(missing)},
        )
    applicant = clean_applicant(applicant)
    if not procedure.units.filter(pk=unit.pk).exists():
        raise invalid(
            "procedure_not_here", _("%(unit)s không giải quyết thủ tục này.") % {"unit": unit.name}
        )
    now = submitted_at or timezone.now()
    written: list[tuple[Any, str]] = []
    try:
        return _submit_online(
            procedure, unit, applicant, note, now, documents, written, submission_key or None
        )
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
    submission_key: str | None = None,
) -> Dossier:
    with transaction.atomic():
        dossier = Dossier.objects.create(
            submission_key=submission_key,
            code=next_dossier_code(unit.code, now),
            procedure=procedure,
            receiving_unit=unit,
            responsible_unit=unit,
            channel=Channel.ONLINE,
            state=DossierState.NEW,
            applicant=applicant.user,
            applicant_name=applicant.name,
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
    row = check_action(Action.ACCEPT, dossier, actor)
    now = timezone.now()
    with transaction.atomic():
        apply_transition(dossier, row, actor, note=note, received_at=now)
        due = deadlines.legal_due_at(dossier)
        first = _create_steps(dossier, now, handler=acting_user(actor))
        Dossier.objects.filter(pk=dossier.pk).update(
            due_at=due, legal_due_at=due, current_step=first
        )
        dossier.refresh_from_db()
        issue_form(dossier, row, actor, received_at=now, due_at=due, sets=dossier.sets)
        notify_user(
            dossier.applicant,
            dossier,
            _("Hồ sơ %(code)s đã được tiếp nhận; hẹn trả kết quả %(due)s.")
            % {"code": dossier.code, "due": f"{timezone.localtime(due):%H:%M %d/%m/%Y}"},
        )
    return dossier


def do_not_accept(dossier: Dossier, *, actor: Any, reason: str) -> Dossier:
    """Không tiếp nhận hồ sơ trực tuyến (Mẫu 03, with the reason)."""
    row = check_action(Action.NOT_ACCEPT, dossier, actor)
    reason = require_reason(reason)
    with transaction.atomic():
        apply_transition(dossier, row, actor, note=reason, completed_at=timezone.now())
        issue_form(dossier, row, actor, reason=reason)
        notify_user(
            dossier.applicant,
            dossier,
            _("Hồ sơ %(code)s không được tiếp nhận: %(reason)s")
            % {"code": dossier.code, "reason": reason},
        )
    return dossier


def do_withdraw(dossier: Dossier, *, actor: Any, reason: str = "") -> Dossier:
    row = check_action(Action.WITHDRAW, dossier, actor)
    with transaction.atomic():
        apply_transition(dossier, row, actor, note=reason)
    return dossier
