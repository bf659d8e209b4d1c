"""The catalogue's spreadsheet layout (documented in docs/catalogue-xlsx.md).

Four sheets, a header row each, one row per item; child rows name their procedure by
code. Enumerated cells accept the Vietnamese label shown in the export ("Toàn trình") or
the internal value ("full"), case-insensitively. Reading reports every bad cell by sheet,
row and column; ``read_catalogue`` returns records only when the whole file is clean.
The same sheets as CSV files are read by ``motcua.procedures.catalogue_files``: both feed
``read_sheets``, so a CSV and a workbook pass exactly the same checks.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from motcua.core.choices import ChoiceSet
from motcua.procedures.catalogue import (
    DocumentRecord,
    FeeRecord,
    ProcedureRecord,
    RecordProblem,
    StepRecord,
)
from motcua.procedures.choices import CopyKind, FeeKind, Level, OnlineLevel, StepRole, TimeUnit

SHEET_PROCEDURES = "Thủ tục"
SHEET_FEES = "Phí, lệ phí"
SHEET_DOCUMENTS = "Thành phần hồ sơ"
SHEET_STEPS = "Quy trình"

# (attribute, header) in column order.
PROCEDURE_COLUMNS = [
    ("code", "Mã thủ tục"),
    ("name", "Tên thủ tục"),
    ("field_code", "Mã lĩnh vực"),
    ("field_name", "Tên lĩnh vực"),
    ("levels", "Cấp thực hiện"),
    ("time_limit", "Thời hạn giải quyết"),
    ("time_unit", "Đơn vị thời hạn"),
    ("online_level", "Mức độ trực tuyến"),
    ("inter_agency", "Liên thông"),
    ("result", "Kết quả thực hiện"),
    ("legal_basis", "Căn cứ pháp lý"),
    ("unit_codes", "Cơ quan thực hiện (mã định danh)"),
    ("is_active", "Đang áp dụng"),
]
FEE_COLUMNS = [
    ("code", "Mã thủ tục"),
    ("kind", "Loại"),
    ("amount", "Mức thu (đồng)"),
    ("description", "Mô tả"),
    ("exemption", "Đối tượng miễn, giảm"),
]
DOCUMENT_COLUMNS = [
    ("code", "Mã thủ tục"),
    ("name", "Tên giấy tờ"),
    ("copy_kind", "Loại bản"),
    ("quantity", "Số lượng"),
    ("mandatory", "Bắt buộc"),
]
STEP_COLUMNS = [
    ("code", "Mã thủ tục"),
    ("name", "Tên bước"),
    ("role", "Vai trò thực hiện"),
    ("unit_code", "Đơn vị thực hiện (mã định danh, trống = cơ quan giải quyết)"),
    ("budget", "Thời gian (theo đơn vị thời hạn)"),
]
SHEETS = {
    SHEET_PROCEDURES: PROCEDURE_COLUMNS,
    SHEET_FEES: FEE_COLUMNS,
    SHEET_DOCUMENTS: DOCUMENT_COLUMNS,
    SHEET_STEPS: STEP_COLUMNS,
}

YES = {"có", "co", "x", "yes", "true", "1"}
NO = {"không", "khong", "", "no", "false", "0"}


@dataclass(frozen=True)
class CellError:
    """Lỗi tại một ô: sheet, row (1-based as the spreadsheet shows it), column letter."""

    sheet: str
    row: int
    column: str
    header: str
    message: str

    def __str__(self) -> str:
        return _("Trang “%(sheet)s”, dòng %(row)d, cột %(column)s (%(header)s): %(message)s") % {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "header": self.header,
            "message": self.message,
        }


class CatalogueFileError(Exception):
    """Cells that could not be read; ``records`` holds what could, so that the rules can
    still be checked and every problem reported at once."""

    def __init__(
        self,
        errors: list[CellError],
        records: list[ProcedureRecord] | None = None,
        rows_by_code: dict[str, int] | None = None,
    ) -> None:
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors
        self.records = records or []
        self.rows_by_code = rows_by_code or {}


def _column(columns: list[tuple[str, str]], attribute: str) -> tuple[str, str]:
    for index, (attr, header) in enumerate(columns, start=1):
        if attr == attribute:
            return get_column_letter(index), header
    raise KeyError(attribute)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _choice(choice_set: type[ChoiceSet], raw: str) -> str:
    wanted = raw.strip().lower()
    for value, label, _colour in choice_set.CHOICES:
        if wanted in (value.lower(), str(label).lower()):
            return value
    raise ValueError(
        _("giá trị “%(raw)s” không thuộc danh sách: %(allowed)s")
        % {
            "raw": raw,
            "allowed": ", ".join(str(label) for _v, label, _c in choice_set.CHOICES),
        }
    )


def _level(raw: str) -> str:
    # "Cấp tỉnh" / "tỉnh" / "province" all name the same level.
    cleaned = raw.strip().lower().removeprefix("cấp ").strip()
    aliases = {"tỉnh": Level.PROVINCE, "huyện": Level.DISTRICT, "xã": Level.COMMUNE}
    if cleaned in aliases:
        return aliases[cleaned]
    return _choice(Level, raw)


def _bool(raw: str) -> bool:
    lowered = raw.strip().lower()
    if lowered in YES:
        return True
    if lowered in NO:
        return False
    raise ValueError(_("phải là “Có” hoặc “Không”"))


def _int(raw: str, *, allow_empty: bool = False) -> int | None:
    if raw == "" and allow_empty:
        return None
    try:
        number = Decimal(raw.replace(" ", ""))
    except InvalidOperation:
        raise ValueError(_("“%(raw)s” không phải là số") % {"raw": raw}) from None
    if number != number.to_integral_value():
        raise ValueError(_("“%(raw)s” phải là số nguyên") % {"raw": raw})
    return int(number)


def _decimal(raw: str) -> Decimal:
    try:
        value = Decimal(raw.replace(",", "."))
    except InvalidOperation:
        raise ValueError(_("“%(raw)s” không phải là số") % {"raw": raw}) from None
    if not value.is_finite() or value != value.quantize(Decimal("0.01")):
        raise ValueError(_("“%(raw)s” chỉ được có tối đa 2 chữ số thập phân") % {"raw": raw})
    return value


# Each sheet's rows (header first) as sequences of cell values, by sheet name.
Sheets = Mapping[str, Iterable[Sequence[Any]]]


def _rows(sheets: Sheets, sheet: str, errors: list[CellError]) -> list[tuple[int, dict[str, str]]]:
    columns = SHEETS[sheet]
    if sheet not in sheets:
        errors.append(
            CellError(
                sheet,
                1,
                "A",
                columns[0][1],
                _("thiếu trang “%(sheet)s” trong tệp") % {"sheet": sheet},
            )
        )
        return []
    rows = iter(sheets[sheet])
    header = next(rows, None) or ()
    for index, (_attr, expected) in enumerate(columns):
        found = _text(header[index]) if index < len(header) else ""
        if found.lower() != expected.lower():
            errors.append(
                CellError(
                    sheet,
                    1,
                    get_column_letter(index + 1),
                    expected,
                    _("tiêu đề cột phải là “%(expected)s”, tệp ghi “%(found)s”")
                    % {"expected": expected, "found": found},
                )
            )
    result = []
    for row_number, values in enumerate(rows, start=2):
        cells = [_text(v) for v in values[: len(columns)]]
        if not any(cells):
            continue
        cells += [""] * (len(columns) - len(cells))
        result.append((row_number, {attr: cells[i] for i, (attr, _h) in enumerate(columns)}))
    return result


def read_catalogue(stream: IO[bytes]) -> tuple[list[ProcedureRecord], dict[str, int]]:
    """Parse a catalogue workbook into records. Returns the records and, for each code, the
    row of its procedure (to locate later rule violations). Raises ``CatalogueFileError``
    listing every bad cell."""
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except Exception:
        raise CatalogueFileError(
            [CellError("—", 0, "—", "—", _("tệp không phải là bảng tính Excel (.xlsx) hợp lệ"))]
        ) from None
    return read_sheets(
        {name: workbook[name].iter_rows(values_only=True) for name in workbook.sheetnames}
    )


def read_sheets(sheets: Sheets) -> tuple[list[ProcedureRecord], dict[str, int]]:
    """Parse the four sheets of the layout, whatever file they came from, into records (see
    ``read_catalogue``). Raises ``CatalogueFileError`` listing every bad cell."""
    errors: list[CellError] = []
    records: dict[str, ProcedureRecord] = {}
    rows_by_code: dict[str, int] = {}

    def fail(sheet: str, row: int, columns: list[tuple[str, str]], attr: str, message: str) -> None:
        letter, header = _column(columns, attr)
        errors.append(CellError(sheet, row, letter, header, message))

    for row, cells in _rows(sheets, SHEET_PROCEDURES, errors):
        cols = PROCEDURE_COLUMNS
        code = cells["code"]
        if not code:
            fail(SHEET_PROCEDURES, row, cols, "code", _("thiếu mã thủ tục"))
            continue
        if code in records:
            fail(
                SHEET_PROCEDURES,
                row,
                cols,
                "code",
                _("mã thủ tục %(code)s đã có ở dòng %(row)d")
                % {"code": code, "row": rows_by_code[code]},
            )
            continue
        parsed: dict[str, Any] = {}
        for attr, parser in (
            ("time_limit", _int),
            ("time_unit", lambda v: _choice(TimeUnit, v)),
            ("online_level", lambda v: _choice(OnlineLevel, v)),
            ("inter_agency", _bool),
            ("is_active", lambda v: True if v == "" else _bool(v)),
        ):
            try:
                parsed[attr] = parser(cells[attr])
            except ValueError as exc:
                fail(SHEET_PROCEDURES, row, cols, attr, str(exc))
        levels = []
        for part in filter(None, (p.strip() for p in cells["levels"].replace(",", ";").split(";"))):
            try:
                levels.append(_level(part))
            except ValueError as exc:
                fail(SHEET_PROCEDURES, row, cols, "levels", str(exc))
        unit_codes = [
            c.strip() for c in cells["unit_codes"].replace(",", ";").split(";") if c.strip()
        ]
        rows_by_code[code] = row
        if len(parsed) < 5:
            continue
        records[code] = ProcedureRecord(
            code=code,
            name=cells["name"],
            field_code=cells["field_code"],
            field_name=cells["field_name"],
            levels=levels,
            time_limit=parsed["time_limit"],
            time_unit=parsed["time_unit"],
            online_level=parsed["online_level"],
            inter_agency=parsed["inter_agency"],
            result=cells["result"],
            legal_basis=cells["legal_basis"],
            unit_codes=unit_codes or None,
            is_active=parsed["is_active"],
        )

    def owner(
        sheet: str, row: int, columns: list[tuple[str, str]], code: str
    ) -> ProcedureRecord | None:
        if code not in records:
            if code not in rows_by_code:
                fail(
                    sheet,
                    row,
                    columns,
                    "code",
                    _("mã thủ tục %(code)s không có trong trang “%(sheet)s”")
                    % {"code": code or "∅", "sheet": SHEET_PROCEDURES},
                )
            return None
        return records[code]

    for row, cells in _rows(sheets, SHEET_FEES, errors):
        target = owner(SHEET_FEES, row, FEE_COLUMNS, cells["code"])
        try:
            kind = _choice(FeeKind, cells["kind"])
            amount = _int(cells["amount"], allow_empty=True)
        except ValueError as exc:
            bad = "kind" if cells["kind"] and not _is_choice(FeeKind, cells["kind"]) else "amount"
            fail(SHEET_FEES, row, FEE_COLUMNS, bad, str(exc))
            continue
        if amount is not None and amount < 0:
            fail(SHEET_FEES, row, FEE_COLUMNS, "amount", _("mức thu không được âm"))
            continue
        if target:
            target.fees.append(FeeRecord(kind, amount, cells["description"], cells["exemption"]))

    for row, cells in _rows(sheets, SHEET_DOCUMENTS, errors):
        target = owner(SHEET_DOCUMENTS, row, DOCUMENT_COLUMNS, cells["code"])
        doc_values: dict[str, Any] = {}
        for attr, parser in (
            ("copy_kind", lambda v: _choice(CopyKind, v)),
            ("quantity", lambda v: 1 if v == "" else _int(v)),
            ("mandatory", lambda v: True if v == "" else _bool(v)),
        ):
            try:
                doc_values[attr] = parser(cells[attr])
            except ValueError as exc:
                fail(SHEET_DOCUMENTS, row, DOCUMENT_COLUMNS, attr, str(exc))
        if not cells["name"]:
            fail(SHEET_DOCUMENTS, row, DOCUMENT_COLUMNS, "name", _("thiếu tên giấy tờ"))
            continue
        if target and len(doc_values) == 3:
            target.documents.append(DocumentRecord(cells["name"], **doc_values))

    for row, cells in _rows(sheets, SHEET_STEPS, errors):
        target = owner(SHEET_STEPS, row, STEP_COLUMNS, cells["code"])
        step_values: dict[str, Any] = {}
        for attr, parser in (
            ("role", lambda v: _choice(StepRole, v)),
            ("budget", _decimal),
        ):
            try:
                step_values[attr] = parser(cells[attr])
            except ValueError as exc:
                fail(SHEET_STEPS, row, STEP_COLUMNS, attr, str(exc))
        if not cells["name"]:
            fail(SHEET_STEPS, row, STEP_COLUMNS, "name", _("thiếu tên bước"))
            continue
        if target and len(step_values) == 2:
            target.steps.append(
                StepRecord(
                    cells["name"],
                    step_values["role"],
                    step_values["budget"],
                    cells["unit_code"] or None,
                )
            )

    if errors:
        raise CatalogueFileError(errors, list(records.values()), rows_by_code)
    return list(records.values()), rows_by_code


def _is_choice(choice_set: type[ChoiceSet], raw: str) -> bool:
    try:
        _choice(choice_set, raw)
    except ValueError:
        return False
    return True


# Where each record attribute lives, to point a rule violation at a cell.
_PROBLEM_SHEETS = {
    "fees": (SHEET_FEES, FEE_COLUMNS, "code"),
    "documents": (SHEET_DOCUMENTS, DOCUMENT_COLUMNS, "code"),
    "steps": (SHEET_STEPS, STEP_COLUMNS, "code"),
}


def locate_problems(problems: list[RecordProblem], rows_by_code: dict[str, int]) -> list[CellError]:
    """Turn rule violations found on records into cell errors of the file they came from."""
    located = []
    for p in problems:
        row = rows_by_code.get(p.code, 0)
        if p.attribute in _PROBLEM_SHEETS:
            # The violation concerns child rows; point at the procedure's row and say which
            # sheet holds them.
            sheet_name = _PROBLEM_SHEETS[p.attribute][0]
            letter, header = _column(PROCEDURE_COLUMNS, "code")
            located.append(
                CellError(
                    SHEET_PROCEDURES,
                    row,
                    letter,
                    header,
                    f"{p.message} ({_('xem trang')} “{sheet_name}”)",
                )
            )
            continue
        letter, header = _column(PROCEDURE_COLUMNS, p.attribute)
        located.append(CellError(SHEET_PROCEDURES, row, letter, header, p.message))
    return located


def write_catalogue(records: list[ProcedureRecord]) -> bytes:
    """The catalogue as an XLSX workbook in the import layout (a round trip is lossless)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE7F4")

    def sheet(title: str, columns: list[tuple[str, str]], rows: list[list[Any]]) -> None:
        ws = workbook.create_sheet(title)
        ws.append([header for _attr, header in columns])
        for cell in ws[1]:
            cell.font = bold
            cell.fill = fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for values in rows:
            ws.append(values)
        for index, (_attr, header) in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(index)].width = min(60, max(12, len(header) + 2))
        ws.freeze_panes = "A2"

    yes, no = "Có", "Không"
    sheet(
        SHEET_PROCEDURES,
        PROCEDURE_COLUMNS,
        [
            [
                r.code,
                r.name,
                r.field_code,
                r.field_name,
                "; ".join(Level.label(level) for level in r.levels),
                r.time_limit,
                TimeUnit.label(r.time_unit),
                OnlineLevel.label(r.online_level),
                yes if r.inter_agency else no,
                r.result,
                r.legal_basis,
                "; ".join(r.unit_codes or []),
                yes if r.is_active else no,
            ]
            for r in records
        ],
    )
    sheet(
        SHEET_FEES,
        FEE_COLUMNS,
        [
            [r.code, FeeKind.label(f.kind), f.amount, f.description, f.exemption]
            for r in records
            for f in r.fees
        ],
    )
    sheet(
        SHEET_DOCUMENTS,
        DOCUMENT_COLUMNS,
        [
            [r.code, d.name, CopyKind.label(d.copy_kind), d.quantity, yes if d.mandatory else no]
            for r in records
            for d in r.documents
        ],
    )
    sheet(
        SHEET_STEPS,
        STEP_COLUMNS,
        [
            [r.code, s.name, StepRole.label(s.role), s.unit_code or "", float(s.budget)]
            for r in records
            for s in r.steps
        ],
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
