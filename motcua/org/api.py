from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Router, Schema

from motcua.core.api import ErrorOut
from motcua.core.inputs import Code
from motcua.core.querysets import get_restricted_or_404
from motcua.org.models import Unit
from motcua.org.tokens import staff_auth

router = Router(tags=["units"], auth=staff_auth)


class UnitOut(Schema):
    code: str
    name: str
    kind: str
    parent: str | None
    valid_from: date | None
    valid_to: date | None
    predecessors: list[str]


def _out(u: Unit) -> dict:  # type: ignore[type-arg]
    return {
        "code": u.code,
        "name": u.name,
        "kind": u.kind,
        "parent": u.parent.code if u.parent else None,
        "valid_from": u.valid_from,
        "valid_to": u.valid_to,
        "predecessors": [p.code for p in u.predecessors.all()],
    }


@router.get(
    "", response={200: list[UnitOut], 401: ErrorOut}, summary="Đơn vị trong phạm vi của người dùng"
)
def list_units(request: HttpRequest) -> list[dict]:  # type: ignore[type-arg]
    qs = (
        Unit.objects.restrict(request.user, "view")
        .select_related("parent")
        .prefetch_related("predecessors")
    )
    return [_out(u) for u in qs]


@router.get("/{code}", response={200: UnitOut, 401: ErrorOut, 404: ErrorOut}, summary="Một đơn vị")
def get_unit(request: HttpRequest, code: Code) -> dict:  # type: ignore[type-arg]
    return _out(
        get_restricted_or_404(
            Unit.objects.select_related("parent"), request.user, "view", code=code
        )
    )
