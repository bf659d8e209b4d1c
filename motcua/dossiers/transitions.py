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

from motcua.dossiers import deadlines
from motcua.dossiers.choices import Actor
from motcua.dossiers.models import (
    Dossier,
    DossierEvent,
    DossierStep,
    IssuedForm,
)
from motcua.dossiers.workflow import Transition, TransitionRefused, check, target_state
from motcua.org.choices import Role
from motcua.org.models import Membership, Unit, User, memberships_of
from motcua.workcalendar import engine
from motcua.workcalendar.services import working_calendar_for


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


class SystemActor:
    """An actor that is not a person: the history records no user for it."""

    is_authenticated = False
    pk = None

    def __init__(self, actor: str) -> None:
        self.actor = actor

    def __repr__(self) -> str:
        return f"SystemActor({self.actor!r})"


# The payment gateway's verified callback (payments.actions), the only actor besides the
# desk clerk that may record a payment (workflow.TRANSITIONS).
GATEWAY = SystemActor(Actor.GATEWAY)


def actors_for(user: Any, dossier: Dossier | None, unit: Unit | None = None) -> set[str]:
    """The workflow actors ``user`` can be for ``dossier`` (or for a new dossier in
    ``unit``): a clerk of the receiving or responsible unit; a specialist or unit head of
    the responsible unit or of the unit holding the current step; the applicant."""
    if isinstance(user, SystemActor):
        return {user.actor}
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
    roles = [m.role for m in memberships_of(user) if m.unit_id in units]
    for role in roles:
        if role in (Role.CLERK, Role.SPECIALIST, Role.UNIT_HEAD):
            actors.add(role)
    return actors


def holds_step(user: Any, step: DossierStep | None) -> bool:
    """Whether ``user`` holds ``step``: its assigned handler (the assignment binds while the
    handler still has the step's role in the step's unit); while nobody is assigned,
    anyone with the step's role in the step's unit. A unit head does not hold another
    role's step: no step is skipped (Nghị định 118/2025/NĐ-CP, internal procedures)."""
    if step is None or not getattr(user, "is_authenticated", False):
        return False
    role_holders = Membership.objects.active().filter(unit_id=step.unit_id, role=step.role)
    if step.handler_id is not None and role_holders.filter(user_id=step.handler_id).exists():
        return bool(step.handler_id == user.pk)
    return role_holders.filter(user=user).exists()


def signing_step(steps: list[DossierStep]) -> DossierStep | None:
    """The final approval step: the last unit-head step of the procedure (what follows it,
    returning the result, comes after the signature); without one, the last step."""
    heads = [s for s in steps if s.role == Role.UNIT_HEAD]
    if heads:
        return heads[-1]
    return steps[-1] if steps else None


def check_signing(user: Any, dossier: Dossier) -> None:
    """Completion happens only at the final approval step, by its holder."""
    steps = list(dossier.steps.select_related("unit").order_by("order"))
    signing = signing_step(steps)
    if signing is None:
        return  # a dossier without steps: the unit head of the table signs it
    current = dossier.current_step
    if current is None or current.pk != signing.pk:
        raise TransitionRefused(
            "not_signing_step",
            _("Hồ sơ đang ở bước “%(step)s”: chỉ ký kết quả ở bước “%(signing)s”.")
            % {"step": current.name if current else "—", "signing": signing.name},
        )
    if signing.role == Role.UNIT_HEAD:
        allowed = holds_step(user, signing)
    else:
        allowed = (
            Membership.objects.active()
            .filter(user=user, unit_id=signing.unit_id, role=Role.UNIT_HEAD)
            .exists()
        )
    if not allowed:
        raise TransitionRefused(
            "not_step_holder",
            _("Bước “%(step)s” không do bạn đảm nhận.") % {"step": signing.name},
        )


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


def resume_clock(dossier: Dossier, now: datetime, reason: str) -> dict[str, Any]:
    """Close the open pause and push the dossier's and the current step's due times back
    by the office time it covered."""
    pause = dossier.pauses.filter(end__isnull=True, reason=reason).first()
    if pause is None:
        return {"paused_since": None}
    pause.end = now
    pause.save(update_fields=["end"])
    legal = deadlines.legal_due_at(dossier)
    changes: dict[str, Any] = {"paused_since": None, "legal_due_at": legal}
    # An apology already set a later appointment; otherwise the appointment follows the law.
    changes["due_at"] = max(legal, dossier.due_at) if dossier.apology_count else legal
    step = dossier.current_step
    if step is not None and step.due_at is not None:
        calendar = working_calendar_for(step.unit)
        paused = engine.working_time_between(
            max(pause.start, step.started_at or pause.start), now, calendar
        )
        step.due_at = engine.add_working_time(step.due_at, paused, calendar)
        step.save(update_fields=["due_at"])
    return changes
