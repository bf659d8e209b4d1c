"""Tables as XLSX workbooks (openpyxl): one sheet, a bold header row, dates as dates."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(value: Any) -> Any:
    if isinstance(value, datetime):
        # Excel has no time zones: local (Asia/Ho_Chi_Minh) wall-clock time.
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, float):
        return round(value, 2)
    if value is None or isinstance(value, int | str | bool):
        return value
    return str(value)


def workbook_bytes(title: str, header: list[Any], rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = str(title)[:31]
    sheet.append([str(h) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_cell(v) for v in row])
    sheet.freeze_panes = "A2"
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def workbook_response(
    name: str, title: str, header: list[Any], rows: list[list[Any]]
) -> HttpResponse:
    response = HttpResponse(workbook_bytes(title, header, rows), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response
