"""Write actions of the org area: one function per verb, atomic, audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import django.dispatch
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.core.models import record_audit
from motcua.org.choices import Role
from motcua.org.models import Membership, Unit, User
from motcua.org.validators import validate_electronic_id

# Sent inside the merge transaction, after the successor exists and the predecessors are
# closed. Areas that own unit-bound data (procedures, dossiers, tasks...) connect a receiver
# that moves their *open* items to the successor; closed history stays with the
# predecessor so that it still shows where each dossier was received.
units_merged = django.dispatch.Signal()  # kwargs: successor, predecessors, effective, actor


@dataclass(frozen=True)
class MergeResult:
    successor: Unit
    moved_children: int
    moved_memberships: int


def do_create_unit(
    *,
    name: str,
    code: str,
    kind: str,
    parent: Unit | None,
    actor: Any = None,
    valid_from: date | None = None,
    short_name: str = "",
    address: str = "",
) -> Unit:
    validate_electronic_id(code)
    if Unit.objects.filter(code=code).exists():
        raise ValidationError(
            _("Mã định danh %(code)s đã được dùng; mã định danh không được dùng lại."),
            code="duplicate_code",
            params={"code": code},
        )
    with transaction.atomic():
        unit = Unit.objects.create(
            name=name,
            code=code,
            kind=kind,
            parent=parent,
            valid_from=valid_from,
            short_name=short_name,
            address=address,
        )
        record_audit(actor, "unit.create", unit, f"Tạo đơn vị {unit.name} ({unit.code})")
    return unit


def do_merge_units(
    predecessors: list[Unit],
    *,
    name: str,
    code: str,
    kind: str,
    parent: Unit | None,
    effective: date,
    actor: Any = None,
    short_name: str = "",
    address: str = "",
) -> MergeResult:
    """Sáp nhập đơn vị: create the successor valid from ``effective`` and close the
    predecessors the day before.

    The successor inherits what is still open: the predecessors' active sub-units are
    re-attached to it, their staff keep their roles in it, and every area connected to
    ``units_merged`` moves its open items (procedures settled, dossiers in progress, open
    tasks). Statistics follow through ``Unit.lineage_ids()``. This is the shape of the 2025
    reorganisation (Nghị quyết 202/2025/QH15 on provinces, Nghị quyết 1654-1685/NQ-UBTVQH15
    on communes; Luật Tổ chức chính quyền địa phương 2025 abolishing the district level from
    01/7/2025).
    """
    if not predecessors:
        raise ValidationError(_("Phải chọn ít nhất một đơn vị tiền thân."), code="no_predecessor")
    validate_electronic_id(code)
    if Unit.objects.filter(code=code).exists():
        raise ValidationError(
            _("Mã định danh %(code)s đã được dùng; đơn vị sau sáp nhập cần mã mới."),
            code="duplicate_code",
            params={"code": code},
        )
    for unit in predecessors:
        if not unit.is_active_on(effective - timedelta(days=1)):
            raise ValidationError(
                _("Đơn vị %(name)s không còn hiệu lực trước ngày sáp nhập."),
                code="inactive_predecessor",
                params={"name": unit.name},
            )
        if parent is not None and parent.path.startswith(unit.path):
            raise ValidationError(
                _("Đơn vị cấp trên không được nằm trong đơn vị bị sáp nhập %(name)s."),
                code="parent_inside_predecessor",
                params={"name": unit.name},
            )
    closing_day = effective - timedelta(days=1)

    with transaction.atomic():
        successor = Unit.objects.create(
            name=name,
            code=code,
            kind=kind,
            parent=parent,
            valid_from=effective,
            short_name=short_name,
            address=address,
        )
        successor.predecessors.set(predecessors)

        moved_children = 0
        predecessor_ids = [u.pk for u in predecessors]
        for child in Unit.objects.filter(parent_id__in=predecessor_ids).active_on(effective):
            child.parent = successor
            child.save(update_fields=["parent"])
            moved_children += 1

        moved_memberships = 0
        for membership in Membership.objects.active().filter(unit_id__in=predecessor_ids):
            membership.is_active = False
            membership.save(update_fields=["is_active"])
            Membership.objects.get_or_create(
                user=membership.user,
                unit=successor,
                role=membership.role,
                is_active=True,
                defaults={"since": effective},
            )
            moved_memberships += 1

        for unit in predecessors:
            unit.valid_to = closing_day
            unit.save(update_fields=["valid_to"])

        units_merged.send(
            sender=Unit,
            successor=successor,
            predecessors=list(predecessors),
            effective=effective,
            actor=actor,
        )
        record_audit(
            actor,
            "unit.merge",
            successor,
            f"Sáp nhập {', '.join(u.name for u in predecessors)} thành {successor.name}",
            {"predecessors": [u.code for u in predecessors], "effective": effective.isoformat()},
        )
    return MergeResult(successor, moved_children, moved_memberships)


def do_assign_role(user: User, unit: Unit, role: str, *, actor: Any = None) -> Membership:
    if role not in Role.values():
        raise ValidationError(_("Vai trò không hợp lệ."), code="invalid_role")
    if not unit.is_active:
        raise ValidationError(
            _("Đơn vị %(name)s đã hết hiệu lực."), code="inactive_unit", params={"name": unit.name}
        )
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            user=user, unit=unit, role=role, is_active=True
        )
        if created:
            record_audit(
                actor,
                "membership.assign",
                membership,
                f"Phân công {user} làm {Role.label(role)} tại {unit}",
            )
    return membership
