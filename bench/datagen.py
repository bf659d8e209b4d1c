"""The benchmarks' data: one province of units, procedures and officers, and a province-year
of dossiers from the one generator of realistic history (``motcua.interchange.synthetic``),
written straight into PostgreSQL with COPY.

The records are the national-vocabulary records the demo and the import use; this sink
turns each one into the rows the import writes (dossier with its fact columns, history
events, supplement requests, the import link) through the importer's own functions, adds
the rows a dossier handled here also has — its four processing steps (reception, review,
approval, returning the result) with their due times on the unit's calendar, the hand-over
events between them, the current step of the open ones, a handler for most specialist
steps — and computes the indicators' summary row and aggregates with the indicators' own
functions (``motcua.indicators.facts.input_of``, ``rows.fact_row``), so that the
aggregates equal ``motcua rebuild_indicators`` on the same data.

Speed: several worker processes (units split between them, each with its own seed and id
range), foreign-key triggers off for the load session (``session_replication_role =
replica``: the rows are consistent by construction), the plain indexes dropped for the load
and built once at the end, one commit per chunk.

    .venv/bin/python bench/datagen.py --dossiers 1000000 --database NAME [--workers 2]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import os
import random
import sys
import time
from collections import Counter
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DEPARTMENTS = 20
COMMUNES = 150
PROCEDURES = 80
CHUNK = 20_000
BASE = "postgres://postgres@127.0.0.1:5432"
PASSWORD = "bench-pass"  # the officers' password (pages benchmark logs in with it)

# The four steps every benchmark procedure has (name, role, share of the time limit).
STEPS = (
    ("Tiếp nhận hồ sơ", "clerk", Decimal("0.05")),
    ("Thẩm định, xử lý", "specialist", Decimal("0.65")),
    ("Phê duyệt, ký kết quả", "unit_head", Decimal("0.25")),
    ("Trả kết quả", "clerk", Decimal("0.05")),
)


def url_of(name: str) -> str:
    return os.environ.get("BENCH_DATABASE_BASE", BASE) + "/" + name


def admin_connection():
    import psycopg

    return psycopg.connect(url_of("postgres"), autocommit=True)


def create_database(name: str) -> None:
    conn = admin_connection()
    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def drop_database(name: str) -> None:
    try:
        from django.db import connections

        connections.close_all()
    except Exception:  # noqa: BLE001 - Django not set up yet
        pass
    conn = admin_connection()
    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.close()


def database_exists(name: str) -> bool:
    conn = admin_connection()
    found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    conn.close()
    return found is not None


def setup(name: str) -> None:
    os.environ["DATABASE_URL"] = url_of(name)
    import django

    django.setup()


# -- the province -------------------------------------------------------------------------------


def build_province():
    """1 province, 20 departments, 150 communes; 80 procedures of four steps (60 of the
    communes, 20 of the departments) through the catalogue import; a clerk, a specialist and
    a unit head in every unit, a monitor for the province."""
    from django.contrib.auth.hashers import make_password

    from motcua.org.choices import Role, UnitKind
    from motcua.org.models import Membership, Unit, User
    from motcua.procedures.catalogue import (
        FeeRecord,
        ProcedureRecord,
        StepRecord,
        do_import_catalogue,
    )

    province = Unit.objects.create(
        name="UBND tỉnh Thử Tải", kind=UnitKind.PROVINCE, code="000.00.00.H98"
    )
    departments = [
        Unit.objects.create(
            name=f"Sở {i}", kind=UnitKind.DEPARTMENT, code=f"000.00.{i:02d}.H98", parent=province
        )
        for i in range(1, DEPARTMENTS + 1)
    ]
    communes = [
        Unit.objects.create(
            name=f"UBND xã {i}",
            kind=UnitKind.COMMUNE,
            code=f"{i % 1000:03d}.{10 + i // 1000:02d}.40.H98",
            parent=province,
        )
        for i in range(1, COMMUNES + 1)
    ]
    records = []
    for i in range(PROCEDURES):
        commune_level = i < 60
        limit = [1, 3, 5, 7, 10, 15][i % 6]
        records.append(
            ProcedureRecord(
                code=f"2.{i:06d}",
                name=f"Thủ tục thử tải {i}",
                field_code="TT",
                field_name="Thử tải",
                levels=["commune"] if commune_level else ["province"],
                time_limit=limit,
                time_unit="working_days",
                online_level=["full", "partial", "partial", "in_person"][i % 4],
                inter_agency=False,
                result="Giấy chứng nhận" if i % 5 else "",
                legal_basis="",
                fees=[FeeRecord("charge", 50_000)] if i % 3 == 0 else [],
                documents=[],
                steps=[
                    StepRecord(name, role, (share * limit).quantize(Decimal("0.01")))
                    for name, role, share in STEPS
                ],
                unit_codes=[
                    u.code
                    for u in (
                        communes
                        if commune_level
                        else departments[i % DEPARTMENTS : i % DEPARTMENTS + 1]
                    )
                ],
            )
        )
    do_import_catalogue(records)
    password = make_password(PASSWORD)
    for unit in [*departments, *communes]:
        for role in (Role.CLERK, Role.SPECIALIST, Role.UNIT_HEAD):
            user = User.objects.create(
                username=f"{role}-{unit.code}", password=password, full_name=f"{role} {unit.code}"
            )
            Membership.objects.create(user=user, unit=unit, role=role)
    monitor = User.objects.create(username="monitor", password=password, full_name="Giám sát")
    Membership.objects.create(user=monitor, unit=province, role=Role.MONITOR)
    User.objects.create_superuser("bench", "bench@example.vn", PASSWORD)
    return province, departments, communes


def unit_specs(departments, communes):
    from motcua.interchange import synthetic
    from motcua.procedures.models import Procedure

    procs = {p.code: p for p in Procedure.objects.prefetch_related("fees")}

    def spec(p):
        return synthetic.ProcedureSpec(
            p.code,
            p.time_limit,
            p.time_unit,
            p.online_level,
            p.total_fee,
            bool(p.result),
            weight=1 + int(p.code[-2:]) % 7,
        )

    commune_procs = tuple(spec(p) for c, p in procs.items() if int(c[2:]) < 60)
    specs = [
        synthetic.UnitSpec(c.code, 1.0 + (i % 9) / 3, commune_procs) for i, c in enumerate(communes)
    ]
    for i, d in enumerate(departments):
        own = tuple(
            spec(p) for c, p in procs.items() if int(c[2:]) >= 60 and int(c[2:]) % DEPARTMENTS == i
        )
        specs.append(synthetic.UnitSpec(d.code, 6.0, own))
    return specs


def period(now: datetime) -> tuple[date, date]:
    """The province-year generated: the calendar year of ``now`` up to today."""
    today = now.astimezone(VN).date()
    return date(today.year, 1, 1), today


# -- the rows of one record ---------------------------------------------------------------------

# Applicants' names with the frequencies of Vietnamese names (family names after the usual
# surveys: Nguyễn about 38 %, Trần 11 %, Lê 9.5 % …), so that a search by name finds what it
# would find in a real province: a few hundred to a few thousand people of one full name.
FAMILY = (
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 9.5),
    ("Phạm", 7),
    ("Hoàng", 5),
    ("Huỳnh", 4),
    ("Phan", 4.5),
    ("Vũ", 3.9),
    ("Võ", 3),
    ("Đặng", 2.1),
    ("Bùi", 2),
    ("Đỗ", 1.4),
    ("Hồ", 1.3),
    ("Ngô", 1.3),
    ("Dương", 1),
    ("Lý", 0.5),
    ("Đinh", 0.8),
    ("Trương", 0.7),
    ("Lương", 0.5),
    ("Mai", 0.5),
    ("Tạ", 0.3),
    ("Lâm", 0.4),
    ("Cao", 0.4),
    ("Tô", 0.3),
)
MIDDLE = (
    "Văn",
    "Thị",
    "Hữu",
    "Đức",
    "Minh",
    "Ngọc",
    "Thanh",
    "Quang",
    "Thu",
    "Xuân",
    "Hoài",
    "Công",
    "Bảo",
    "Gia",
    "Kim",
    "Phương",
    "Anh",
    "Đình",
    "Mạnh",
    "Tuấn",
)
GIVEN = (
    "An",
    "Anh",
    "Bình",
    "Châu",
    "Chi",
    "Cường",
    "Dũng",
    "Dung",
    "Duy",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hào",
    "Hiền",
    "Hiếu",
    "Hòa",
    "Hoa",
    "Hùng",
    "Hương",
    "Huy",
    "Khánh",
    "Khoa",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Minh",
    "My",
    "Nam",
    "Nga",
    "Ngân",
    "Nghĩa",
    "Ngọc",
    "Nhung",
    "Phong",
    "Phúc",
    "Phương",
    "Quân",
    "Quang",
    "Quỳnh",
    "Sơn",
    "Tâm",
    "Thảo",
    "Thắng",
    "Thành",
    "Thủy",
    "Tiến",
    "Trang",
    "Trung",
    "Tú",
    "Tuấn",
    "Tùng",
    "Uyên",
    "Việt",
    "Vinh",
    "Vy",
    "Xuân",
    "Yến",
    "Đạt",
)


def applicant_name(rng: random.Random) -> str:
    family = rng.choices([f for f, _ in FAMILY], weights=[w for _, w in FAMILY])[0]
    middle = rng.choice(MIDDLE)
    if rng.random() < 0.3:
        middle += " " + rng.choice(MIDDLE)
    return f"{family} {middle} {rng.choice(GIVEN)}"


class Sink:
    """Turns the generator's records into rows and COPYs them in chunks."""

    def __init__(self, worker: int, stride: int, now: datetime) -> None:
        from motcua.indicators.facts import Calendars
        from motcua.org.models import Membership, Unit
        from motcua.procedures.models import Procedure
        from motcua.workcalendar.services import working_calendar_for

        self.now = now
        self.rng = random.Random(7919 * (worker + 1))
        self.next_dossier = worker * stride + 1
        self.next_step = worker * stride * len(STEPS) + 1
        self.units = {u.code: u for u in Unit.objects.all()}
        self.procedures = {p.code: p for p in Procedure.objects.all()}
        self.calendar = working_calendar_for(None)
        self.calendars = Calendars()
        self.handlers: dict[tuple[int, str], int] = {
            (m.unit_id, m.role): m.user_id for m in Membership.objects.all()
        }
        self.daily: Counter = Counter()
        self.monthly: Counter = Counter()
        self.tables: dict[str, list[list[object]]] = {}
        self.count = 0
        from django.conf import settings

        self.reception_limit = float(settings.ONLINE_RECEPTION_LIMIT_HOURS)
        self._columns = self._table_columns()

    @staticmethod
    def _table_columns() -> dict[str, tuple[str, list[str], list[object]]]:
        from motcua.dossiers.models import Dossier, DossierEvent, DossierStep, SupplementRequest
        from motcua.indicators.models import DossierFact
        from motcua.interchange.models import ImportedDossier

        out = {}
        for model, with_pk in (
            (Dossier, True),
            (DossierStep, True),
            (DossierEvent, False),
            (SupplementRequest, False),
            (ImportedDossier, False),
            (DossierFact, True),
        ):
            fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
            defaults = []
            for f in fields:
                value = f.get_default()
                if isinstance(value, dict):
                    value = json.dumps(value)
                defaults.append(value)
            out[model._meta.db_table] = (
                model._meta.db_table,
                [f.attname for f in fields],
                defaults,
            )
        return out

    def _add(self, table: str, row: dict[str, object]) -> None:
        _, names, defaults = self._columns[table]
        self.tables.setdefault(table, []).append(
            [row[n] if n in row else d for n, d in zip(names, defaults, strict=True)]
        )

    def write(self, raw: dict[str, object]) -> None:
        from motcua.dossiers.models import Dossier
        from motcua.indicators.facts import input_of
        from motcua.indicators.formulas import Supplement
        from motcua.indicators.maintain import to_values
        from motcua.indicators.rows import contributions, fact_row
        from motcua.interchange import importer
        from motcua.interchange.vocabulary import parse

        rng = self.rng
        raw["ChuHoSo"] = applicant_name(rng)
        record, problems = parse(self.count, raw)
        assert record is not None and not problems, problems
        columns = importer._attnames(importer._columns(record, self.procedures, self.units))
        pk = self.next_dossier
        self.next_dossier += 1
        columns["id"] = pk
        columns["applicant_id_number"] = f"0{rng.randrange(1, 96):02d}{rng.randrange(10**9):09d}"
        columns["applicant_address"] = f"Thôn {rng.randrange(1, 30)}, xã {rng.randrange(1, 150)}"
        steps, hand_overs, current = self._steps(pk, record, columns)
        columns["current_step_id"] = current
        columns["version"] = len(hand_overs) + 2
        self._add("dossiers_dossier", columns)
        for step in steps:
            self._add("dossiers_dossierstep", step)
        events = importer._event_rows(pk, record, set()) + hand_overs
        events.sort(key=lambda e: e["at"])
        data = json.dumps({"source": "import"})
        for event in events:
            event["data"] = data if event["action"] != "hand_on" else "{}"
            self._add("dossiers_dossierevent", event)
        for supplement in importer._supplement_rows(pk, record):
            self._add("dossiers_supplementrequest", supplement)
        self._add(
            "interchange_importeddossier",
            {
                "code": record.code,
                "dossier_id": pk,
                "digest": hashlib.sha256(
                    json.dumps(raw, sort_keys=True, ensure_ascii=False).encode()
                ).hexdigest(),
                "imported_at": self.now,
            },
        )
        procedure = self.procedures[record.procedure_code]
        dossier = Dossier(**{k: v for k, v in columns.items() if k != "current_step_id"})
        dossier.procedure = procedure
        closed = record.stopped or record.withdrawn
        facts = input_of(
            dossier,
            [Supplement(r, a) for r, a in record.supplements],
            closed,
            None,
            self.calendars,
        )
        row = fact_row(facts, self.reception_limit) if facts is not None else None
        if row is not None:
            self._add("indicators_dossierfact", to_values(pk, row))
            d, m = contributions(row)
            self.daily.update(d)
            self.monthly.update(m)
        self.count += 1

    def _steps(self, pk: int, record, columns: dict[str, object]):
        """The four steps, the hand-overs between them, and the current step's id."""
        from motcua.workcalendar import engine

        received = record.received
        if received is None:
            return [], [], None
        state = columns["state"]
        unit_id = columns["responsible_unit_id"]
        limit_hours = float(self.procedures[record.procedure_code].time_limit) * 8
        end = record.finished or record.stopped or record.withdrawn
        span_end = end or self.now
        span = max((span_end - received).total_seconds(), 1800.0)
        # How far the open ones got: mostly at the review step, some at approval.
        if state in ("received", "in_process", "supplement_requested", "awaiting_payment"):
            reached = self.rng.choices([0, 1, 2], weights=[4, 70, 26])[0]
        elif state in ("processed", "refused"):
            reached = 3
        elif state in ("stopped", "withdrawn"):
            reached = 1
        else:
            reached = 4  # delivered: every step finished
        bounds = [received]
        for share in (0.05, 0.75, 1.0):
            bounds.append(received + timedelta(seconds=span * share))
        if record.delivered is not None:
            bounds.append(record.delivered)
        closed = state in ("stopped", "withdrawn")
        steps: list[dict[str, object]] = []
        hand_overs: list[dict[str, object]] = []
        current = None
        for index, (name, role, share) in enumerate(STEPS):
            step_id = self.next_step
            self.next_step += 1
            started = bounds[index] if index <= reached and index < len(bounds) else None
            finished = bounds[index + 1] if index < reached and index + 1 < len(bounds) else None
            if closed and index == reached:
                finished = end  # stopping or withdrawing finishes the step it was at
            budget = float(share) * limit_hours
            due = (
                engine.add_working_time(started, timedelta(hours=budget), self.calendar)
                if started is not None
                else None
            )
            handler = None
            if role == "specialist" and started is not None and self.rng.random() < 0.7:
                handler = self.handlers.get((unit_id, role))
            steps.append(
                {
                    "id": step_id,
                    "dossier_id": pk,
                    "order": index + 1,
                    "name": name,
                    "role": role,
                    "unit_id": unit_id,
                    "budget_hours": Decimal(f"{budget:.2f}"),
                    "handler_id": handler,
                    "started_at": started,
                    "due_at": due,
                    "finished_at": finished,
                    "on_time": None if finished is None or due is None else finished <= due,
                }
            )
            if started is not None and finished is None:
                current = step_id
            if index in (1, 2) and started is not None:
                previous = steps[index - 1]
                hand_overs.append(
                    {
                        "dossier_id": pk,
                        "action": "hand_on",
                        "from_state": "received" if index == 1 else "in_process",
                        "to_state": "in_process",
                        "actor_id": self.handlers.get((unit_id, str(previous["role"]))),
                        "at": previous["finished_at"],
                        "note": "",
                        "from_step_id": previous["id"],
                        "to_step_id": step_id,
                        "step_due_at": previous["due_at"],
                        "on_time": previous["on_time"],
                    }
                )
        return steps, hand_overs, current

    def flush(self, connection) -> None:
        with connection.cursor() as cursor:
            raw = cursor.cursor
            for table, rows in self.tables.items():
                _, names, _ = self._columns[table]
                cols = ", ".join(f'"{n}"' for n in names)
                with raw.copy(f'COPY "{table}" ({cols}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row(row)
        self.tables = {}


def _worker(args) -> dict[str, object]:
    name, worker, stride, total, seed, unit_codes, now_iso, log = args
    setup(name)
    from django.db import connection, transaction

    from motcua.indicators.maintain import add_to_aggregates
    from motcua.interchange import synthetic
    from motcua.org.models import Unit
    from motcua.workcalendar.official import statutory_holidays
    from motcua.workcalendar.services import working_calendar_for

    now = datetime.fromisoformat(now_iso)
    start, end = period(now)
    specs = [s for s in unit_specs_cached(name) if s.code in unit_codes]
    tet = {d for d, n in statutory_holidays([start.year]).items() if "Tết Nguyên Đán" in n}
    records = synthetic.generate(
        specs, start, end, total, working_calendar_for(None), now=now, tet_days=tet, seed=seed
    )
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        cursor.execute("SET synchronous_commit = off")
    sink = Sink(worker, stride, now)
    started = time.perf_counter()
    pending = 0
    for raw in records:
        sink.write(raw)
        pending += 1
        if pending >= CHUNK:
            with transaction.atomic():
                sink.flush(connection)
            pending = 0
            if sink.count % (CHUNK * 5) == 0:
                print(
                    f"[{log} w{worker}] {sink.count:,} dossiers, "
                    f"{time.perf_counter() - started:.0f} s",
                    flush=True,
                )
    with transaction.atomic():
        sink.flush(connection)
        add_to_aggregates(sink.daily, sink.monthly)
    assert Unit.objects.exists()
    return {"dossiers": sink.count, "last_dossier": sink.next_dossier - 1}


_SPECS = None


def unit_specs_cached(name: str):
    global _SPECS
    if _SPECS is None:
        from motcua.org.choices import UnitKind
        from motcua.org.models import Unit

        departments = list(Unit.objects.filter(kind=UnitKind.DEPARTMENT).order_by("code"))
        communes = list(Unit.objects.filter(kind=UnitKind.COMMUNE).order_by("pk"))
        _SPECS = unit_specs(departments, communes)
    return _SPECS


# -- the load ------------------------------------------------------------------------------------

LOADED_TABLES = (
    "dossiers_dossier",
    "dossiers_dossierstep",
    "dossiers_dossierevent",
    "dossiers_supplementrequest",
    "interchange_importeddossier",
    "indicators_dossierfact",
)


def plain_indexes(cursor) -> list[tuple[str, str]]:
    """The indexes of the loaded tables that back no constraint (built after the load)."""
    cursor.execute(
        """SELECT i.indexname, i.indexdef FROM pg_indexes i
           WHERE i.tablename = ANY(%s)
             AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)""",
        [list(LOADED_TABLES)],
    )
    return cursor.fetchall()


def load(name: str, total: int, workers: int, now: datetime) -> dict[str, float]:
    from django.db import connection, connections

    with connection.cursor() as cursor:
        indexes = plain_indexes(cursor)
        for index, _definition in indexes:
            cursor.execute(f'DROP INDEX "{index}"')
    specs = unit_specs_cached(name)
    weight = sum(s.weight for s in specs)
    groups = [specs[k::workers] for k in range(workers)]
    stride = total + 100_000
    jobs = [
        (
            name,
            k,
            stride,
            round(total * sum(s.weight for s in group) / weight),
            total * 31 + k,
            {s.code for s in group},
            now.isoformat(),
            name,
        )
        for k, group in enumerate(groups)
    ]
    connections.close_all()
    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        results = pool.map(_worker, jobs)
    loaded = time.perf_counter() - started
    print(f"[{name}] rows written in {loaded:.0f} s; building indexes …", flush=True)
    t = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '1GB'")
        for _index, definition in indexes:
            cursor.execute(definition)
        for table, column in (("dossiers_dossier", "id"), ("dossiers_dossierstep", "id")):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "
                f"(SELECT max({column}) FROM {table}))"
            )
    indexed = time.perf_counter() - t
    t = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return {
        "dossiers": sum(r["dossiers"] for r in results),
        "seconds": loaded,
        "index_seconds": indexed,
        "vacuum_seconds": time.perf_counter() - t,
    }


# -- more years, by copying the generated one ---------------------------------------------------

CLOSED = ("delivered", "stopped", "withdrawn", "not_accepted")
WEEKS = 52  # each earlier year is the generated one moved back 52 weeks: weekdays kept


def replicate(source: str, name: str, copies: int) -> dict[str, float]:
    """``name`` = ``source`` (a generated province-year) plus ``copies`` earlier years, each
    a copy of its closed dossiers with every instant moved back ``52 × k`` weeks (Monday
    peaks stay on Mondays), codes re-dated, ids shifted; steps, events, supplements, import
    links and summary rows copied alike, in SQL. Used when the Python generator would not
    reach 10 M dossiers in the time available; the aggregates (``indicators_dailycount``…)
    are those of the generated year only (the dashboards of the current year read only its
    days), which ``motcua rebuild_indicators`` completes if needed."""
    from django.db import connection

    create_from_template(source, name)
    setup(name)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        indexes = plain_indexes(cursor)
        for index, _definition in indexes:
            cursor.execute(f'DROP INDEX "{index}"')
        cursor.execute("SELECT max(id) FROM dossiers_dossier")
        dossier_span = (cursor.fetchone()[0] // 1_000_000 + 1) * 1_000_000
        cursor.execute("SELECT max(id) FROM dossiers_dossierstep")
        step_span = (cursor.fetchone()[0] // 1_000_000 + 1) * 1_000_000
    tables = _copy_statements()
    for k in range(1, copies + 1):
        days = 7 * WEEKS * k
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
            cursor.execute("SET synchronous_commit = off")
            for sql in tables:
                cursor.execute(
                    sql,
                    {
                        "k": k,
                        "days": days,
                        "shift": timedelta(days=days),
                        "dossiers": dossier_span * k,
                        "steps": step_span * k,
                        "last": dossier_span,
                        "closed": list(CLOSED),
                    },
                )
        print(f"[{name}] copy {k}/{copies}: {time.perf_counter() - started:.0f} s", flush=True)
    copied = time.perf_counter() - started
    t = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '1GB'")
        for _index, definition in indexes:
            cursor.execute(definition)
        for table in ("dossiers_dossier", "dossiers_dossierstep"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            )
    indexed = time.perf_counter() - t
    t = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        cursor.execute("SELECT count(*) FROM dossiers_dossier")
        total = cursor.fetchone()[0]
    return {
        "dossiers": total,
        "seconds": copied,
        "index_seconds": indexed,
        "vacuum_seconds": time.perf_counter() - t,
    }


def create_from_template(source: str, name: str) -> None:
    conn = admin_connection()
    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [source]
    )
    conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
    conn.close()


def _copy_statements() -> list[str]:
    """INSERT … SELECT per table, each column moved: instants back by %(shift)s, dates by
    %(days)s days, ids by %(dossiers)s / %(steps)s, the code re-dated."""
    from motcua.dossiers.models import Dossier, DossierEvent, DossierStep, SupplementRequest
    from motcua.indicators.models import DossierFact
    from motcua.interchange.models import ImportedDossier

    def moved(model, alias: str, special: dict[str, str]) -> tuple[str, str]:
        names, values = [], []
        for f in model._meta.concrete_fields:
            column = f.column
            if f.primary_key and model is not Dossier and model is not DossierStep:
                if model is not DossierFact:
                    continue
            names.append(f'"{column}"')
            kind = f.get_internal_type()
            if column in special:
                values.append(special[column])
            elif kind == "DateTimeField":
                values.append(f'{alias}."{column}" - %(shift)s')
            elif kind == "DateField":
                values.append(f'{alias}."{column}" - %(days)s')
            else:
                values.append(f'{alias}."{column}"')
        return ", ".join(names), ", ".join(values)

    code = (
        "regexp_replace(d.code, '-[0-9]{6}-', '-' || to_char((d.received_at - %(shift)s) "
        "AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYMMDD') || '-')"
    )
    closed = "d.state = ANY(%(closed)s) AND d.id <= %(last)s"
    statements = []
    names, values = moved(
        Dossier, "d", {"id": "d.id + %(dossiers)s", "code": code, "current_step_id": "NULL"}
    )
    statements.append(
        f"INSERT INTO dossiers_dossier ({names}) SELECT {values} FROM dossiers_dossier d "
        f"WHERE {closed}"
    )
    names, values = moved(
        DossierStep, "s", {"id": "s.id + %(steps)s", "dossier_id": "s.dossier_id + %(dossiers)s"}
    )
    statements.append(
        f"INSERT INTO dossiers_dossierstep ({names}) SELECT {values} FROM dossiers_dossierstep s "
        f"JOIN dossiers_dossier d ON d.id = s.dossier_id WHERE {closed}"
    )
    names, values = moved(
        DossierEvent,
        "e",
        {
            "dossier_id": "e.dossier_id + %(dossiers)s",
            "from_step_id": "e.from_step_id + %(steps)s",
            "to_step_id": "e.to_step_id + %(steps)s",
        },
    )
    statements.append(
        f"INSERT INTO dossiers_dossierevent ({names}) SELECT {values} FROM dossiers_dossierevent e "
        f"JOIN dossiers_dossier d ON d.id = e.dossier_id WHERE {closed}"
    )
    names, values = moved(SupplementRequest, "r", {"dossier_id": "r.dossier_id + %(dossiers)s"})
    statements.append(
        f"INSERT INTO dossiers_supplementrequest ({names}) SELECT {values} "
        f"FROM dossiers_supplementrequest r JOIN dossiers_dossier d ON d.id = r.dossier_id "
        f"WHERE {closed}"
    )
    names, values = moved(
        ImportedDossier, "i", {"dossier_id": "i.dossier_id + %(dossiers)s", "code": code}
    )
    statements.append(
        f"INSERT INTO interchange_importeddossier ({names}) SELECT {values} "
        f"FROM interchange_importeddossier i JOIN dossiers_dossier d ON d.id = i.dossier_id "
        f"WHERE {closed}"
    )
    names, values = moved(DossierFact, "f", {"dossier_id": "f.dossier_id + %(dossiers)s"})
    statements.append(
        f"INSERT INTO indicators_dossierfact ({names}) SELECT {values} "
        f"FROM indicators_dossierfact f JOIN dossiers_dossier d ON d.id = f.dossier_id "
        f"WHERE {closed}"
    )
    return statements


def generate_database(name: str, total: int, workers: int = 2) -> dict[str, float]:
    """Create ``name``, migrate it, build the province and load ``total`` dossiers."""
    create_database(name)
    setup(name)
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    build_province()
    now = timezone.now().replace(microsecond=0)
    stats = load(name, total, workers, now)
    stats["generated_at"] = now.isoformat()  # type: ignore[assignment]
    return stats


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--database", required=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--copy-of", default="", help="a generated database to copy from")
    parser.add_argument("--copies", type=int, default=0, help="earlier years to add")
    args = parser.parse_args()
    t = time.perf_counter()
    if args.copy_of:
        stats = replicate(args.copy_of, args.database, args.copies)
    else:
        stats = generate_database(args.database, args.dossiers, args.workers)
    stats["total_seconds"] = time.perf_counter() - t
    print(json.dumps(stats), flush=True)
    Path(ROOT / "var").mkdir(exist_ok=True)
    (ROOT / "var" / f"{args.database}.json").write_text(json.dumps(stats))


if __name__ == "__main__":
    main()
