"""Benchmark of the indicators at province scale on PostgreSQL: a province-year of dossiers
generated in the national vocabulary and loaded through the import, then the dashboard and
the 766 endpoint (served from the maintained aggregates) timed side by side with the plain
GROUP BY over the dossier table that a dashboard without aggregates would run.

    .venv/bin/python bench/bench_indicators.py --dossiers 1000000 [--keep]

Creates the database ``bench10`` (``BENCH_DATABASE_URL`` to change it), drops it at the end
unless ``--keep``; appends its results to ``bench/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench10")
os.environ["DATABASE_URL"] = URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")

VN = ZoneInfo("Asia/Ho_Chi_Minh")
YEAR = 2025
DEPARTMENTS = 20
COMMUNES = 150
PROCEDURES = 80
CHUNK = 20_000


def admin_connection():  # the maintenance database, to create and drop the bench one
    import psycopg

    base, name = URL.rsplit("/", 1)
    return psycopg.connect(f"{base}/postgres", autocommit=True), name


def create_database() -> None:
    conn, name = admin_connection()
    conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
    conn.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def drop_database() -> None:
    from django.db import connections

    connections.close_all()
    conn, name = admin_connection()
    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.close()


def build_province():
    """1 province, 20 departments, 150 communes; 80 procedures (60 commune-level, 20 of the
    departments), through the catalogue import."""
    from motcua.org.choices import UnitKind
    from motcua.org.models import Unit
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
                steps=[StepRecord("Xử lý", "specialist", Decimal(limit))],
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


def load(total: int, specs) -> dict[str, float]:
    """Generate and import in chunks of 20,000 records (each chunk all-or-nothing, its
    aggregates refreshed after its commit, as the import command does)."""
    from motcua.interchange import synthetic
    from motcua.interchange.importer import import_records
    from motcua.workcalendar.official import statutory_holidays
    from motcua.workcalendar.services import working_calendar_for

    tet = {d for d, n in statutory_holidays([YEAR]).items() if "Tết Nguyên Đán" in n}
    now = datetime(YEAR + 1, 1, 5, 9, tzinfo=VN)
    records = synthetic.generate(
        specs,
        date(YEAR, 1, 1),
        date(YEAR, 12, 31),
        total,
        working_calendar_for(None),
        now=now,
        tet_days=tet,
        seed=total,
    )
    started = time.perf_counter()
    done, chunk = 0, []
    for record in records:
        chunk.append(record)
        if len(chunk) >= CHUNK:
            done += import_records(chunk).created
            chunk = []
            print(f"  {done:,} imported, {time.perf_counter() - started:.0f} s", flush=True)
    if chunk:
        done += import_records(chunk).created
    return {"dossiers": done, "seconds": time.perf_counter() - started}


PLAIN = """
SELECT d.responsible_unit_id,
       count(*) FILTER (WHERE d.received_at >= %(start)s AND d.received_at < %(end)s) AS received,
       count(*) FILTER (WHERE d.received_at >= %(start)s AND d.received_at < %(end)s AND d.channel = 'online') AS online,
       count(*) FILTER (WHERE d.completed_at >= %(start)s AND d.completed_at < %(end)s) AS settled,
       count(*) FILTER (WHERE d.completed_at >= %(start)s AND d.completed_at < %(end)s AND d.completed_at > d.legal_due_at) AS late,
       count(*) FILTER (WHERE d.received_at < %(end)s AND (d.completed_at IS NULL OR d.completed_at >= %(start)s)) AS handled,
       count(*) FILTER (WHERE d.received_at >= %(start)s AND d.received_at < %(end)s AND d.fee_amount > 0) AS with_fee,
       count(*) FILTER (WHERE d.received_at >= %(start)s AND d.received_at < %(end)s AND d.paid_online <> '0') AS paid,
       count(*) FILTER (WHERE d.received_at >= %(start)s AND d.received_at < %(end)s AND d.digitisation = 'complete') AS digitised,
       count(*) FILTER (WHERE d.received_at >= %(start)s AND d.received_at < %(end)s AND d.electronic_result) AS electronic
FROM dossiers_dossier d
JOIN org_unit u ON u.id = d.responsible_unit_id
WHERE u.path LIKE %(path)s
GROUP BY d.responsible_unit_id
"""


def timed(fn, runs: int = 5) -> float:
    fn()  # warm-up
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples) * 1000


def measure(province) -> dict[str, float]:
    from django.db import connection
    from django.test import Client

    from motcua.org.models import User

    admin = User.objects.create_superuser("bench", "bench@example.vn", "bench")
    client = Client()
    client.force_login(admin)
    query = {"unit": province.code, "from": f"{YEAR}-01-01", "to": f"{YEAR}-12-31"}

    def get(path, params):
        response = client.get(path, params)
        assert response.status_code == 200, response.content[:500]

    def plain():
        with connection.cursor() as cursor:
            cursor.execute(
                PLAIN,
                {
                    "start": datetime(YEAR, 1, 1, tzinfo=VN),
                    "end": datetime(YEAR + 1, 1, 1, tzinfo=VN),
                    "path": province.path + "%",
                },
            )
            cursor.fetchall()

    return {
        "api_766_ms": timed(lambda: get("/api/v1/indicators/766", query)),
        "api_counts_ms": timed(lambda: get("/api/v1/indicators", query)),
        "dashboard_ms": timed(
            lambda: get("/indicators/", {"unit": province.code, "period": "year", "year": YEAR})
        ),
        "plain_group_by_ms": timed(plain),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    create_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import override_settings

    call_command("migrate", verbosity=0)
    try:
        with override_settings(ALLOWED_HOSTS=["testserver"]):
            province, departments, communes = build_province()
            print(f"loading {args.dossiers:,} dossiers into {URL.rsplit('/', 1)[1]} …", flush=True)
            loaded = load(args.dossiers, unit_specs(departments, communes))
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
                cursor.execute("SELECT count(*) FROM indicators_dailycount")
                daily_rows = cursor.fetchone()[0]
            results = measure(province)
        report(args.dossiers, loaded, daily_rows, results)
    finally:
        if not args.keep:
            drop_database()


def report(total: int, loaded: dict[str, float], daily_rows: int, r: dict[str, float]) -> None:
    speedup = r["plain_group_by_ms"] / max(r["api_766_ms"], 1e-9)
    lines = [
        "",
        f"## Indicators at {total:,} dossiers — {date.today():%Y-%m-%d}",
        "",
        f"Machine: {platform.node()} ({os.cpu_count()} cores shared), PostgreSQL, "
        f"`bench/bench_indicators.py --dossiers {total}`. One province, {DEPARTMENTS} departments, "
        f"{COMMUNES} communes, {PROCEDURES} procedures, year {YEAR}.",
        "",
        "| what | result |",
        "|---|---|",
        f"| import (generate + check + write + aggregates) | {loaded['dossiers']:,} dossiers in "
        f"{loaded['seconds']:.0f} s ({loaded['dossiers'] / loaded['seconds']:,.0f} / s) |",
        f"| daily aggregate rows | {daily_rows:,} |",
        f"| `GET /api/v1/indicators/766` (province, year) | {r['api_766_ms']:.0f} ms |",
        f"| `GET /api/v1/indicators` (province, year) | {r['api_counts_ms']:.0f} ms |",
        f"| dashboard page `/indicators/` (province, year, ranking of 170 units, trend) | {r['dashboard_ms']:.0f} ms |",
        f"| plain GROUP BY over the dossier table (same year, subtree) | {r['plain_group_by_ms']:.0f} ms |",
        f"| 766 endpoint vs plain GROUP BY | {speedup:.1f}× faster |",
        "",
        "Median of 5 runs after one warm-up, in-process Django test client (no network).",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    with open(ROOT / "bench" / "RESULTS.md", "a", encoding="utf-8") as handle:
        handle.write(text)


if __name__ == "__main__":
    main()
