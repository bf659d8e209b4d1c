"""Benchmark of the indicators at province scale on PostgreSQL: a province-year of dossiers
from the one generator of benchmark data (``bench/datagen.py``: the national-vocabulary
records of ``motcua.interchange.synthetic``, written with COPY together with the summary rows
and aggregates the import maintains), then the dashboard and the 766 endpoint (served from
the maintained aggregates) timed side by side with the plain GROUP BY over the dossier table
that a dashboard without aggregates would run.

    .venv/bin/python bench/bench_indicators.py --dossiers 1000000 [--reuse] [--keep]

Creates the database ``bench_pages_<n>`` (the pages benchmark's: ``--database`` to name
another; ``--reuse`` measures an existing one), drops it at the end unless ``--keep``;
writes its results between the ``indicators`` markers of ``bench/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")

import datagen  # noqa: E402

VN = ZoneInfo("Asia/Ho_Chi_Minh")
YEAR = date.today().year  # the generated province-year: 1 January to today


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

    admin = User.objects.filter(username="bench").first() or User.objects.create_superuser(
        "bench", "bench@example.vn", "bench"
    )
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
    parser.add_argument("--database", default="")
    parser.add_argument("--reuse", action="store_true", help="measure an existing database")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--workers", type=int, default=2, help="generator processes")
    args = parser.parse_args()
    name = args.database or f"bench_pages_{args.dossiers}"
    started = time.perf_counter()
    if args.reuse and datagen.database_exists(name):
        datagen.setup(name)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        stats_file = ROOT / "var" / f"{name}.json"
        loaded = json.loads(stats_file.read_text()) if stats_file.exists() else {}
    else:
        loaded = datagen.generate_database(name, args.dossiers, args.workers)
        loaded["total_seconds"] = time.perf_counter() - started
    from django.db import connection
    from django.test.utils import override_settings

    from motcua.org.models import Unit

    try:
        with override_settings(ALLOWED_HOSTS=["testserver"]):
            province = Unit.objects.get(code="000.00.00.H98")
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM dossiers_dossier")
                total = cursor.fetchone()[0]
                cursor.execute("SELECT count(*) FROM indicators_dailycount")
                daily_rows = cursor.fetchone()[0]
            load_before = " ".join(f"{x:.1f}" for x in os.getloadavg())
            results = measure(province)
            load_after = " ".join(f"{x:.1f}" for x in os.getloadavg())
        report(total, loaded, daily_rows, results, load_before, load_after)
    finally:
        if not args.keep:
            datagen.drop_database(name)


def report(
    total: int,
    loaded: dict[str, float],
    daily_rows: int,
    r: dict[str, float],
    load_before: str,
    load_after: str,
) -> None:
    speedup = r["plain_group_by_ms"] / max(r["api_766_ms"], 1e-9)
    generated = loaded.get("total_seconds") or 0
    lines = [
        "<!-- begin indicators -->",
        f"## Indicators at {total:,} dossiers — {date.today():%Y-%m-%d}",
        "",
        f"Machine: {platform.system()} {platform.machine()}, {os.cpu_count()} logical cores "
        f"(shared), PostgreSQL, `bench/bench_indicators.py`. One province, "
        f"{datagen.DEPARTMENTS} departments, {datagen.COMMUNES} communes, "
        f"{datagen.PROCEDURES} procedures, year {YEAR} (1 January to the day of the run). "
        f"Load average {load_before} before the timings, {load_after} after (the machine is "
        "shared: the numbers were taken under load).",
        "",
        "| what | result |",
        "|---|---|",
        f"| data (`bench/datagen.py`: COPY, with the summary rows and aggregates) | "
        f"{total:,} dossiers in {generated:.0f} s |",
        f"| daily aggregate rows | {daily_rows:,} |",
        f"| `GET /api/v1/indicators/766` (province, year) | {r['api_766_ms']:.0f} ms |",
        f"| `GET /api/v1/indicators` (province, year) | {r['api_counts_ms']:.0f} ms |",
        f"| dashboard page `/indicators/` (province, year, ranking of 170 units, trend) | "
        f"{r['dashboard_ms']:.0f} ms |",
        f"| plain GROUP BY over the dossier table (same year, subtree) | "
        f"{r['plain_group_by_ms']:.0f} ms |",
        f"| 766 endpoint vs plain GROUP BY | {speedup:.1f}× faster |",
        "",
        "Median of 5 runs after one warm-up, in-process Django test client (no network). "
        "Goal: the 766 endpoint under 200 ms at 10 M dossiers and at least 10× faster than "
        f"the plain query: {'met' if r['api_766_ms'] < 200 and speedup >= 10 else 'not met'} "
        f"at {total:,}.",
        "<!-- end indicators -->",
    ]
    section = "\n".join(lines)
    print(section)
    from sections import write_section

    write_section(section, "<!-- begin indicators -->", "<!-- end indicators -->")


if __name__ == "__main__":
    main()
