"""Criteria trees in and out of a spreadsheet (the layout is in ``docs/parindex.md``).

A workbook has two sheets: ``Tiêu chí`` (one row per field, criterion and sub-criterion,
in tree order) and ``Xếp loại`` (the classification bands). The shipped example trees
are the same two tables as CSV files (``motcua/parindex/data/trees/``), read by the same
parser. Import is all or nothing: every problem is reported with its sheet, row and
column, and nothing is written unless there is none.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from io import BytesIO
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from motcua.core.models import record_audit
from motcua.parindex import rules, scorer, sources
from motcua.parindex.models import ClassificationBand, CriteriaTree, Criterion, UnitGroup

CRITERIA_SHEET = "Tiêu chí"
BANDS_SHEET = "Xếp loại"
CRITERIA_HEADERS = [
    "Số TT",
    "Tên tiêu chí",
    "Điểm tối đa",
    "Cách chấm",
    "Ngưỡng (%)",
    "Mức điểm",
    "Chỉ tiêu",
    "Điểm trừ mỗi lỗi",
    "Nguồn số liệu",
    "Hướng dẫn",
]
BANDS_HEADERS = ["Xếp loại", "Từ (% điểm tối đa)"]
COLUMNS = "ABCDEFGHIJ"


@dataclass(frozen=True)
class CellError:
    sheet: str
    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }

    def __str__(self) -> str:
        return _("Trang “%(sheet)s”, dòng %(row)s, cột %(column)s: %(message)s") % {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


class TreeFileError(Exception):
    def __init__(self, errors: Sequence[CellError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = list(errors)


@dataclass
class CriterionRow:
    row: int
    number: str
    name: str
    max_points: Decimal
    rule: str
    threshold: Decimal | None
    bands: str
    quota: int | None
    per_item: Decimal | None
    source: str
    guidance: str


@dataclass
class BandRow:
    label: str
    min_percent: Decimal


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _decimal(value: Any) -> Decimal | None:
    text = _text(value).replace(",", ".")
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValueError(text) from None


def parse_criteria(rows: Iterable[Sequence[Any]]) -> tuple[list[CriterionRow], list[CellError]]:
    """Rows of the criteria sheet, header first. Returns the rows read and the problems."""
    errors: list[CellError] = []
    parsed: list[CriterionRow] = []
    iterator = iter(rows)
    header = [_text(v) for v in next(iterator, [])]
    if [h.lower() for h in header[: len(CRITERIA_HEADERS)]] != [
        h.lower() for h in CRITERIA_HEADERS
    ]:
        return [], [
            CellError(
                CRITERIA_SHEET,
                1,
                "A",
                _("Dòng tiêu đề phải là: %(headers)s.") % {"headers": ", ".join(CRITERIA_HEADERS)},
            )
        ]
    for index, raw in enumerate(iterator, start=2):
        cells = [_text(v) for v in list(raw) + [None] * len(COLUMNS)][: len(COLUMNS)]
        if not any(cells):
            continue

        def bad(column: str, message: str, row: int = index) -> None:
            errors.append(CellError(CRITERIA_SHEET, row, column, message))

        (
            number,
            name,
            max_text,
            rule,
            threshold_text,
            bands,
            quota_text,
            per_item_text,
            source,
            guidance,
        ) = cells
        if not scorer.NUMBER.match(number):
            bad("A", _("Số thứ tự “%(v)s” không đúng dạng 1, 1.3 hoặc 7.3.3.2.") % {"v": number})
        if not name:
            bad("B", _("Thiếu tên tiêu chí."))
        max_points = threshold = per_item = None
        quota = None
        try:
            max_points = _decimal(max_text)
            if max_points is None or max_points < 0:
                raise ValueError(max_text)
        except ValueError:
            bad("C", _("Điểm tối đa “%(v)s” phải là một số không âm.") % {"v": max_text})
        if rule and rule not in rules.KINDS:
            bad(
                "D",
                _("Cách chấm “%(v)s” không có; dùng một trong: %(kinds)s.")
                % {"v": rule, "kinds": ", ".join(rules.KINDS)},
            )
        try:
            threshold = _decimal(threshold_text)
            if threshold is not None and not 0 < threshold <= 100:
                raise ValueError(threshold_text)
        except ValueError:
            bad(
                "E",
                _("Ngưỡng “%(v)s” phải là một tỷ lệ phần trăm lớn hơn 0, tối đa 100.")
                % {"v": threshold_text},
            )
        if rule == rules.THRESHOLD and threshold_text == "":
            bad("E", _("Cách chấm theo ngưỡng cần ghi ngưỡng (%)."))
        if bands:
            try:
                rules.parse_bands(bands)
            except (ValueError, InvalidOperation):
                bad("F", _("Mức điểm “%(v)s” phải có dạng 97=2; 90=1.") % {"v": bands})
        elif rule == rules.BANDS:
            bad("F", _("Cách chấm theo mức cần ghi các mức điểm (ví dụ 97=2; 90=1)."))
        try:
            quota_value = _decimal(quota_text)
            if quota_value is not None:
                if quota_value != quota_value.to_integral_value() or quota_value <= 0:
                    raise ValueError(quota_text)
                quota = int(quota_value)
        except ValueError:
            bad("G", _("Chỉ tiêu “%(v)s” phải là một số nguyên dương.") % {"v": quota_text})
        if rule == rules.QUOTA and not quota_text:
            bad("G", _("Cách chấm theo chỉ tiêu cần ghi chỉ tiêu."))
        try:
            per_item = _decimal(per_item_text)
            if per_item is not None and per_item <= 0:
                raise ValueError(per_item_text)
        except ValueError:
            bad("H", _("Điểm trừ mỗi lỗi “%(v)s” phải là một số dương.") % {"v": per_item_text})
        if rule == rules.DEDUCTION and not per_item_text:
            bad("H", _("Điểm trừ cần ghi số điểm trừ mỗi lỗi."))
        if source and not sources.is_known(source):
            bad("I", _("Nguồn số liệu “%(v)s” không có trong hệ thống.") % {"v": source})
        if source and rule == rules.MANUAL:
            bad("I", _("Tiêu chí tự chấm không có nguồn số liệu."))
        if rule == rules.SURVEY and not source:
            bad("I", _("Tiêu chí theo điều tra xã hội học cần ghi nguồn (ví dụ sipas)."))
        if max_points is not None:
            parsed.append(
                CriterionRow(
                    index,
                    number,
                    name,
                    max_points,
                    rule,
                    threshold,
                    bands,
                    quota,
                    per_item,
                    source,
                    guidance,
                )
            )
    if not parsed and not errors:
        errors.append(CellError(CRITERIA_SHEET, 2, "A", _("Bộ tiêu chí không có dòng nào.")))
    if errors:
        return parsed, errors
    nodes = [_node(r) for r in parsed]
    rows_by_number = {r.number: r.row for r in parsed}
    messages = {
        "duplicate": _("Số thứ tự bị trùng."),
        "orphan": _("Tiêu chí cấp trên phải đứng trước và có trong bộ tiêu chí."),
        "parent_has_rule": _("Tiêu chí có tiêu chí thành phần thì không ghi cách chấm."),
        "leaf_without_rule": _("Tiêu chí thành phần cần ghi cách chấm."),
        "max_mismatch": _(
            "Điểm tối đa phải bằng tổng điểm tối đa của các tiêu chí thành phần (không tính điểm trừ)."
        ),
        "bad_number": _("Số thứ tự không đúng dạng."),
        "empty": _("Bộ tiêu chí không có dòng nào."),
    }
    columns = {"parent_has_rule": "D", "leaf_without_rule": "D", "max_mismatch": "C"}
    for problem in scorer.validate(nodes):
        row = rows_by_number.get(problem.number, 2)
        if problem.problem == "duplicate":
            row = [r.row for r in parsed if r.number == problem.number][-1]
        errors.append(
            CellError(
                CRITERIA_SHEET,
                row,
                columns.get(problem.problem, "A"),
                str(messages[problem.problem]),
            )
        )
    return parsed, errors


def _node(row: CriterionRow) -> scorer.Node:
    rule = None
    if row.rule:
        rule = rules.Rule(
            kind=row.rule,
            max_points=row.max_points,
            threshold=row.threshold,
            bands=rules.parse_bands(row.bands) if row.bands else (),
            quota=row.quota,
            per_item=row.per_item,
        )
    return scorer.Node(row.number, row.name, row.max_points, rule)


def parse_bands(rows: Iterable[Sequence[Any]]) -> tuple[list[BandRow], list[CellError]]:
    errors: list[CellError] = []
    parsed: list[BandRow] = []
    iterator = iter(rows)
    header = [_text(v).lower() for v in next(iterator, [])]
    if header[:2] != [h.lower() for h in BANDS_HEADERS]:
        return [], [
            CellError(
                BANDS_SHEET,
                1,
                "A",
                _("Dòng tiêu đề phải là: %(headers)s.") % {"headers": ", ".join(BANDS_HEADERS)},
            )
        ]
    labels: set[str] = set()
    for index, raw in enumerate(iterator, start=2):
        cells = [_text(v) for v in list(raw) + [None, None]][:2]
        if not any(cells):
            continue
        label, percent_text = cells
        if not label:
            errors.append(CellError(BANDS_SHEET, index, "A", _("Thiếu tên xếp loại.")))
        elif label in labels:
            errors.append(CellError(BANDS_SHEET, index, "A", _("Xếp loại bị trùng.")))
        labels.add(label)
        try:
            percent = _decimal(percent_text)
            if percent is None or not 0 <= percent <= 100:
                raise ValueError(percent_text)
            parsed.append(BandRow(label, percent))
        except ValueError:
            errors.append(
                CellError(
                    BANDS_SHEET,
                    index,
                    "B",
                    _("“%(v)s” phải là tỷ lệ phần trăm từ 0 đến 100.") % {"v": percent_text},
                )
            )
    if not parsed and not errors:
        errors.append(CellError(BANDS_SHEET, 2, "A", _("Cần ít nhất một mức xếp loại.")))
    return parsed, errors


def read_workbook(content: bytes) -> tuple[list[list[Any]], list[list[Any]]]:
    try:
        book = load_workbook(BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds on a broken file
        raise TreeFileError([CellError("", 0, "", _("Không đọc được tệp Excel (.xlsx)."))]) from exc
    missing = [name for name in (CRITERIA_SHEET, BANDS_SHEET) if name not in book.sheetnames]
    if missing:
        raise TreeFileError(
            [
                CellError(name, 0, "", _("Tệp thiếu trang “%(sheet)s”.") % {"sheet": name})
                for name in missing
            ]
        )
    criteria = [list(r) for r in book[CRITERIA_SHEET].iter_rows(values_only=True)]
    bands = [list(r) for r in book[BANDS_SHEET].iter_rows(values_only=True)]
    return criteria, bands


def read_csv_pair(criteria_path: Path) -> tuple[list[list[str]], list[list[str]]]:
    """``name.criteria.csv`` and its ``name.bands.csv`` beside it."""
    bands_path = criteria_path.with_name(criteria_path.name.replace(".criteria.csv", ".bands.csv"))
    with criteria_path.open(encoding="utf-8", newline="") as handle:
        criteria = list(csv.reader(handle))
    with bands_path.open(encoding="utf-8", newline="") as handle:
        bands = list(csv.reader(handle))
    return criteria, bands


@transaction.atomic
def do_import_tree(
    *,
    actor: Any,
    year: int,
    group: UnitGroup,
    name: str,
    criteria_rows: Iterable[Sequence[Any]],
    band_rows: Iterable[Sequence[Any]],
    source_name: str = "",
) -> CriteriaTree:
    """A new version of the tree of ``year`` and ``group``; raises ``TreeFileError`` with
    every problem, writing nothing, when the rows are wrong."""
    criteria, errors = parse_criteria(criteria_rows)
    bands, band_errors = parse_bands(band_rows)
    errors += band_errors
    if not name.strip():
        errors.insert(0, CellError("", 0, "", _("Cần ghi tên bộ tiêu chí.")))
    if errors:
        raise TreeFileError(errors)
    version = (
        CriteriaTree.objects.filter(year=year, group=group)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
        or 0
    ) + 1
    nodes = [_node(r) for r in criteria]
    tree = CriteriaTree.objects.create(
        year=year,
        group=group,
        version=version,
        name=name.strip(),
        max_score=scorer.max_score(nodes),
        source_name=source_name[:255],
        imported_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    by_number: dict[str, Criterion] = {}
    for position, row in enumerate(criteria):
        parent_number = scorer.parent_number(row.number)
        by_number[row.number] = Criterion.objects.create(
            tree=tree,
            number=row.number,
            parent=by_number.get(parent_number) if parent_number else None,
            name=row.name,
            max_points=row.max_points,
            rule=row.rule,
            threshold=row.threshold,
            bands=rules.format_bands(rules.parse_bands(row.bands)) if row.bands else "",
            quota=row.quota,
            per_item=row.per_item,
            source=row.source,
            guidance=row.guidance,
            position=position,
        )
    ClassificationBand.objects.bulk_create(
        ClassificationBand(tree=tree, label=b.label, min_percent=b.min_percent) for b in bands
    )
    record_audit(
        actor,
        "par.tree_import",
        tree,
        f"{tree}: {len(criteria)} tiêu chí, tối đa {tree.max_score}",
        {"source": source_name},
    )
    return tree


def _cell(value: Decimal | int | None) -> Any:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return float(value) if value != value.to_integral_value() else int(value)
    return value


def export_workbook(tree: CriteriaTree) -> bytes:
    """The tree in the import layout: importing the file again gives the same tree."""
    book = Workbook()
    sheet = book.active
    sheet.title = CRITERIA_SHEET
    sheet.append(CRITERIA_HEADERS)
    for c in tree.criteria.all():
        sheet.append(
            [
                c.number,
                c.name,
                _cell(c.max_points),
                c.rule or None,
                _cell(c.threshold),
                c.bands or None,
                c.quota,
                _cell(c.per_item),
                c.source or None,
                c.guidance or None,
            ]
        )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 10
    sheet.column_dimensions["B"].width = 70
    bands = book.create_sheet(BANDS_SHEET)
    bands.append(BANDS_HEADERS)
    for b in tree.bands.all():
        bands.append([b.label, _cell(b.min_percent)])
    out = BytesIO()
    book.save(out)
    return out.getvalue()
