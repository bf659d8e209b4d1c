"""The PAR index for other systems: ``GET /api/v1/par/rounds``,
``/par/rounds/{id}/results`` and ``/par/rounds/{id}/units/{code}``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from motcua.core.api import ErrorOut
from motcua.core.inputs import Code, Id, Version
from motcua.core.querysets import get_restricted_or_404
from motcua.core.replica import replica_reads
from motcua.org.tokens import staff_auth
from motcua.parindex import selectors
from motcua.parindex.models import Round

router = Router(tags=["par"], auth=staff_auth)


class RoundOut(Schema):
    id: int
    year: int
    name: str
    state: str
    office: str
    revision: int
    published_at: datetime | None
    groups: list[str]


class ResultOut(Schema):
    unit: str
    group: str
    score: float
    max_score: float
    rank: int | None
    classification: str


class FigureOut(Schema):
    """The figure a data-decided leaf was scored from, and the page of its dossiers."""

    key: str
    numerator: int | None
    denominator: int | None
    rate: float | None
    drilldown: str


class CriterionOut(Schema):
    number: str
    name: str
    max_points: float
    self_points: float | None
    appraised_points: float | None
    final_points: float | None
    figure: FigureOut | None = None
    children: list[CriterionOut]


class UnitScoreOut(Schema):
    unit: str
    score: float
    criteria: list[CriterionOut]


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


def _criterion(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "number": item["number"],
        "name": item["name"],
        "max_points": _num(item["max_points"]),
        "self_points": _num(item["self_points"]),
        "appraised_points": _num(item["appraised_points"]),
        "final_points": _num(item["final_points"]),
        "figure": _figure(item.get("figure")),
        "children": [_criterion(child) for child in item["children"]],
    }


def _figure(figure: dict[str, Any] | None) -> dict[str, Any] | None:
    if not figure:
        return None
    keys = ("key", "numerator", "denominator", "rate", "drilldown")
    return {key: figure[key] for key in keys}


def _round(request: HttpRequest, round_id: int) -> Round:
    return get_restricted_or_404(Round.objects.all(), request.user, "view", pk=round_id)


@router.get(
    "/rounds", response={200: list[RoundOut], 401: ErrorOut}, summary="Các đợt đánh giá Chỉ số CCHC"
)
def list_rounds(request: HttpRequest) -> list[dict[str, Any]]:
    with replica_reads():
        return [
            {
                "id": r.pk,
                "year": r.year,
                "name": r.name,
                "state": r.state,
                "office": r.office.code,
                "revision": r.revision,
                "published_at": r.published_at,
                "groups": [g.group.code for g in r.groups.select_related("group")],
            }
            for r in selectors.rounds_for(request.user)
        ]


@router.get(
    "/rounds/{round_id}/results",
    response={200: list[ResultOut], 401: ErrorOut, 404: ErrorOut},
    summary="Kết quả, xếp hạng, xếp loại của một đợt đánh giá",
)
def round_results(
    request: HttpRequest, round_id: Id, revision: Version | None = None
) -> list[dict[str, Any]]:
    with replica_reads():
        return [
            {
                "unit": row["unit"],
                "group": row["group"],
                "score": float(row["score"]),
                "max_score": float(row["max_score"]),
                "rank": row["rank"],
                "classification": row["classification"],
            }
            for row in selectors.standings(request.user, _round(request, round_id), revision)
        ]


@router.get(
    "/rounds/{round_id}/units/{code}",
    response={200: UnitScoreOut, 401: ErrorOut, 404: ErrorOut},
    summary="Điểm của một đơn vị theo từng tiêu chí",
)
def unit_score(
    request: HttpRequest, round_id: Id, code: Code, revision: Version | None = None
) -> dict[str, Any]:
    with replica_reads():
        card = selectors.unit_card(request.user, _round(request, round_id), code, revision)
    return {
        "unit": card["unit"],
        "score": float(card["score"]),
        "criteria": [_criterion(c) for c in card["criteria"]],
    }
