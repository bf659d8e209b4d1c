"""``motcua export_dossiers --unit CODE --from … --to …``: the dossiers that count in a
unit subtree's figures over a period, in the national vocabulary (the format
``import_dossiers`` reads, docs/interchange.md). A dossier handled in motcua exports its own
history: the receipt's appointment, its supplement requests, stop or withdrawal, result."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from motcua.dossiers.choices import Channel, DigitisationState, DossierState
from motcua.dossiers.models import Dossier
from motcua.interchange import history
from motcua.interchange.vocabulary import CHANNEL_CODES, format_date
from motcua.org.models import Unit

BATCH = 2000


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def dossiers_for(unit: Unit, start: date, end: date) -> Any:
    """The unit's subtree (and the units it succeeded): dossiers submitted by the period's
    end and not finished before its start — everything any figure of the period counts."""
    ids: set[int] = set()
    for member in unit.descendants(include_self=True):
        ids |= member.lineage_ids()
    before_start = _aware(start)
    after_end = _aware(end + timedelta(days=1))
    ended_before = Q(
        completed_at__lt=before_start,
        state__in=["processed", "delivered", "refused", "not_accepted"],
    ) | Q(delivered_at__lt=before_start)
    return (
        Dossier.objects.filter(responsible_unit_id__in=ids, submitted_at__lt=after_end)
        .exclude(ended_before)
        .select_related("procedure", "responsible_unit")
        .order_by("pk")
    )


def _documents(d: Dossier) -> list[dict[str, int]]:
    """TaiLieuNop from the dossier's digitisation facts: one entry per state change the
    importer reads back (complete: all digitised; partial: one of two; none: none)."""
    store = int(d.national_store_linked)
    if d.digitisation == DigitisationState.COMPLETE:
        return [{"DuocSoHoa": 1, "DuocLayTuKhoDMQG": store}]
    if d.digitisation == DigitisationState.PARTIAL:
        return [
            {"DuocSoHoa": 1, "DuocLayTuKhoDMQG": store},
            {"DuocSoHoa": 0, "DuocLayTuKhoDMQG": 0},
        ]
    if store:
        return [{"DuocSoHoa": 0, "DuocLayTuKhoDMQG": 1}]
    return []


def record_of(
    d: Dossier,
    appointment: datetime | None,
    closing: dict[str, datetime],
    supplements: list[tuple[datetime, datetime | None]],
) -> dict[str, Any]:
    national = DossierState.NATIONAL_CODE[d.state]
    finished = d.completed_at if d.state in ("processed", "delivered") else None
    refused = d.completed_at if d.state in ("refused", "not_accepted") else None
    base = settings.PUBLIC_BASE_URL.rstrip("/")
    link = f"{base}{d.lookup_path}"
    return {
        "MaHoSo": d.code,
        "MaTTHC": d.procedure.code,
        "DonViXuLy": d.responsible_unit.code,
        "KenhThucHien": CHANNEL_CODES.get(d.channel, CHANNEL_CODES[Channel.IN_PERSON]),
        "NgayNopHoSo": format_date(d.submitted_at),
        "NgayTiepNhan": format_date(d.received_at),
        "NgayHenTra": format_date(appointment or d.legal_due_at or d.due_at),
        "NgayKetThucXuLy": format_date(finished),
        "NgayTra": format_date(d.delivered_at),
        "TrangThaiHoSo": national,
        "NgayTuChoi": format_date(refused),
        "NgayRut": format_date(closing.get("withdraw")),
        "NgayDung": format_date(closing.get("stop")),
        "DanhSachHoSoBoSung": [
            {"NgayBoSung": format_date(r), "NgayTiepNhanBoSung": format_date(a)}
            for r, a in supplements
        ],
        "DanhSachLePhi": [{"Gia": d.fee_amount}] if d.fee_amount else [],
        "DuocThanhToanTrucTuyen": int(d.paid_online),
        "TaiLieuNop": _documents(d),
        "HoSoCoThanhPhanSoHoa": int(d.reuses_digitised_data),
        "DanhSachGiayToKetQua": [{"DuongDanTepTinKetQua": link}] if d.electronic_result else [],
        "ChuHoSo": d.applicant_name,
        "SoDienThoai": d.applicant_phone,
        "Email": d.applicant_email,
    }


def export_records(unit: Unit, start: date, end: date) -> Iterator[dict[str, Any]]:
    ids = list(dossiers_for(unit, start, end).values_list("pk", flat=True))
    for i in range(0, len(ids), BATCH):
        chunk = ids[i : i + BATCH]
        appointments = history.receipt_appointments(chunk)
        closing = history.closing_times(chunk)
        supplements = history.supplements(chunk)
        for d in (
            Dossier.objects.filter(pk__in=chunk)
            .select_related("procedure", "responsible_unit")
            .order_by("pk")
        ):
            yield record_of(
                d, appointments.get(d.pk), closing.get(d.pk, {}), supplements.get(d.pk, [])
            )
