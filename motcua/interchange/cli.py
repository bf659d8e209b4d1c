"""The ``--unit CODE --from YYYY-MM-DD --to YYYY-MM-DD`` options shared by the commands that
work on a unit subtree over a period (export_dossiers here, report above)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import CommandError

from motcua.org.models import Unit


def add_period_arguments(parser: Any) -> None:
    parser.add_argument("--unit", required=True, help="mã định danh của đơn vị")
    parser.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD")
    parser.add_argument("--to", dest="end", required=True, help="YYYY-MM-DD")


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Ngày không hợp lệ (YYYY-MM-DD): {value}") from exc


def unit_and_period(options: dict[str, Any]) -> tuple[Unit, date, date]:
    start, end = _day(options["start"]), _day(options["end"])
    if end < start:
        raise CommandError("Ngày kết thúc trước ngày bắt đầu.")
    unit = Unit.objects.filter(code=options["unit"]).first()
    if unit is None:
        raise CommandError(f"Không có đơn vị có mã {options['unit']}.")
    return unit, start, end
