"""``GET /api/v1/tasks?unit=CODE&state=overdue``: assigned tasks for other systems."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from motcua.core.api import ApiError, ErrorOut
from motcua.core.inputs import Code
from motcua.core.querysets import get_restricted_or_404
from motcua.directives.choices import TaskState
from motcua.directives.models import Task
from motcua.directives.selectors import tasks_for
from motcua.org.models import Unit
from motcua.org.tokens import staff_auth

router = Router(tags=["tasks"], auth=staff_auth)


class DirectiveRef(Schema):
    kind: str
    number: str
    issued_on: date
    issuer: str
    title: str


class TaskOut(Schema):
    id: int
    title: str
    directive: DirectiveRef
    lead_unit: str
    co_units: list[str]
    deadline: date
    original_deadline: date
    status: str
    state: str
    progress: int
    done_on: date | None
    expected_result: str


class TaskFilter(Schema):
    unit: Code | None = None
    state: Code | None = None


def task_out(task: Task, today: date | None = None) -> dict[str, Any]:
    d = task.directive
    return {
        "id": task.pk,
        "title": task.title,
        "directive": {
            "kind": d.kind,
            "number": d.number,
            "issued_on": d.issued_on,
            "issuer": d.issuer.code,
            "title": d.title,
        },
        "lead_unit": task.lead_unit.code,
        "co_units": sorted(u.code for u in task.co_units.all()),
        "deadline": task.deadline,
        "original_deadline": task.original_deadline,
        "status": task.status,
        "state": task.state(today),
        "progress": task.progress,
        "done_on": task.done_on,
        "expected_result": task.expected_result,
    }


@router.get(
    "",
    response={200: list[TaskOut], 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    summary="Nhiệm vụ được giao (lọc theo đơn vị chủ trì/phối hợp và tình trạng so với hạn)",
)
def list_tasks(request: HttpRequest, filters: Query[TaskFilter]) -> list[dict[str, Any]]:
    qs = tasks_for(request.user)
    if filters.unit:
        unit = get_restricted_or_404(Unit.objects.all(), request.user, "view", code=filters.unit)
        qs = qs.filter(pk__in=Task.objects.for_unit(unit).values("pk"))
    if filters.state:
        if filters.state not in TaskState.values():
            raise ApiError(
                "invalid_state",
                _("Tình trạng không hợp lệ; dùng một trong: %(values)s.")
                % {"values": ", ".join(TaskState.values())},
                details=[{"field": "state", "allowed": TaskState.values()}],
            )
        qs = qs.in_state(filters.state)
    return [task_out(t) for t in qs.distinct().order_by("deadline", "id")]
