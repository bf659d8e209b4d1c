from __future__ import annotations

from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema

from motcua.core.api import ErrorOut
from motcua.core.inputs import Code, Limit, Offset, Search
from motcua.core.querysets import get_restricted_or_404
from motcua.procedures.models import Procedure

router = Router(tags=["procedures"])


class FeeOut(Schema):
    kind: str
    amount: int | None
    description: str
    exemption: str


class DocumentOut(Schema):
    name: str
    copy_kind: str
    quantity: int
    mandatory: bool


class ProcedureStepOut(Schema):
    order: int
    name: str
    role: str
    unit: str | None
    budget: Decimal


class ProcedureSummaryOut(Schema):
    code: str
    name: str
    field: str
    levels: list[str]
    time_limit: int
    time_unit: str
    online_level: str


class ProcedureOut(ProcedureSummaryOut):
    inter_agency: bool
    result: str
    legal_basis: str
    units: list[str]
    fees: list[FeeOut]
    documents: list[DocumentOut]
    steps: list[ProcedureStepOut]


def _summary(p: Procedure) -> dict:  # type: ignore[type-arg]
    return {
        "code": p.code,
        "name": p.name,
        "field": p.field.code,
        "levels": p.level_codes,
        "time_limit": p.time_limit,
        "time_unit": p.time_unit,
        "online_level": p.online_level,
    }


@router.get("", response=list[ProcedureSummaryOut], summary="Danh mục thủ tục")
def list_procedures(
    request: HttpRequest,
    q: Search = "",
    field: Code = "",
    level: Code = "",
    limit: Limit = 100,
    offset: Offset = 0,
) -> list[dict]:  # type: ignore[type-arg]
    qs = (
        Procedure.objects.restrict(request.user, "view")
        .filter(is_active=True)
        .select_related("field")
        .prefetch_related("levels")
        .search(q)  # best match first (the portal's order too); by code without q
    )
    if field:
        qs = qs.filter(field__code=field)
    if level:
        qs = qs.at_level(level)
    return [_summary(p) for p in qs[offset : offset + limit]]


@router.get("/{code}", response={200: ProcedureOut, 404: ErrorOut}, summary="Một thủ tục")
def get_procedure(request: HttpRequest, code: Code) -> dict:  # type: ignore[type-arg]
    p = get_restricted_or_404(
        Procedure.objects.select_related("field").prefetch_related(
            "levels", "fees", "documents", "steps__unit", "units"
        ),
        request.user,
        "view",
        code=code,
    )
    return {
        **_summary(p),
        "inter_agency": p.inter_agency,
        "result": p.result,
        "legal_basis": p.legal_basis,
        "units": sorted(u.code for u in p.units.all()),
        "fees": list(p.fees.all()),
        "documents": list(p.documents.all()),
        "steps": [
            {
                "order": s.order,
                "name": s.name,
                "role": s.role,
                "unit": s.unit.code if s.unit else None,
                "budget": s.budget,
            }
            for s in p.steps.all()
        ],
    }
