"""The SIPAS results as an XLSX workbook (openpyxl): one row per unit, overall and per
element, percent to two decimals; or, for the PAR index's survey import, one row per unit
and key (``sipas``, ``sipas.<element>``)."""

from __future__ import annotations

from io import BytesIO

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

from motcua.org.models import Unit
from motcua.surveys import selectors

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _number(value: object) -> object:
    return None if value is None else float(value)  # type: ignore[arg-type]


def results_rows(unit: Unit, year: int) -> tuple[list[str], list[list[object]]]:
    overall = selectors.sipas_result(unit, year)
    rows = selectors.unit_rows(unit, year)
    keys = list(overall.labels) if overall else []
    header = ["Mã đơn vị", "Đơn vị", "Năm", "Số người trả lời", "SIPAS (%)"]
    header += [f"{overall.labels[k]} (%)" for k in keys] if overall else []
    out: list[list[object]] = []
    for member, result in ([(unit, overall)] if overall else []) + rows:
        if member.pk == unit.pk and out:
            continue
        per = result.per_element()
        out.append(
            [member.code, member.name, year, result.index.respondents, _number(result.overall)]
            + [_number(per.get(k)) for k in keys]
        )
    return header, out


def par_rows(unit: Unit, year: int) -> tuple[list[str], list[list[object]]]:
    """The layout the PAR index's round imports (unit code | key | value %): ``sipas`` and
    ``sipas.<element>`` of the unit and of every surveyed unit of its subtree."""
    overall = selectors.sipas_result(unit, year)
    results = ([(unit, overall)] if overall else []) + [
        (m, r) for m, r in selectors.unit_rows(unit, year) if m.pk != unit.pk
    ]
    out: list[list[object]] = []
    for member, result in results:
        if result.overall is not None:
            out.append([member.code, "sipas", _number(result.overall)])
        for key, rate in result.per_element().items():
            if rate is not None:
                out.append([member.code, f"sipas.{key}", _number(rate)])
    return ["Mã đơn vị", "Khóa", "Giá trị (%)"], out


def results_workbook(unit: Unit, year: int, *, for_par: bool = False) -> HttpResponse:
    header, rows = par_rows(unit, year) if for_par else results_rows(unit, year)
    book = Workbook()
    sheet = book.active
    sheet.title = f"SIPAS {year}"
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "A2"
    out = BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    suffix = "-chi-so-cchc" if for_par else ""
    response["Content-Disposition"] = (
        f'attachment; filename="sipas-{unit.code}-{year}{suffix}.xlsx"'
    )
    return response
