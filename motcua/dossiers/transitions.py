"""The machinery every dossier action shares: who is acting, the workflow check, the
compare-and-set write with its history row, and the issued-form snapshot.

Actions are in ``intake.py`` (a dossier comes in: paper receipt, online submission,
acceptance or not) and ``actions.py`` (processing it to the result). Each checks the
workflow table (``workflow.check``), validates its input, applies the new state with
compare-and-set on ``version`` (two officers acting at once: one wins, the other gets
``DossierConflict`` and nothing of theirs is written), appends the history row and the
issued form, and schedules notifications after commit.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.dossiers.choices import Actor
from motcua.dossiers.models import (
    Dossier,
    DossierEvent,
    DossierStep,
    IssuedForm,
)
from motcua.dossiers.workflow import Transition, check, target_state
from motcua.org.choices import Role
from motcua.org.models import Membership, Unit, User


class DossierConflict(Exception):
    """Someone else changed the dossier since it was read."""

    code = "conflict"

    def __init__(self) -> None:
        self.message = _(
            "Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại để xem trạng "
            "thái mới; thao tác của bạn chưa được ghi."
        )
        super().__init__(self.message)


def invalid(code: str, message: str) -> ValidationError:
    return ValidationError(message, code=code)


# -- who is acting --------------------------------------------------------------------------


def actors_for(user: Any, dossier: Dossier | None, unit: Unit | None = None) -> set[str]:
    """The workflow actors ``user`` can be for ``dossier`` (or for a new dossier in
    ``unit``): a clerk of the receiving or responsible unit; a specialist or unit head of
    the responsible unit or of the unit holding the current step; the applicant."""
    if not getattr(user, "is_authenticated", False):
        return set()
    actors: set[str] = set()
    if dossier is not None and dossier.applicant_id == user.pk:
        actors.add(Actor.APPLICANT)
    units: set[int] = set()
    if dossier is not None:
        units = {dossier.receiving_unit_id, dossier.responsible_unit_id}
        if dossier.current_step_id and dossier.current_step:
            units.add(dossier.current_step.unit_id)
    elif unit is not None:
        units = {unit.pk}
    roles = (
        Membership.objects.active()
        .filter(user=user, unit_id__in=units)
        .values_list("role", flat=True)
    )
    for role in roles:
        if role in (Role.CLERK, Role.SPECIALIST, Role.UNIT_HEAD):
            actors.add(role)
    return actors


def check_action(
    action: str, dossier: Dossier | None, actor: Any, unit: Unit | None = None
) -> Transition:
    return check(action, dossier.state if dossier else None, actors_for(actor, dossier, unit))


# -- the compare-and-set write ---------------------------------------------------------------


def apply_transition(
    dossier: Dossier,
    row: Transition,
    actor: Any,
    *,
    note: str = "",
    event_fields: dict[str, Any] | None = None,
    **changes: Any,
) -> DossierEvent:
    """Move ``dossier`` along ``row`` if nobody moved it first; append the history row."""
    new_state = target_state(row, dossier.state)
    updated = Dossier.objects.filter(
        pk=dossier.pk, version=dossier.version, state=dossier.state
    ).update(state=new_state, version=F("version") + 1, **changes)
    if updated != 1:
        raise DossierConflict()
    from_state = dossier.state
    dossier.refresh_from_db()
    return DossierEvent.objects.create(
        dossier=dossier,
        action=row.action,
        from_state=from_state,
        to_state=new_state,
        actor=acting_user(actor),
        note=note,
        **(event_fields or {}),
    )


def acting_user(actor: Any) -> User | None:
    return actor if getattr(actor, "is_authenticated", False) else None


def issue_form(dossier: Dossier, row: Transition, actor: Any, **data: Any) -> IssuedForm | None:
    if row.form is None:
        return None
    return IssuedForm.objects.create(
        dossier=dossier,
        kind=row.form,
        issued_by=acting_user(actor),
        data={k: jsonable(v) for k, v in data.items()},
    )


def jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    return value


def require_reason(reason: str) -> str:
    if not reason or not reason.strip():
        raise invalid("reason_required", _("Cần ghi rõ lý do."))
    return reason.strip()


def finish_current_step(dossier: Dossier, now: datetime) -> DossierStep | None:
    step = dossier.current_step
    if step is None:
        return None
    step.finished_at = now
    step.on_time = step.due_at is None or now <= step.due_at
    step.save(update_fields=["finished_at", "on_time"])
    return step
