"""Writes of the directives area: one ``do_<verb>`` per action, atomic, audited; staff
are told through the notification channels that exist (in-app and e-mail,
``motcua.dossiers.notify``) once the transaction commits."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.models import record_audit
from motcua.core.uploads import check_upload
from motcua.directives import permissions
from motcua.directives.choices import DirectiveKind, ExtensionState, TaskStatus
from motcua.directives.models import Directive, ExtensionRequest, ProgressReport, Task
from motcua.dossiers.notify import notify_user
from motcua.org.models import Unit, User, memberships_of


def _deny(message: str) -> PermissionDenied:
    return PermissionDenied(message)


def attach(instance: Any, upload: Any) -> None:
    """Check an uploaded file with the one upload check and put it on ``instance.file``."""
    if upload is None:
        return
    checked = check_upload(upload, office=True)
    instance.file_name = checked.name
    instance.file.save(f"{checked.sha256[:16]}{checked.extension}", upload, save=False)


def lead_people(unit: Unit) -> list[User]:
    """The head and the reform officer of ``unit``: who answers for its tasks."""
    return list(
        User.objects.filter(
            memberships__unit=unit,
            memberships__role__in=permissions.LEAD_ROLES,
            memberships__is_active=True,
        ).distinct()
    )


def issuer_people(unit: Unit) -> list[User]:
    return list(
        User.objects.filter(
            memberships__unit=unit,
            memberships__role__in=permissions.ISSUER_ROLES,
            memberships__is_active=True,
        ).distinct()
    )


@transaction.atomic
def do_create_directive(
    *,
    actor: Any,
    kind: str,
    number: str,
    issued_on: date,
    signer: str,
    issuer: Unit,
    title: str,
    summary: str = "",
    upload: Any = None,
) -> Directive:
    if actor is not None and not permissions.can_issue(actor, issuer):
        raise _deny(_("Bạn không có quyền ban hành văn bản cho đơn vị này."))
    if kind not in DirectiveKind.values():
        raise ValidationError(_("Loại văn bản không hợp lệ."), code="bad_kind")
    number = number.strip()
    if not number or not title.strip():
        raise ValidationError(_("Cần ghi số, ký hiệu và trích yếu của văn bản."), code="missing")
    if Directive.objects.filter(issuer=issuer, number=number).exists():
        raise ValidationError(
            _("Đã có văn bản số %(number)s của đơn vị này.") % {"number": number},
            code="duplicate",
        )
    directive = Directive(
        kind=kind,
        number=number,
        issued_on=issued_on,
        signer=signer.strip(),
        issuer=issuer,
        title=title.strip(),
        summary=summary.strip(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    attach(directive, upload)
    directive.save()
    record_audit(actor, "directive.create", directive, f"{directive}: {directive.title}")
    return directive


@transaction.atomic
def do_assign_task(
    directive: Directive,
    *,
    actor: Any,
    title: str,
    lead_unit: Unit,
    deadline: date,
    co_units: Iterable[Unit] = (),
    description: str = "",
    expected_result: str = "",
) -> Task:
    if actor is not None and not permissions.can_issue(actor, directive.issuer):
        raise _deny(_("Chỉ cơ quan ban hành văn bản mới giao được nhiệm vụ."))
    if not title.strip():
        raise ValidationError(_("Cần ghi nội dung nhiệm vụ."), code="missing")
    co = [u for u in co_units if u.pk != lead_unit.pk]
    task = Task.objects.create(
        directive=directive,
        title=title.strip(),
        description=description.strip(),
        expected_result=expected_result.strip(),
        lead_unit=lead_unit,
        deadline=deadline,
        original_deadline=deadline,
    )
    task.co_units.set(co)
    record_audit(
        actor,
        "task.assign",
        task,
        f"{directive}: {task.title} → {lead_unit.code}",
        {"deadline": deadline.isoformat(), "co_units": [u.code for u in co]},
    )
    message = _("Nhiệm vụ mới (%(directive)s): %(title)s — hạn %(deadline)s.") % {
        "directive": directive,
        "title": task.title,
        "deadline": f"{deadline:%d/%m/%Y}",
    }
    for user in lead_people(lead_unit):
        notify_user(user, None, message)
    return task


def _locked(task: Task) -> Task:
    return (
        Task.objects.select_for_update(of=("self",))
        .select_related("directive__issuer", "lead_unit")
        .get(pk=task.pk)
    )


@transaction.atomic
def do_report_progress(
    task: Task, *, actor: Any, text: str, progress: int, upload: Any = None
) -> ProgressReport:
    task = _locked(task)
    if not permissions.can_report(actor, task):
        raise _deny(_("Bạn không thuộc đơn vị chủ trì hoặc phối hợp thực hiện nhiệm vụ này."))
    if task.is_finished:
        raise ValidationError(_("Nhiệm vụ đã kết thúc."), code="finished")
    if not text.strip():
        raise ValidationError(_("Cần ghi nội dung báo cáo."), code="missing")
    if not 0 <= progress <= 100:
        raise ValidationError(_("Tiến độ phải từ 0 đến 100%."), code="bad_progress")
    unit = task.lead_unit
    if not permissions.can_lead(actor, task):
        member_units = {m.unit_id for m in memberships_of(actor)}
        unit = task.co_units.filter(pk__in=member_units).first() or unit
    report = ProgressReport(task=task, unit=unit, text=text.strip(), progress=progress)
    report.author = actor
    attach(report, upload)
    report.save()
    fields = ["status"]
    task.status = TaskStatus.IN_PROGRESS
    if unit.pk == task.lead_unit_id:
        task.progress = progress
        fields.append("progress")
    task.save(update_fields=fields)
    record_audit(actor, "task.report", task, f"{progress}%: {text[:200]}")
    return report


@transaction.atomic
def do_complete_task(
    task: Task, *, actor: Any, done_on: date | None = None, note: str = ""
) -> Task:
    task = _locked(task)
    if not permissions.can_lead(actor, task):
        raise _deny(
            _("Chỉ lãnh đạo đơn vị chủ trì hoặc cơ quan giao nhiệm vụ xác nhận hoàn thành.")
        )
    if task.is_finished:
        raise ValidationError(_("Nhiệm vụ đã kết thúc."), code="finished")
    done_on = done_on or timezone.localdate()
    task.status, task.done_on, task.progress = TaskStatus.DONE, done_on, 100
    task.save(update_fields=["status", "done_on", "progress"])
    record_audit(actor, "task.complete", task, f"{done_on:%d/%m/%Y} {note}"[:500])
    message = _("Nhiệm vụ “%(title)s” đã hoàn thành ngày %(day)s.") % {
        "title": task.title,
        "day": f"{done_on:%d/%m/%Y}",
    }
    for user in issuer_people(task.directive.issuer):
        if user.pk != getattr(actor, "pk", None):
            notify_user(user, None, message)
    return task


@transaction.atomic
def do_request_extension(
    task: Task, *, actor: Any, requested_deadline: date, reason: str
) -> ExtensionRequest:
    task = _locked(task)
    if not permissions.leads(actor, task.lead_unit):
        raise _deny(_("Chỉ lãnh đạo đơn vị chủ trì được đề nghị gia hạn."))
    if task.is_finished:
        raise ValidationError(_("Nhiệm vụ đã kết thúc."), code="finished")
    if not reason.strip():
        raise ValidationError(_("Cần nêu lý do đề nghị gia hạn."), code="missing")
    if requested_deadline <= task.deadline:
        raise ValidationError(
            _("Thời hạn đề nghị phải sau thời hạn hiện tại (%(day)s).")
            % {"day": f"{task.deadline:%d/%m/%Y}"},
            code="not_later",
        )
    if task.extensions.filter(state=ExtensionState.PENDING).exists():
        raise ValidationError(_("Đã có một đề nghị gia hạn đang chờ cho ý kiến."), code="pending")
    request = ExtensionRequest.objects.create(
        task=task,
        old_deadline=task.deadline,
        requested_deadline=requested_deadline,
        reason=reason.strip(),
        requested_by=actor,
    )
    record_audit(
        actor, "task.extension_request", task, f"{task.deadline} → {requested_deadline}: {reason}"
    )
    message = _("%(unit)s đề nghị gia hạn nhiệm vụ “%(title)s” đến %(day)s.") % {
        "unit": task.lead_unit,
        "title": task.title,
        "day": f"{requested_deadline:%d/%m/%Y}",
    }
    for user in issuer_people(task.directive.issuer):
        notify_user(user, None, message)
    return request


@transaction.atomic
def do_decide_extension(
    request: ExtensionRequest, *, actor: Any, approve: bool, note: str = ""
) -> ExtensionRequest:
    request = ExtensionRequest.objects.select_for_update().get(pk=request.pk)
    task = _locked(request.task)
    if not permissions.can_issue(actor, task.directive.issuer):
        raise _deny(_("Chỉ cơ quan giao nhiệm vụ cho ý kiến về đề nghị gia hạn."))
    if request.state != ExtensionState.PENDING:
        raise ValidationError(_("Đề nghị này đã được cho ý kiến."), code="decided")
    if not approve and not note.strip():
        raise ValidationError(_("Cần nêu lý do không đồng ý."), code="missing")
    request.state = ExtensionState.APPROVED if approve else ExtensionState.REFUSED
    request.decided_by, request.decided_at = actor, timezone.now()
    request.decision_note = note.strip()
    request.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
    if approve:
        task.deadline = request.requested_deadline
        task.save(update_fields=["deadline"])
    record_audit(
        actor,
        "task.extension_" + request.state,
        task,
        f"{request.old_deadline} → {request.requested_deadline}: {note}"[:500],
    )
    if approve:
        message = _("Đồng ý gia hạn nhiệm vụ “%(title)s” đến %(day)s.")
    else:
        message = _("Không đồng ý gia hạn nhiệm vụ “%(title)s”; thời hạn vẫn là %(day)s.")
    text = message % {"title": task.title, "day": f"{task.deadline:%d/%m/%Y}"}
    for user in lead_people(task.lead_unit):
        notify_user(user, None, text)
    return request
