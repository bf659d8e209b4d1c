"""Writes for reform inspections and initiatives (one ``do_<verb>`` each, atomic, audited)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.models import record_audit
from motcua.directives import permissions
from motcua.directives.actions import attach, lead_people
from motcua.directives.choices import FindingState, InitiativeState
from motcua.directives.models import (
    Finding,
    FindingFollowUp,
    Initiative,
    InitiativeQuota,
    Inspection,
    InspectionPlan,
)
from motcua.dossiers.notify import notify_user
from motcua.org.models import Unit


@transaction.atomic
def do_plan_inspections(
    *,
    actor: Any,
    issuer: Unit,
    year: int,
    name: str,
    schedule: Iterable[tuple[Unit, date]],
    target_percent: int = 30,
) -> InspectionPlan:
    """A plan and its inspected units, each with a date."""
    if actor is not None and not permissions.can_issue(actor, issuer):
        raise PermissionDenied(_("Bạn không có quyền lập kế hoạch kiểm tra cho đơn vị này."))
    if not name.strip():
        raise ValidationError(_("Cần ghi tên kế hoạch."), code="missing")
    plan = InspectionPlan.objects.create(
        year=year,
        name=name.strip(),
        issuer=issuer,
        target_percent=target_percent,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    seen: set[int] = set()
    for unit, day in schedule:
        if unit.pk in seen:
            continue
        seen.add(unit.pk)
        Inspection.objects.create(plan=plan, unit=unit, scheduled_on=day)
    record_audit(actor, "inspection.plan", plan, f"{plan.name}: {len(seen)} đơn vị")
    return plan


@transaction.atomic
def do_record_inspection(
    inspection: Inspection,
    *,
    actor: Any,
    done_on: date,
    conclusion: str,
    findings: Iterable[tuple[str, date | None]] = (),
) -> Inspection:
    """The inspection took place: its conclusion and the findings the unit must remedy."""
    inspection = (
        Inspection.objects.select_for_update(of=("self",))
        .select_related("plan__issuer", "unit")
        .get(pk=inspection.pk)
    )
    if not permissions.can_issue(actor, inspection.plan.issuer):
        raise PermissionDenied(_("Chỉ cơ quan kiểm tra ghi kết luận kiểm tra."))
    inspection.done_on, inspection.conclusion = done_on, conclusion.strip()
    inspection.save(update_fields=["done_on", "conclusion"])
    created = [
        Finding.objects.create(inspection=inspection, text=text.strip(), due_on=due)
        for text, due in findings
        if text.strip()
    ]
    record_audit(
        actor, "inspection.record", inspection, f"{inspection}: {len(created)} tồn tại, hạn chế"
    )
    if created:
        message = _("Kết luận kiểm tra CCHC: %(n)s tồn tại, hạn chế cần khắc phục.") % {
            "n": len(created)
        }
        for user in lead_people(inspection.unit):
            notify_user(user, None, message)
    return inspection


@transaction.atomic
def do_follow_up_finding(
    finding: Finding, *, actor: Any, text: str, upload: Any = None, close: bool = False
) -> FindingFollowUp:
    finding = (
        Finding.objects.select_for_update(of=("self",))
        .select_related("inspection__unit", "inspection__plan__issuer")
        .get(pk=finding.pk)
    )
    if not permissions.can_follow_up(actor, finding):
        raise PermissionDenied(_("Bạn không có quyền báo cáo khắc phục tồn tại này."))
    if finding.state == FindingState.CLOSED:
        raise ValidationError(_("Tồn tại này đã được khắc phục xong."), code="closed")
    if not text.strip():
        raise ValidationError(_("Cần ghi kết quả khắc phục."), code="missing")
    follow_up = FindingFollowUp(finding=finding, text=text.strip(), author=actor)
    attach(follow_up, upload)
    follow_up.save()
    if close:
        if not permissions.can_issue(actor, finding.inspection.plan.issuer):
            raise PermissionDenied(_("Chỉ cơ quan kiểm tra xác nhận đã khắc phục xong."))
        finding.state, finding.closed_on, finding.closed_by = (
            FindingState.CLOSED,
            timezone.localdate(),
            actor,
        )
        finding.save(update_fields=["state", "closed_on", "closed_by"])
    record_audit(actor, "finding.close" if close else "finding.follow_up", finding, text[:300])
    return follow_up


@transaction.atomic
def do_register_initiative(
    *, actor: Any, unit: Unit, year: int, title: str, summary: str = "", upload: Any = None
) -> Initiative:
    if actor is not None and not permissions.leads(actor, unit) and not actor.is_superuser:
        raise PermissionDenied(_("Chỉ lãnh đạo, cán bộ CCHC của đơn vị đăng ký sáng kiến."))
    if not title.strip():
        raise ValidationError(_("Cần ghi tên sáng kiến."), code="missing")
    initiative = Initiative(
        unit=unit,
        year=year,
        title=title.strip(),
        summary=summary.strip(),
        registered_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    attach(initiative, upload)
    initiative.save()
    record_audit(actor, "initiative.register", initiative, f"{unit.code}: {initiative.title}")
    return initiative


@transaction.atomic
def do_evaluate_initiative(
    initiative: Initiative,
    *,
    actor: Any,
    outcome: str,
    evaluation: str,
    decided_on: date | None = None,
) -> Initiative:
    """``outcome``: evaluated (reviewed, decision pending), recognised or rejected."""
    initiative = (
        Initiative.objects.select_for_update(of=("self",))
        .select_related("unit__parent")
        .get(pk=initiative.pk)
    )
    if not permissions.can_evaluate_initiative(actor, initiative):
        raise PermissionDenied(_("Chỉ cơ quan cấp trên đánh giá, công nhận sáng kiến."))
    allowed = {
        InitiativeState.REGISTERED: {
            InitiativeState.EVALUATED,
            InitiativeState.RECOGNISED,
            InitiativeState.REJECTED,
        },
        InitiativeState.EVALUATED: {InitiativeState.RECOGNISED, InitiativeState.REJECTED},
    }
    if outcome not in allowed.get(initiative.state, set()):
        raise ValidationError(_("Sáng kiến đã có kết quả đánh giá."), code="decided")
    if not evaluation.strip():
        raise ValidationError(_("Cần ghi ý kiến đánh giá."), code="missing")
    initiative.state, initiative.evaluation, initiative.evaluated_by = (
        outcome,
        evaluation.strip(),
        actor,
    )
    if outcome in (InitiativeState.RECOGNISED, InitiativeState.REJECTED):
        initiative.decided_on = decided_on or timezone.localdate()
    initiative.save(update_fields=["state", "evaluation", "evaluated_by", "decided_on"])
    record_audit(actor, "initiative." + outcome, initiative, evaluation[:300])
    return initiative


@transaction.atomic
def do_set_initiative_quota(*, actor: Any, year: int, quota: int, unit: Unit | None = None) -> None:
    if actor is not None and not permissions.can_issue_anywhere(actor):
        raise PermissionDenied(_("Bạn không có quyền giao chỉ tiêu sáng kiến."))
    row, _created = InitiativeQuota.objects.update_or_create(
        year=year, unit=unit, defaults={"quota": quota}
    )
    record_audit(actor, "initiative.quota", row, f"{year} {unit.code if unit else '*'}: {quota}")
