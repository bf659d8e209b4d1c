"""Simplification proposals (đề xuất đơn giản hóa TTHC): a proposal to cut a procedure's
time, documents or fees — from feedback on the procedure, or entered by an officer — is
reviewed and then approved (the time cut is recorded) or rejected.

The share of the unit's procedures with a proposal feeds the local target "≥ 10 % of
procedures proposed for simplification" (seed 000, Chỉ thị 03/CT-UBND mục 1.b); the
approved cuts give the time saved (seed 004: 54 procedures cut, 561,5 of 1.659,5 days,
33,8 %)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.models import record_audit
from motcua.feedback.choices import ProposalKind, ProposalState
from motcua.feedback.models import Feedback, SimplificationProposal
from motcua.org.choices import Role
from motcua.org.models import Unit, memberships_of
from motcua.procedures.choices import TimeUnit
from motcua.procedures.models import Procedure

# Who reviews and decides: the unit head, the reform officers and administrators above.
DECIDERS = {Role.UNIT_HEAD, Role.REFORM_OFFICER, Role.ADMIN}


def _invalid(code: str, message: str) -> ValidationError:
    return ValidationError(message, code=code)


def _days(value: Any, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        days = Decimal(str(value)).quantize(Decimal("0.1"))
    except InvalidOperation:
        raise _invalid("invalid_days", _("%(f)s phải là số ngày.") % {"f": field}) from None
    if days < 0:
        raise _invalid("invalid_days", _("%(f)s không được âm.") % {"f": field})
    return days


def _is_staff_of(user: Any, unit: Unit, roles: set[str] | None = None) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    for m in memberships_of(user):
        if roles is not None and m.role not in roles:
            continue
        if m.unit_id == unit.pk or (
            m.role in (Role.UNIT_HEAD, *Role.SUBTREE_ROLES) and unit.path.startswith(m.unit.path)
        ):
            return True
    return False


def do_propose_simplification(
    *,
    procedure: Procedure,
    unit: Unit,
    kind: str,
    summary: str,
    actor: Any,
    feedback: Feedback | None = None,
    days_before: Any = None,
    days_after: Any = None,
) -> SimplificationProposal:
    if not _is_staff_of(actor, unit):
        raise PermissionDenied(_("Bạn không thuộc đơn vị đề xuất."))
    if kind not in ProposalKind.values():
        raise _invalid("invalid_kind", _("Nội dung cắt giảm không hợp lệ."))
    if not (summary or "").strip():
        raise _invalid("summary_required", _("Nhập nội dung đề xuất."))
    before = _days(days_before, _("Thời hạn hiện hành"))
    if before is None and procedure.time_unit == TimeUnit.WORKING_DAYS:
        before = Decimal(procedure.time_limit).quantize(Decimal("0.1"))
    after = _days(days_after, _("Thời hạn đề xuất"))
    if before is not None and after is not None and after > before:
        raise _invalid("invalid_days", _("Thời hạn đề xuất phải không dài hơn thời hạn hiện hành."))
    with transaction.atomic():
        proposal = SimplificationProposal.objects.create(
            procedure=procedure,
            unit=unit,
            feedback=feedback,
            kind=kind,
            state=ProposalState.PROPOSED,
            summary=summary.strip(),
            days_before=before,
            days_after=after,
            proposed_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        record_audit(
            actor,
            "feedback.propose_simplification",
            proposal,
            f"{procedure.code}: {ProposalKind.label(kind)}",
            {"feedback": feedback.code if feedback else None},
        )
    return proposal


def _decide(
    proposal: SimplificationProposal, actor: Any, new_state: str, sources: set[str], **changes: Any
) -> SimplificationProposal:
    if not _is_staff_of(actor, proposal.unit, DECIDERS):
        raise PermissionDenied(_("Chỉ lãnh đạo hoặc cán bộ CCHC được xem xét đề xuất."))
    if proposal.state not in sources:
        raise _invalid(
            "invalid_transition",
            _("Đề xuất đang ở trạng thái “%(s)s”.") % {"s": ProposalState.label(proposal.state)},
        )
    with transaction.atomic():
        updated = SimplificationProposal.objects.filter(
            pk=proposal.pk, state=proposal.state
        ).update(state=new_state, **changes)
        if updated != 1:
            raise _invalid("conflict", _("Đề xuất vừa được người khác cập nhật."))
        record_audit(
            actor, f"feedback.proposal_{new_state}", proposal, f"{proposal.procedure.code}", {}
        )
    proposal.refresh_from_db()
    return proposal


def do_review_proposal(proposal: SimplificationProposal, *, actor: Any) -> SimplificationProposal:
    return _decide(proposal, actor, ProposalState.UNDER_REVIEW, {ProposalState.PROPOSED})


def do_decide_proposal(
    proposal: SimplificationProposal,
    *,
    actor: Any,
    approved: bool,
    decision: str = "",
    days_after: Any = None,
) -> SimplificationProposal:
    """Approve (recording the time limit after the cut, for a time cut) or reject."""
    open_states = {ProposalState.PROPOSED, ProposalState.UNDER_REVIEW}
    now = timezone.now()
    if not approved:
        return _decide(
            proposal,
            actor,
            ProposalState.REJECTED,
            open_states,
            decision=decision,
            decided_at=now,
            decided_by_id=actor.pk,
        )
    after = _days(days_after, _("Thời hạn sau cắt giảm"))
    after = after if after is not None else proposal.days_after
    if proposal.kind == ProposalKind.TIME:
        if after is None or proposal.days_before is None:
            raise _invalid("days_required", _("Nhập thời hạn trước và sau cắt giảm."))
        if after > proposal.days_before:
            raise _invalid("invalid_days", _("Thời hạn sau cắt giảm dài hơn thời hạn hiện hành."))
    return _decide(
        proposal,
        actor,
        ProposalState.APPROVED,
        open_states,
        decision=decision,
        decided_at=now,
        decided_by_id=actor.pk,
        days_after=after,
    )
