"""The catalogue as plain records, their rules, and the one action that writes them.

Every way into the catalogue (the XLSX import, the demo data, later the national-portal
synchronisation) builds ``ProcedureRecord`` values and hands them to
``do_import_catalogue``, which checks them all and writes all or nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from motcua.core.models import record_audit
from motcua.core.text import fold
from motcua.org.models import Unit
from motcua.procedures.choices import CopyKind, FeeKind, Level, OnlineLevel, StepRole, TimeUnit
from motcua.procedures.models import (
    Fee,
    Field,
    Procedure,
    ProcedureLevel,
    ProcessingStep,
    RequiredDocument,
)

# National procedure codes look like 1.001193 (one digit, a dot, six digits); provinces
# add local suffixes to some (1.001193.000.00.00.H56), which are kept as they are.
PROCEDURE_CODE_RE = re.compile(r"^\d\.\d{6}(\.[0-9A-Z]+)*$")
FIELD_CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9._-]{0,19}$")


@dataclass
class FeeRecord:
    kind: str
    amount: int | None
    description: str = ""
    exemption: str = ""


@dataclass
class DocumentRecord:
    name: str
    copy_kind: str
    quantity: int = 1
    mandatory: bool = True


@dataclass
class StepRecord:
    name: str
    role: str
    budget: Decimal
    unit_code: str | None = None


@dataclass
class ProcedureRecord:
    code: str
    name: str
    field_code: str
    field_name: str
    levels: list[str]
    time_limit: int
    time_unit: str
    online_level: str
    inter_agency: bool = False
    result: str = ""
    legal_basis: str = ""
    # None keeps the units already recorded; a list (even empty) replaces them.
    unit_codes: list[str] | None = None
    is_active: bool = True
    fees: list[FeeRecord] = field(default_factory=list)
    documents: list[DocumentRecord] = field(default_factory=list)
    steps: list[StepRecord] = field(default_factory=list)


@dataclass(frozen=True)
class RecordProblem:
    """A rule a record breaks; ``attribute`` names the record attribute at fault so that a
    reader can point at the cell it came from."""

    code: str
    attribute: str
    message: str


class CatalogueRejected(Exception):
    """Raised with every problem found; nothing was written."""

    def __init__(self, problems: list[Any]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


def validate_record(record: ProcedureRecord, known_units: set[str]) -> list[RecordProblem]:
    """The catalogue's rules for one procedure (pure: no database access)."""
    problems: list[RecordProblem] = []

    def problem(attribute: str, message: str) -> None:
        problems.append(RecordProblem(record.code, attribute, message))

    if not PROCEDURE_CODE_RE.match(record.code):
        problem(
            "code", _("Mã thủ tục “%(code)s” không đúng dạng 1.001193.") % {"code": record.code}
        )
    if not record.name.strip():
        problem("name", _("Thiếu tên thủ tục."))
    if not FIELD_CODE_RE.match(record.field_code):
        problem(
            "field_code", _("Mã lĩnh vực “%(code)s” không hợp lệ.") % {"code": record.field_code}
        )
    if not record.levels:
        problem("levels", _("Thiếu cấp thực hiện."))
    for level in record.levels:
        if level not in Level.values():
            problem("levels", _("Cấp thực hiện “%(v)s” không hợp lệ.") % {"v": level})
    if record.time_limit < 1:
        problem("time_limit", _("Thời hạn giải quyết phải là số nguyên dương."))
    if record.time_unit not in TimeUnit.values():
        problem("time_unit", _("Đơn vị thời hạn “%(v)s” không hợp lệ.") % {"v": record.time_unit})
    if record.online_level not in OnlineLevel.values():
        problem(
            "online_level",
            _("Mức độ trực tuyến “%(v)s” không hợp lệ.") % {"v": record.online_level},
        )
    for code in record.unit_codes or []:
        if code not in known_units:
            problem("unit_codes", _("Không có đơn vị mang mã định danh %(code)s.") % {"code": code})
    for fee in record.fees:
        if fee.kind not in FeeKind.values():
            problem("fees", _("Loại phí “%(v)s” không hợp lệ.") % {"v": fee.kind})
        if fee.amount is not None and fee.amount < 0:
            problem("fees", _("Mức thu không được âm."))
    for doc in record.documents:
        if not doc.name.strip():
            problem("documents", _("Thiếu tên giấy tờ."))
        if doc.copy_kind not in CopyKind.values():
            problem("documents", _("Loại bản “%(v)s” không hợp lệ.") % {"v": doc.copy_kind})
        if doc.quantity < 1:
            problem("documents", _("Số lượng giấy tờ phải từ 1 trở lên."))

    # Processing steps: published with the time of each step, whose total is the legal
    # limit (Nghị định 61/2018/NĐ-CP Điều 14; Nghị định 118/2025/NĐ-CP keeps the rule).
    if not record.steps:
        problem("steps", _("Thủ tục chưa có quy trình xử lý (ít nhất một bước)."))
    total = sum((step.budget for step in record.steps), Decimal(0))
    if record.steps and total != Decimal(record.time_limit):
        problem(
            "time_limit",
            _("Tổng thời gian các bước (%(total)s) khác thời hạn giải quyết (%(limit)s %(unit)s).")
            % {
                "total": _plain(total),
                "limit": record.time_limit,
                "unit": TimeUnit.label(record.time_unit),
            },
        )
    other_unit_steps = False
    for step in record.steps:
        if step.budget < 0:
            problem("steps", _("Bước “%(name)s” có thời gian âm.") % {"name": step.name})
        if step.role not in StepRole.values():
            problem(
                "steps",
                _("Vai trò “%(role)s” của bước “%(name)s” không hợp lệ.")
                % {"role": step.role, "name": step.name},
            )
        if step.unit_code:
            other_unit_steps = True
            if step.unit_code not in known_units:
                problem(
                    "steps",
                    _("Bước “%(name)s”: không có đơn vị mã %(code)s.")
                    % {"name": step.name, "code": step.unit_code},
                )
    if other_unit_steps and not record.inter_agency:
        problem(
            "inter_agency",
            _("Quy trình có bước do cơ quan khác thực hiện: thủ tục phải là liên thông."),
        )
    return problems


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def find_problems(records: list[ProcedureRecord]) -> list[RecordProblem]:
    """Every rule the records break, against the units that exist now."""
    known_units = set(Unit.objects.values_list("code", flat=True))
    problems: list[RecordProblem] = []
    seen: set[str] = set()
    for record in records:
        if record.code in seen:
            problems.append(
                RecordProblem(
                    record.code,
                    "code",
                    _("Mã thủ tục %(code)s bị lặp trong tệp.") % {"code": record.code},
                )
            )
        seen.add(record.code)
        problems.extend(validate_record(record, known_units))
    return problems


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


def do_import_catalogue(records: list[ProcedureRecord], *, actor: Any = None) -> ImportResult:
    """Nhập danh mục TTHC: validate every record, then create or update them all in one
    transaction. Raises ``CatalogueRejected`` with every problem and writes nothing when
    any record is invalid. Procedures absent from ``records`` are left as they are."""
    problems = find_problems(records)
    if problems:
        raise CatalogueRejected(problems)

    units_by_code = {u.code: u for u in Unit.objects.all()}
    created = updated = 0
    with transaction.atomic():
        fields_by_code = {f.code: f for f in Field.objects.all()}
        for record in records:
            field_obj = fields_by_code.get(record.field_code)
            if field_obj is None:
                field_obj = Field.objects.create(
                    code=record.field_code, name=record.field_name or record.field_code
                )
                fields_by_code[field_obj.code] = field_obj
            elif record.field_name and field_obj.name != record.field_name:
                field_obj.name = record.field_name
                field_obj.save(update_fields=["name"])
            procedure, was_created = Procedure.objects.update_or_create(
                code=record.code,
                defaults={
                    "name": record.name.strip(),
                    # Set here too (not only by save()): the search must never lag an import.
                    "search_text": fold(record.name),
                    "field": field_obj,
                    "time_limit": record.time_limit,
                    "time_unit": record.time_unit,
                    "online_level": record.online_level,
                    "inter_agency": record.inter_agency,
                    "result": record.result,
                    "legal_basis": record.legal_basis,
                    "is_active": record.is_active,
                },
            )
            created += was_created
            updated += not was_created
            _replace_children(procedure, record, units_by_code)
        record_audit(
            actor,
            "catalogue.import",
            Field.objects.first() or Procedure(),
            f"Nhập danh mục: {created} thủ tục mới, {updated} thủ tục cập nhật",
            {"codes": [r.code for r in records][:500]},
        )
    return ImportResult(created, updated)


def _replace_children(
    procedure: Procedure, record: ProcedureRecord, units_by_code: dict[str, Unit]
) -> None:
    procedure.levels.all().delete()
    ProcedureLevel.objects.bulk_create(
        [ProcedureLevel(procedure=procedure, level=level) for level in sorted(set(record.levels))]
    )
    procedure.fees.all().delete()
    Fee.objects.bulk_create(
        [
            Fee(
                procedure=procedure,
                order=i,
                kind=f.kind,
                amount=f.amount,
                description=f.description,
                exemption=f.exemption,
            )
            for i, f in enumerate(record.fees, start=1)
        ]
    )
    procedure.documents.all().delete()
    RequiredDocument.objects.bulk_create(
        [
            RequiredDocument(
                procedure=procedure,
                order=i,
                name=d.name.strip(),
                copy_kind=d.copy_kind,
                quantity=d.quantity,
                mandatory=d.mandatory,
            )
            for i, d in enumerate(record.documents, start=1)
        ]
    )
    procedure.steps.all().delete()
    ProcessingStep.objects.bulk_create(
        [
            ProcessingStep(
                procedure=procedure,
                order=i,
                name=s.name.strip(),
                role=s.role,
                unit=units_by_code[s.unit_code] if s.unit_code else None,
                budget=s.budget,
            )
            for i, s in enumerate(record.steps, start=1)
        ]
    )
    if record.unit_codes is not None:
        procedure.units.set([units_by_code[c] for c in record.unit_codes])


def records_from_database(queryset: Any = None) -> list[ProcedureRecord]:
    """The catalogue as records (for export): the inverse of ``do_import_catalogue``."""
    qs = (
        (queryset if queryset is not None else Procedure.objects.all())
        .select_related("field")
        .prefetch_related("levels", "fees", "documents", "steps__unit", "units")
        .order_by("code")
    )
    records = []
    for p in qs:
        records.append(
            ProcedureRecord(
                code=p.code,
                name=p.name,
                field_code=p.field.code,
                field_name=p.field.name,
                levels=p.level_codes,
                time_limit=p.time_limit,
                time_unit=p.time_unit,
                online_level=p.online_level,
                inter_agency=p.inter_agency,
                result=p.result,
                legal_basis=p.legal_basis,
                unit_codes=sorted(u.code for u in p.units.all()),
                is_active=p.is_active,
                fees=[
                    FeeRecord(f.kind, f.amount, f.description, f.exemption) for f in p.fees.all()
                ],
                documents=[
                    DocumentRecord(d.name, d.copy_kind, d.quantity, d.mandatory)
                    for d in p.documents.all()
                ],
                steps=[
                    StepRecord(s.name, s.role, s.budget, s.unit.code if s.unit else None)
                    for s in p.steps.all()
                ],
            )
        )
    return records
