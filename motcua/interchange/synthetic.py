"""Realistic history in the national vocabulary, made up from a seeded random generator:
the demo's year of dossiers and the benchmark's province-year go through the same import
as real history.

Shapes (from the seeds and the national portal's public statistics, as orders of
magnitude): more dossiers on Mondays, a lull in the weeks of Tết, a few percent settled
late, a share filed online that depends on the procedure's online level, fees paid online
by some, documents digitised at the desk for many, a supplement request now and then.
Every appointment is computed by the one deadline engine on the national calendar.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from motcua.interchange.vocabulary import VN_TZ, format_date
from motcua.workcalendar import engine

WEEKDAY_FACTOR = {0: 1.45, 1: 1.05, 2: 1.0, 3: 0.95, 4: 0.85}


@dataclass(frozen=True)
class ProcedureSpec:
    code: str
    time_limit: int
    time_unit: str  # working_days / working_hours
    online_level: str  # full / partial / in_person
    fee: int = 0
    result_is_document: bool = True
    weight: float = 1.0


@dataclass(frozen=True)
class UnitSpec:
    code: str
    weight: float
    procedures: tuple[ProcedureSpec, ...]
    valid_from: date | None = None
    valid_to: date | None = None


@dataclass(frozen=True)
class Shares:
    """Probabilities of the facts the indicators count."""

    online: dict[str, float] = field(
        default_factory=lambda: {"full": 0.55, "partial": 0.3, "in_person": 0.0}
    )
    late: float = 0.03
    early: float = 0.55
    supplement: float = 0.06
    stopped: float = 0.01
    paid_online: float = 0.45  # of the dossiers with a fee
    digitised: float = 0.7
    store_linked: float = 0.3
    reuses: float = 0.2
    electronic_result: float = 0.5
    slow_reception: float = 0.08  # online dossiers waiting over 8 working hours


def tet_lull(day: date, tet_days: set[date]) -> float:
    """Fewer dossiers in the week before and the two weeks after Tết."""
    for offset in range(-7, 15):
        if day + timedelta(days=offset) in tet_days:
            return 0.35 if offset > 0 else 0.7
    return 1.0


def _at(day: date, hour: float) -> datetime:
    minutes = int(hour * 60)
    return datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=VN_TZ)


def _office_hour(rng: random.Random) -> float:
    return rng.choice([rng.uniform(7.5, 11.3), rng.uniform(13.0, 16.8)])


def generate(
    units: list[UnitSpec],
    start: date,
    end: date,
    total: int,
    calendar: engine.WorkingCalendar,
    *,
    now: datetime,
    shares: Shares | None = None,
    seed: int = 20240101,
    tet_days: set[date] | None = None,
) -> Iterator[dict[str, object]]:
    """About ``total`` records received on the working days from ``start`` to ``end``;
    dossiers whose end would fall after ``now`` are still open."""
    shares = shares or Shares()
    rng = random.Random(seed)
    tet_days = tet_days or set()
    days = [
        start + timedelta(days=i)
        for i in range((end - start).days + 1)
        if calendar.is_working_day(start + timedelta(days=i))
    ]
    weights = [WEEKDAY_FACTOR.get(d.weekday(), 0.5) * tet_lull(d, tet_days) for d in days]
    scale = total / max(sum(weights), 1e-9)
    limits: dict[tuple[int, str], engine.TimeLimit] = {}
    for day, weight in zip(days, weights, strict=True):
        active = [
            u
            for u in units
            if (u.valid_from is None or u.valid_from <= day)
            and (u.valid_to is None or day <= u.valid_to)
            and u.procedures
        ]
        if not active:
            continue
        count = int(weight * scale + rng.random())
        chosen = rng.choices(active, weights=[u.weight for u in active], k=count)
        sequence: dict[str, int] = {}
        for unit in chosen:
            sequence[unit.code] = sequence.get(unit.code, 0) + 1
            procedure = rng.choices(unit.procedures, weights=[p.weight for p in unit.procedures])[0]
            key = (procedure.time_limit, procedure.time_unit)
            if key not in limits:
                limits[key] = engine.TimeLimit(
                    procedure.time_limit, engine.LimitUnit(procedure.time_unit)
                )
            yield _record(
                rng, shares, calendar, limits[key], unit, procedure, day, sequence[unit.code], now
            )


def _record(
    rng: random.Random,
    shares: Shares,
    calendar: engine.WorkingCalendar,
    limit: engine.TimeLimit,
    unit: UnitSpec,
    procedure: ProcedureSpec,
    day: date,
    number: int,
    now: datetime,
) -> dict[str, object]:
    online = rng.random() < shares.online.get(procedure.online_level, 0.0)
    received = _at(day, _office_hour(rng))
    submitted = None
    if online:
        wait = rng.uniform(9, 30) if rng.random() < shares.slow_reception else rng.uniform(0.2, 6)
        submitted = engine.add_working_time(received, timedelta(0), calendar) - timedelta(
            hours=wait
        )
    appointment = engine.due_at(received, limit, calendar, paper=not online)
    supplements = []
    pause = timedelta(0)
    if rng.random() < shares.supplement:
        requested = received + timedelta(hours=rng.uniform(4, 30))
        supplied = requested + timedelta(days=rng.uniform(1, 4))
        pause = supplied - requested
        supplements.append(
            {"NgayBoSung": format_date(requested), "NgayTiepNhanBoSung": format_date(supplied)}
        )
    roll = rng.random()
    if roll < shares.late:
        finished = appointment + pause + timedelta(hours=rng.uniform(2, 120))
    elif roll < shares.late + shares.early:
        span = (appointment - received).total_seconds()
        finished = received + pause + timedelta(seconds=span * rng.uniform(0.15, 0.8))
    else:
        finished = appointment + pause - timedelta(minutes=rng.uniform(5, 240))
    if finished <= received:
        finished = received + timedelta(minutes=30)
    stopped = rng.random() < shares.stopped
    delivered = finished + timedelta(hours=rng.uniform(0.5, 40))
    state, finished_text, delivered_text, stopped_text = (
        10,
        format_date(finished),
        format_date(delivered),
        "",
    )
    if stopped:
        state, finished_text, delivered_text = 8, "", ""
        stopped_text = format_date(received + timedelta(hours=rng.uniform(2, 40)))
    elif finished > now:
        state, finished_text, delivered_text = 4, "", ""
        if supplements and _parse(supplements[0]["NgayTiepNhanBoSung"]) > now:
            supplements[0]["NgayTiepNhanBoSung"] = ""
            state = 5
    elif delivered > now:
        state, delivered_text = 9, ""
    if any(_parse(s["NgayBoSung"]) > now for s in supplements):
        supplements = []
    fees = [{"Gia": procedure.fee}] if procedure.fee else []
    paid = 0
    if procedure.fee and rng.random() < shares.paid_online * (1.4 if online else 0.6):
        paid = rng.choice([1, 2, 2])
    digitised = rng.random() < shares.digitised
    documents = [
        {
            "DuocSoHoa": int(digitised or rng.random() < 0.3),
            "DuocLayTuKhoDMQG": int(digitised and rng.random() < shares.store_linked),
        },
        {"DuocSoHoa": int(digitised), "DuocLayTuKhoDMQG": 0},
    ]
    result = []
    if (
        procedure.result_is_document
        and finished_text
        and rng.random() < shares.electronic_result * (1.5 if online else 0.8)
    ):
        result = [
            {"DuongDanTepTinKetQua": f"https://dvc.example.vn/kq/{unit.code}/{day:%y%m%d}/{number}"}
        ]
    return {
        "MaHoSo": f"{unit.code}-{day:%y%m%d}-{number:04d}",
        "MaTTHC": procedure.code,
        "DonViXuLy": unit.code,
        "KenhThucHien": 2 if online else rng.choice([1] * 19 + [3]),
        "NgayNopHoSo": format_date(submitted or received),
        "NgayTiepNhan": format_date(received),
        "NgayHenTra": format_date(appointment),
        "NgayKetThucXuLy": finished_text,
        "NgayTra": delivered_text,
        "TrangThaiHoSo": state,
        "NgayDung": stopped_text,
        "DanhSachHoSoBoSung": supplements,
        "DanhSachLePhi": fees,
        "DuocThanhToanTrucTuyen": paid,
        "TaiLieuNop": documents,
        "HoSoCoThanhPhanSoHoa": int(digitised and rng.random() < shares.reuses),
        "DanhSachGiayToKetQua": result,
        "ChuHoSo": rng.choice(APPLICANTS),
        "SoDienThoai": f"09{rng.randrange(10**8):08d}",
        "Email": "",
    }


def _parse(text: object) -> datetime:
    if not isinstance(text, str) or not text:
        return datetime.max.replace(tzinfo=VN_TZ)
    return datetime.strptime(text, "%Y%m%d%H%M%S").replace(tzinfo=VN_TZ)


APPLICANTS = [
    "Nguyễn Văn An",
    "Trần Thị Bích",
    "Lê Văn Cường",
    "Phạm Thị Dung",
    "Hoàng Văn Em",
    "Huỳnh Thị Giang",
    "Võ Văn Hải",
    "Đặng Thị Hạnh",
    "Bùi Văn Khoa",
    "Đỗ Thị Lan",
    "Hồ Văn Minh",
    "Ngô Thị Nga",
    "Dương Văn Phúc",
    "Lý Thị Quỳnh",
    "Trương Văn Sơn",
]
