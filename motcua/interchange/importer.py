"""``motcua import_dossiers FILE.json``: history in the national vocabulary into the
dossier tables — the same rows a dossier handled here has (dossier, history events,
supplement requests, the fact columns), so that both count alike.

All or nothing: every record is checked first (format, catalogue code, unit code,
duplicates) and any problem stops the import with the full list, by record index and
field. Idempotent on ``MaHoSo``: a record imported before with the same content is left
alone, a changed one updates its dossier (new history rows are appended, never rewritten);
a dossier that was handled in motcua itself is never overwritten by an import.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.bulk import insert_rows
from motcua.core.text import fold
from motcua.dossiers.models import Dossier, DossierEvent, SupplementRequest
from motcua.dossiers.signals import dossier_changed
from motcua.interchange.models import ImportedDossier
from motcua.interchange.vocabulary import Problem, Record, parse
from motcua.org.models import Unit
from motcua.procedures.models import Procedure

NOTE = "Nhập từ dữ liệu theo bộ từ điển đồng bộ quốc gia"
BATCH = 2000


class ImportFailed(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(_("Dữ liệu có %(n)d lỗi; chưa ghi hồ sơ nào.") % {"n": len(problems)})


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped_native: int = 0
    dossier_ids: list[int] = field(default_factory=list)


def digest(raw: dict[str, Any]) -> str:
    return hashlib.sha256(
        json.dumps(raw, sort_keys=True, ensure_ascii=False).encode("utf-8")
    ).hexdigest()


def load_file(path: str) -> list[Any]:
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportFailed([Problem(-1, "", _("Không đọc được tệp JSON: %s") % exc)]) from exc
    if not isinstance(data, list):
        raise ImportFailed([Problem(-1, "", _("Tệp phải chứa một mảng JSON các hồ sơ."))])
    return data


def check(raws: list[Any]) -> tuple[list[Record], dict[str, Procedure], dict[str, Unit]]:
    """Parse and check every record against the catalogue and the units; raise with every
    problem found."""
    problems: list[Problem] = []
    records: list[tuple[int, Record]] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(raws):
        record, found = parse(index, raw)
        problems.extend(found)
        if record is None:
            continue
        if record.code in seen:
            problems.append(
                Problem(index, "MaHoSo", _("trùng với bản ghi %(i)d") % {"i": seen[record.code]})
            )
            continue
        seen[record.code] = index
        records.append((index, record))
    procedures = {
        p.code: p for p in Procedure.objects.filter(code__in={r.procedure_code for _, r in records})
    }
    units = {u.code: u for u in Unit.objects.filter(code__in={r.unit_code for _, r in records})}
    for index, record in records:
        if record.procedure_code not in procedures:
            problems.append(
                Problem(
                    index, "MaTTHC", _("không có thủ tục %s trong danh mục") % record.procedure_code
                )
            )
        if record.unit_code not in units:
            problems.append(
                Problem(index, "DonViXuLy", _("không có đơn vị có mã %s") % record.unit_code)
            )
    if problems:
        raise ImportFailed(sorted(problems, key=lambda p: (p.index, p.field)))
    return [r for _, r in records], procedures, units


def import_records(raws: list[Any]) -> ImportResult:
    """Check, then write everything in one transaction (nothing on any problem)."""
    records, procedures, units = check(raws)
    result = ImportResult()
    with transaction.atomic():
        for start in range(0, len(records), BATCH):
            _write_batch(records[start : start + BATCH], procedures, units, result)
        if result.dossier_ids:
            # The indicators refresh these dossiers' summary rows after the commit.
            dossier_changed.send(sender=Dossier, dossier_ids=result.dossier_ids)
    return result


def _write_batch(
    records: list[Record],
    procedures: dict[str, Procedure],
    units: dict[str, Unit],
    result: ImportResult,
) -> None:
    codes = [r.code for r in records]
    existing = dict(Dossier.objects.filter(code__in=codes).values_list("code", "pk"))
    imported = {i.code: i for i in ImportedDossier.objects.filter(code__in=codes)}
    fresh: list[Record] = []
    for record in records:
        if record.code not in existing:
            fresh.append(record)
        elif record.code not in imported:
            result.skipped_native += 1
        elif imported[record.code].digest == digest(record.raw):
            result.unchanged += 1
        else:
            _update(existing[record.code], imported[record.code], record, procedures, units)
            result.updated += 1
            result.dossier_ids.append(existing[record.code])
    if not fresh:
        return
    now = timezone.now()
    insert_rows(Dossier, (_attnames(_columns(r, procedures, units)) for r in fresh))
    by_code = dict(
        Dossier.objects.filter(code__in=[r.code for r in fresh]).values_list("code", "pk")
    )
    events: list[dict[str, Any]] = []
    supplements: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    for record in fresh:
        pk = by_code[record.code]
        events.extend(_event_rows(pk, record, set()))
        supplements.extend(_supplement_rows(pk, record))
        links.append(
            {
                "code": record.code,
                "dossier_id": pk,
                "digest": digest(record.raw),
                "imported_at": now,
            }
        )
        result.dossier_ids.append(pk)
    insert_rows(DossierEvent, events)
    insert_rows(SupplementRequest, supplements)
    insert_rows(ImportedDossier, links)
    result.created += len(fresh)


_FOREIGN_KEYS = ("procedure", "receiving_unit", "responsible_unit")


def _attnames(columns: dict[str, Any]) -> dict[str, Any]:
    for name in _FOREIGN_KEYS:
        if name in columns:
            columns[f"{name}_id"] = columns.pop(name).pk
    return columns


def _update(
    dossier_id: int,
    link: ImportedDossier,
    record: Record,
    procedures: dict[str, Procedure],
    units: dict[str, Unit],
) -> None:
    columns = _columns(record, procedures, units)
    columns.pop("code")
    columns.pop("receiving_unit")
    Dossier.objects.filter(pk=dossier_id).update(**columns)
    dossier = Dossier.objects.get(pk=dossier_id)
    SupplementRequest.objects.filter(dossier=dossier).delete()
    insert_rows(SupplementRequest, _supplement_rows(dossier.pk, record))
    known = set(DossierEvent.objects.filter(dossier=dossier).values_list("action", "at"))
    insert_rows(DossierEvent, _event_rows(dossier.pk, record, known))
    link.digest = digest(record.raw)
    link.save(update_fields=["digest", "imported_at"])


def _waited(record: Record, until: datetime) -> timedelta:
    total = timedelta(0)
    for requested, supplied in record.supplements:
        if supplied is not None and supplied <= until:
            total += supplied - requested
    return total


def _is_late(record: Record, now: datetime) -> bool:
    """The sticky "late" flag the queues show, on 766 indicator 2.1's rule: more than one
    supplement request, or the result (else now, while open) later than the appointment
    once the supplement waiting is taken off (docs/indicators.md)."""
    if len(record.supplements) > 1:
        return True
    if record.appointment is None or record.received is None:
        return False
    end = (
        record.finished or record.delivered or record.refused or record.stopped or record.withdrawn
    )
    if end is None:
        if record.supplements and record.supplements[-1][1] is None:
            return record.supplements[-1][0] > record.appointment
        end = now
    return end - _waited(record, end) > record.appointment


def _columns(
    record: Record, procedures: dict[str, Procedure], units: dict[str, Unit]
) -> dict[str, Any]:
    unit = units[record.unit_code]
    now = timezone.now()
    awaited = [req for req, sup in record.supplements if sup is None]
    completed = record.finished
    if record.state in ("refused", "not_accepted"):
        completed = record.finished or record.refused
    return {
        "code": record.code,
        "procedure": procedures[record.procedure_code],
        "receiving_unit": unit,
        "responsible_unit": unit,
        "channel": record.channel,
        "state": record.state,
        "applicant_name": record.applicant_name or _("(không rõ)"),
        "applicant_folded": fold(record.applicant_name or _("(không rõ)")),
        "applicant_phone": record.phone,
        "applicant_email": record.email,
        "submitted_at": record.submitted or record.received or now,
        "received_at": record.received if record.state not in ("new", "not_accepted") else None,
        "due_at": record.appointment,
        "legal_due_at": record.appointment,
        "paused_since": awaited[-1] if record.state == "supplement_requested" and awaited else None,
        "supplement_count": len(record.supplements),
        "is_late": _is_late(record, now),
        "fee_amount": sum(record.fees),
        "completed_at": completed,
        "delivered_at": record.delivered,
        "note": NOTE,
        "digitisation": record.digitisation,
        "reuses_digitised_data": record.reuses_digitised_data,
        "national_store_linked": record.national_store_linked,
        "electronic_result": bool(record.result_links),
        "paid_online": record.paid_online,
    }


def _event_rows(
    dossier_id: int, record: Record, known: set[tuple[str, datetime]]
) -> list[dict[str, Any]]:
    """The history rows the record's dates tell, in time order (a re-import appends only
    those not written yet)."""
    steps: list[tuple[datetime, str, str]] = []
    if record.channel == "online" and record.submitted is not None:
        steps.append((record.submitted, "submit", "new"))
    if record.received is not None and record.state != "not_accepted":
        steps.append(
            (record.received, "accept" if record.channel == "online" else "receive", "received")
        )
    for requested, supplied in record.supplements:
        steps.append((requested, "request_supplement", "supplement_requested"))
        if supplied is not None:
            steps.append((supplied, "answer_supplement", "in_process"))
    if record.state == "not_accepted" and record.refused is not None:
        steps.append((record.refused, "not_accept", "not_accepted"))
    if record.state == "refused" and (record.refused or record.finished) is not None:
        steps.append((record.refused or record.finished, "refuse", "refused"))  # type: ignore[arg-type]
    elif record.finished is not None:
        steps.append((record.finished, "complete", "processed"))
    if record.delivered is not None:
        steps.append((record.delivered, "return_result", "delivered"))
    if record.state == "withdrawn" and record.withdrawn is not None:
        steps.append((record.withdrawn, "withdraw", "withdrawn"))
    if record.state == "stopped" and record.stopped is not None:
        steps.append((record.stopped, "stop", "stopped"))
    steps.sort(key=lambda s: s[0])
    rows = []
    previous = ""
    for at, action, to_state in steps:
        if (action, at) not in known:
            rows.append(
                {
                    "dossier_id": dossier_id,
                    "action": action,
                    "from_state": previous,
                    "to_state": to_state,
                    "at": at,
                    "note": NOTE,
                    "data": {"source": "import"},
                }
            )
        previous = to_state
    return rows


def _supplement_rows(dossier_id: int, record: Record) -> list[dict[str, Any]]:
    return [
        {
            "dossier_id": dossier_id,
            "requested_at": requested,
            "answered_at": supplied,
            "reason": NOTE,
            "forced": i > 0,
        }
        for i, (requested, supplied) in enumerate(record.supplements)
    ]
