"""Intake of feedback (tiếp nhận phản ánh, kiến nghị): from the portal (the sender, signed
in or not), the desk or the hotline (a clerk types what the sender says); the tracking
code and the secret of the acknowledgement; the links to a unit, a dossier, a procedure;
the attachments, checked like every upload (``motcua.core.uploads``)."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.models import record_audit
from motcua.core.uploads import CheckedUpload
from motcua.dossiers.models import Dossier
from motcua.feedback.actions import A, R, S, _open_step, _user, actors_for, digest, invalid
from motcua.feedback.choices import Channel, StepKind
from motcua.feedback.models import Feedback, FeedbackAttachment, FeedbackEvent, FeedbackSequence
from motcua.feedback.notify import notify_officers, notify_sender
from motcua.feedback.workflow import check
from motcua.org.models import Unit
from motcua.procedures.models import Procedure

_PHONE = re.compile(r"^\+?[0-9 .-]{8,15}$")


def _next_code(when: datetime) -> str:
    """``PAKN-YYMMDD-NNNN``: the daily counter is bumped inside the intake transaction (its
    row lock queues concurrent intakes), so codes are unique and never reused."""
    day = timezone.localdate(when)
    FeedbackSequence.objects.bulk_create([FeedbackSequence(day=day, last=0)], ignore_conflicts=True)
    FeedbackSequence.objects.filter(day=day).update(last=F("last") + 1)
    number = FeedbackSequence.objects.get(day=day).last
    return f"PAKN-{day:%y%m%d}-{number:04d}"


def default_unit() -> Unit:
    """Where feedback that names no unit, dossier or procedure goes: the top unit of the
    tree (the province), whose officers classify and assign it."""
    unit = Unit.objects.filter(parent__isnull=True).active_on().order_by("pk").first()
    if unit is None:
        raise invalid("no_unit", _("Chưa có đơn vị nào tiếp nhận phản ánh, kiến nghị."))
    return unit


def resolve_links(
    unit_code: str = "", dossier_code: str = "", procedure_code: str = ""
) -> tuple[Unit, Dossier | None, Procedure | None]:
    """The unit, dossier and procedure an intake names (each optional); unknown codes are
    refused. Without a unit: the dossier's responsible unit, else the default unit."""
    dossier = procedure = None
    if dossier_code:
        dossier = (
            Dossier.objects.select_related("responsible_unit").filter(code=dossier_code).first()
        )
        if dossier is None:
            raise invalid("unknown_dossier", _("Không có hồ sơ mã “%(c)s”.") % {"c": dossier_code})
    if procedure_code:
        procedure = Procedure.objects.filter(code=procedure_code).first()
        if procedure is None:
            raise invalid(
                "unknown_procedure", _("Không có thủ tục mã “%(c)s”.") % {"c": procedure_code}
            )
    if unit_code:
        unit = Unit.objects.filter(code=unit_code).first()
        if unit is None:
            raise invalid("unknown_unit", _("Không có đơn vị mã “%(c)s”.") % {"c": unit_code})
    elif dossier is not None:
        unit = dossier.responsible_unit
    else:
        unit = default_unit()
    return unit, dossier, procedure


def do_receive_feedback(
    *,
    title: str,
    content: str,
    name: str,
    phone: str = "",
    email: str = "",
    unit: Unit,
    channel: str = Channel.PORTAL,
    actor: Any = None,
    dossier: Dossier | None = None,
    procedure: Procedure | None = None,
    publish_consent: bool = True,
    attachments: Iterable[tuple[Any, CheckedUpload]] = (),
    now: datetime | None = None,
) -> tuple[Feedback, str]:
    """Tiếp nhận: log the item with its tracking code and return it with the secret (shown
    once, never stored in clear). From the portal the actor is the sender (signed in or
    not); from the desk or the hotline, a clerk of the unit typing what the sender says."""
    now = now or timezone.now()
    title, content, name = title.strip(), content.strip(), name.strip()
    problems = []
    if not title:
        problems.append(_("Nhập tiêu đề."))
    if not content:
        problems.append(_("Nhập nội dung phản ánh, kiến nghị."))
    if not name:
        problems.append(_("Nhập họ và tên người gửi."))
    if phone and not _PHONE.match(phone.strip()):
        problems.append(_("Số điện thoại không hợp lệ."))
    if not phone.strip() and not email.strip():
        problems.append(_("Nhập số điện thoại hoặc thư điện tử để nhận kết quả."))
    if channel not in Channel.values():
        problems.append(_("Kênh tiếp nhận không hợp lệ."))
    if problems:
        raise invalid("invalid_feedback", " ".join(problems))
    actors = actors_for(actor, None, unit)
    if channel != Channel.PORTAL:
        actors.discard(R.SENDER)  # the desk and the hotline are the clerk's
    check(A.RECEIVE, None, actors)
    secret = secrets.token_urlsafe(12)
    with transaction.atomic():
        item = Feedback.objects.create(
            code=_next_code(now),
            secret_digest=digest(secret),
            channel=channel,
            state=S.RECEIVED,
            title=title[:255],
            content=content,
            sender_name=name[:255],
            sender_phone=phone.strip()[:20],
            sender_email=email.strip(),
            sender_account=actor if channel == Channel.PORTAL and _user(actor) else None,
            publish_consent=publish_consent,
            received_at=now,
            received_by=_user(actor) if channel != Channel.PORTAL else None,
            unit=unit,
            dossier=dossier,
            procedure=procedure,
        )
        _open_step(item, StepKind.CLASSIFY, now)
        handle = _open_step(item, StepKind.HANDLE, now)
        item.handling_due_at = handle.due_at
        item.save(update_fields=["handling_due_at"])
        for upload, checked in attachments:
            _attach(item, upload, checked)
        FeedbackEvent.objects.create(
            feedback=item, at=now, action=A.RECEIVE, to_state=S.RECEIVED, actor=_user(actor)
        )
        record_audit(
            actor, "feedback.receive", item, f"{item.code}: {item.title}", {"channel": channel}
        )
        notify_sender(
            item,
            _("Đã tiếp nhận phản ánh, kiến nghị %(code)s. Hạn xử lý: %(due)s.")
            % {"code": item.code, "due": f"{timezone.localtime(handle.due_at):%d/%m/%Y}"},
        )
        notify_officers(
            item,
            _("Phản ánh, kiến nghị mới %(code)s: %(t)s") % {"code": item.code, "t": item.title},
        )
    return item, secret


def _attach(item: Feedback, upload: Any, checked: CheckedUpload) -> FeedbackAttachment:
    attachment = FeedbackAttachment(
        feedback=item,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
    )
    upload.seek(0)
    attachment.file.save(f"upload{checked.extension}", upload, save=False)
    try:
        attachment.save()
    except BaseException:
        attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment
