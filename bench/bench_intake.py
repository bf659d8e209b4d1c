"""Benchmark of intake over the HTTP API on PostgreSQL: ``POST /api/v1/dossiers`` into one
unit through gunicorn (4 workers), driven by wrk at 1, 8 and 32 clients, against the raw
ceiling (the same dossier + history rows written through psycopg) measured in the same run.

    .venv/bin/python bench/bench_intake.py [--seconds 20] [--keep]

Creates the database ``bench_intake`` (``BENCH_DATABASE_URL`` to change it), drops it at the
end unless ``--keep``; writes its results into ``bench/RESULTS.md`` between the
``<!-- begin intake -->`` and ``<!-- end intake -->`` markers. Needs ``wrk`` (Debian:
``apt-get install wrk``) and gunicorn (``pip install -e '.[bench]'``).

Targets (issue 13): at least 300 dossiers/s at 8 clients, p95 at most 150 ms at 32 clients,
within 5× of the raw ceiling.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_intake")
os.environ["DATABASE_URL"] = URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")

UNIT_CODE = "000.01.40.H97"
PROCEDURE_CODE = "2.900001"
LEVELS = (1, 8, 32)
WORKERS = 4
BEGIN, END = "<!-- begin intake -->", "<!-- end intake -->"
TARGET_RATE, TARGET_P95_MS, TARGET_RATIO = 300.0, 150.0, 5.0

BODY = {
    "procedure": PROCEDURE_CODE,
    "unit": UNIT_CODE,
    "applicant": {"name": "Trần Văn Bình", "id_number": "056090001234", "phone": "0905123456"},
    "documents": [
        {"name": "Tờ khai đăng ký kết hôn"},
        {"name": "Giấy xác nhận tình trạng hôn nhân"},
    ],
}

# wrk: POST the JSON body; report counts and the latency percentiles as one JSON line.
LUA = """
wrk.method = "POST"
wrk.body = [[%(body)s]]
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer %(token)s"

local statuses = {}
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  io.write(string.format(
    'RESULT {"requests": %%d, "seconds": %%f, "p50_us": %%d, "p95_us": %%d, "p99_us": %%d, ' ..
    '"connect_errors": %%d, "read_errors": %%d, "write_errors": %%d, "timeouts": %%d, "non2xx": %%d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout, summary.errors.status))
end
"""


def admin_connection():
    import psycopg

    base, name = URL.rsplit("/", 1)
    return psycopg.connect(f"{base}/postgres", autocommit=True), name


def create_database() -> None:
    conn, name = admin_connection()
    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def drop_database() -> None:
    from django.db import connections

    connections.close_all()
    conn, name = admin_connection()
    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.close()


def build() -> str:
    """One commune with a desk clerk and an API token; the marriage-registration shape of
    procedure (5 working days, two mandatory documents, four steps)."""
    from motcua.org.choices import Role, UnitKind
    from motcua.org.models import Membership, Unit, User
    from motcua.org.tokens import do_create_token
    from motcua.procedures.catalogue import (
        DocumentRecord,
        ProcedureRecord,
        StepRecord,
        do_import_catalogue,
    )

    province = Unit.objects.create(
        name="UBND tỉnh Thử Tải", kind=UnitKind.PROVINCE, code="000.00.00.H97"
    )
    commune = Unit.objects.create(
        name="UBND xã Thử Tải", kind=UnitKind.COMMUNE, code=UNIT_CODE, parent=province
    )
    record = ProcedureRecord(
        code=PROCEDURE_CODE,
        name="Thủ tục đăng ký kết hôn (thử tải)",
        field_code="HT",
        field_name="Hộ tịch",
        levels=["commune"],
        time_limit=5,
        time_unit="working_days",
        online_level="full",
        unit_codes=[commune.code],
    )
    record.documents = [
        DocumentRecord("Tờ khai đăng ký kết hôn", "original"),
        DocumentRecord("Giấy xác nhận tình trạng hôn nhân", "original"),
    ]
    record.steps = [
        StepRecord("Tiếp nhận, kiểm tra hồ sơ", "clerk", Decimal("0.5")),
        StepRecord("Thẩm định, xác minh", "specialist", Decimal("3")),
        StepRecord("Phê duyệt, ký giấy chứng nhận", "unit_head", Decimal("1")),
        StepRecord("Trả kết quả", "clerk", Decimal("0.5")),
    ]
    record.fees = []
    do_import_catalogue([record])
    clerk = User.objects.create_user("motcua_bench", full_name="Cán bộ một cửa")
    Membership.objects.create(user=clerk, unit=commune, role=Role.CLERK)
    _token, raw = do_create_token(clerk, "bench")
    return raw


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_gunicorn(port: int) -> subprocess.Popen[bytes]:
    # The aggregates refreshed by the worker, as deploy/ runs it (the request writes the
    # stale mark only); the notices on the default database task queue, which costs the
    # intake two more rows than deploy/'s Redis queue.
    env = dict(
        os.environ,
        DATABASE_URL=URL,
        DB_CONN_MAX_AGE="600",
        DEBUG="0",
        INDICATORS_REFRESH="worker",
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
    )
    process = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "motcua.wsgi:application",
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{port}",
            "--backlog",
            "256",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not start")


def warm_up(port: int, token: str, requests: int = 2 * WORKERS) -> None:
    """A few intakes one by one until they answer 201: the workers have loaded Django,
    opened their database connection and built the calendars."""
    import urllib.request

    data = json.dumps(BODY).encode()
    done, deadline = 0, time.monotonic() + 120
    while done < requests:
        if time.monotonic() > deadline:
            raise RuntimeError("the intake does not answer 201")
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/v1/dossiers",
            data=data,
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                done += response.status == 201
        except OSError:
            time.sleep(0.5)


def stop(process: subprocess.Popen[bytes]) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


class LoadSampler:
    """The 1-minute load average, sampled every second while the benchmark runs."""

    def __init__(self) -> None:
        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(1.0):
            self.samples.append(os.getloadavg()[0])

    def __enter__(self) -> LoadSampler:
        self.samples.append(os.getloadavg()[0])
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def summary(self) -> str:
        if not self.samples:
            return "n/a"
        return f"{min(self.samples):.1f}–{max(self.samples):.1f} (mean {sum(self.samples) / len(self.samples):.1f})"


def run_wrk(port: int, token: str, clients: int, seconds: int, script_dir: str) -> dict[str, float]:
    script = Path(script_dir) / "post.lua"
    script.write_text(LUA % {"body": json.dumps(BODY, ensure_ascii=False), "token": token})
    out = subprocess.run(
        [
            "wrk",
            "-t",
            str(min(clients, 2)),
            "-c",
            str(clients),
            "-d",
            f"{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}/api/v1/dossiers",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("RESULT "))
    result: dict[str, float] = json.loads(line[len("RESULT ") :])
    result["rate"] = result["requests"] / result["seconds"]
    result["clients"] = clients
    return result


def check_codes() -> dict[str, int]:
    """Every dossier has a real code, the day's numbers run 1…n without gap or repeat."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), count(DISTINCT code), "
            "count(*) FILTER (WHERE code LIKE '~%%') FROM dossiers_dossier"
        )
        total, distinct, provisional = cursor.fetchone()
        cursor.execute("SELECT coalesce(sum(last), 0) FROM dossiers_dailysequence")
        numbered = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM (SELECT split_part(code, '-', 2) AS day, "
            "split_part(code, '-', 3)::int AS n, "
            "row_number() OVER (PARTITION BY split_part(code, '-', 1), split_part(code, '-', 2) "
            "ORDER BY split_part(code, '-', 3)::int) AS r FROM dossiers_dossier) t WHERE n <> r"
        )
        gaps = cursor.fetchone()[0]
    return {
        "dossiers": total,
        "distinct": distinct,
        "provisional": provisional,
        "numbered": numbered,
        "gaps": gaps,
    }


class RowTemplate:
    """An INSERT of one model's row with every column (``id`` aside) taken from a Django
    instance prepared once; ``params(**changes)`` replaces the few columns that differ per
    row. Columns added later to the model are written too."""

    def __init__(self, instance, returning: bool = True, with_pk: bool = False) -> None:
        from django.db import connection

        fields = [f for f in instance._meta.concrete_fields if with_pk or not f.primary_key]
        self.columns = [f.column for f in fields]
        self.values = [f.get_db_prep_save(f.pre_save(instance, True), connection) for f in fields]
        cols = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        marks = ", ".join(["%s"] * len(fields))
        self.sql = f"INSERT INTO {instance._meta.db_table} ({cols}) VALUES ({marks})"
        if returning:
            self.sql += " RETURNING id"

    def params(self, **changes: object) -> list[object]:
        values = list(self.values)
        for column, value in changes.items():
            values[self.columns.index(column)] = value
        return values


def raw_ceiling(seconds: int, clients: int = 8) -> float:
    """The same rows as one intake (dossier, its stale mark, 4 steps, history row,
    receipt, day's number, code and current step, the SMS and Zalo notices' task rows)
    written with plain SQL through psycopg, one transaction per dossier, ``clients``
    connections at once: what the database alone can take."""
    import uuid

    import psycopg
    from django_tasks_db.models import DBTaskResult, get_date_max

    from motcua.dossiers.models import Dossier, DossierEvent, DossierStep, IssuedForm
    from motcua.org.models import Unit, User
    from motcua.procedures.models import Procedure

    unit = Unit.objects.get(code=UNIT_CODE)
    procedure = Procedure.objects.get(code=PROCEDURE_CODE)
    clerk = User.objects.get(username="motcua_bench")
    now = datetime.now(UTC)
    dossier_row = RowTemplate(
        Dossier(
            code="~raw",
            procedure=procedure,
            receiving_unit=unit,
            responsible_unit=unit,
            channel="in_person",
            state="received",
            applicant_name="Trần Văn Bình",
            applicant_id_number="056090001234",
            applicant_phone="0905123456",
            submitted_at=now,
            received_at=now,
            due_at=now,
            legal_due_at=now,
        )
    )
    step_rows = [
        RowTemplate(
            DossierStep(
                dossier_id=0,
                order=order,
                name=name,
                role=role,
                unit=unit,
                budget_hours=Decimal(hours),
            )
        )
        for order, name, role, hours in (
            (1, "Tiếp nhận, kiểm tra hồ sơ", "clerk", 4),
            (2, "Thẩm định, xác minh", "specialist", 24),
            (3, "Phê duyệt, ký giấy chứng nhận", "unit_head", 8),
            (4, "Trả kết quả", "clerk", 4),
        )
    ]
    # The steps in one multi-row INSERT, as the intake writes them.
    head, values = step_rows[0].sql.removesuffix(" RETURNING id").split(" VALUES ")
    steps_sql = f"{head} VALUES {', '.join([values] * len(step_rows))} RETURNING id"
    event_row = RowTemplate(
        DossierEvent(
            dossier_id=0,
            action="receive",
            to_state="received",
            actor=clerk,
            at=now,
            data={"documents": BODY["documents"]},
        ),
        returning=False,
    )
    form_row = RowTemplate(
        IssuedForm(
            dossier_id=0,
            kind="receipt",
            issued_at=now,
            issued_by=clerk,
            data={"received_at": now.isoformat()},
        ),
        returning=False,
    )
    notice_row = RowTemplate(
        DBTaskResult(
            id=uuid.uuid4(),
            args_kwargs={"args": ["sms", "+84905123456", "", "Hồ sơ RAW đã được tiếp nhận"]},
            task_path="motcua.integrations.tasks.deliver_message",
            queue_name="default",
            backend_name="default",
            run_after=get_date_max(),
        ),
        returning=False,
        with_pk=True,
    )
    stale_sql = (
        "INSERT INTO indicators_staledossier (dossier_id, marked_at) VALUES (%s, %s) "
        "ON CONFLICT (dossier_id) DO UPDATE SET marked_at = EXCLUDED.marked_at"
    )
    stop_at = time.monotonic() + seconds
    counts = [0] * clients

    def work(i: int) -> None:
        with psycopg.connect(URL) as conn:
            n = 0
            while time.monotonic() < stop_at:
                with conn.transaction():
                    at = datetime.now(UTC)
                    (dossier,) = conn.execute(
                        dossier_row.sql,
                        dossier_row.params(code=f"~raw-{i}-{n}", submitted_at=at, received_at=at),
                    ).fetchone()
                    conn.execute(stale_sql, [dossier, at])
                    params: list[object] = []
                    for k, row in enumerate(step_rows):
                        first = {"handler_id": clerk.pk, "started_at": at, "due_at": at}
                        params += row.params(dossier_id=dossier, **(first if k == 0 else {}))
                    steps = [r[0] for r in conn.execute(steps_sql, params).fetchall()]
                    conn.execute(
                        event_row.sql,
                        event_row.params(dossier_id=dossier, at=at, to_step_id=steps[0]),
                    )
                    conn.execute(form_row.sql, form_row.params(dossier_id=dossier, issued_at=at))
                    (number,) = conn.execute(
                        "INSERT INTO dossiers_dailysequence (unit_code, day, last) "
                        "VALUES ('RAW', %s, 1) ON CONFLICT (unit_code, day) DO UPDATE "
                        "SET last = dossiers_dailysequence.last + 1 RETURNING last",
                        [at.date()],
                    ).fetchone()
                    conn.execute(
                        "UPDATE dossiers_dossier SET code = %s, current_step_id = %s WHERE id = %s",
                        [f"RAW-{at:%y%m%d}-{number:04d}", steps[0], dossier],
                    )
                    for _channel in ("sms", "zalo"):
                        conn.execute(notice_row.sql, notice_row.params(id=uuid.uuid4().hex))
                n += 1
            counts[i] = n

    started = time.monotonic()
    threads = [threading.Thread(target=work, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts) / (time.monotonic() - started)


def worker_refresh() -> tuple[int, float]:
    """The worker's side of the API run: the refresh task over every dossier the intakes
    marked stale (in production it runs every INDICATORS_REFRESH_SECONDS beside them);
    how many it refreshed and in how many seconds."""
    from motcua.indicators.tasks import refresh_stale_task

    started = time.monotonic()
    refreshed = refresh_stale_task.call()
    return refreshed, time.monotonic() - started


def pg_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return str(cursor.fetchone()[0])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=20, help="duration of each level")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install wrk")
    create_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = datetime.now(UTC)
    try:
        token = build()
        port = free_port()
        gunicorn = start_gunicorn(port)
        levels = []
        try:
            with LoadSampler() as load, tempfile.TemporaryDirectory() as tmp:
                warm_up(port, token)
                run_wrk(port, token, 4, 3, tmp)
                for clients in LEVELS:
                    result = run_wrk(port, token, clients, args.seconds, tmp)
                    levels.append(result)
                    print(
                        f"{clients:>3} clients: {result['rate']:.1f} dossiers/s, "
                        f"p95 {result['p95_us'] / 1000:.0f} ms, non-2xx {result['non2xx']}",
                        flush=True,
                    )
                stop(gunicorn)
                gunicorn = None
                refreshed, refresh_seconds = worker_refresh()
                print(
                    f"worker refresh: {refreshed} dossiers in {refresh_seconds:.1f} s", flush=True
                )
                ceiling = raw_ceiling(max(5, args.seconds // 2))
                print(f"raw ceiling: {ceiling:.0f} dossiers/s", flush=True)
        finally:
            if gunicorn is not None:
                stop(gunicorn)
        codes = check_codes()
        report(
            started,
            levels,
            ceiling,
            codes,
            load.summary(),
            args.seconds,
            (refreshed, refresh_seconds),
        )
    finally:
        if not args.keep:
            drop_database()


def report(
    started: datetime,
    levels: list[dict[str, float]],
    ceiling: float,
    codes: dict[str, int],
    load: str,
    seconds: int,
    refresh: tuple[int, float],
) -> None:
    by = {int(r["clients"]): r for r in levels}
    at8, at32 = by[8]["rate"], by[32]["p95_us"] / 1000
    best = max(r["rate"] for r in levels)
    ratio = ceiling / best if best else float("inf")

    def verdict(ok: bool) -> str:
        return "met" if ok else "**not met**"

    lines = [
        BEGIN,
        f"## Intake over the HTTP API — {started:%Y-%m-%d %H:%M} UTC",
        "",
        f"`bench/bench_intake.py` (one command; {seconds} s per level). Machine: "
        f"{platform.system()} {platform.release()} {platform.machine()}, {os.cpu_count()} cores, "
        f"shared (1-minute load average during the run: {load}; gunicorn, PostgreSQL and wrk "
        f"run on these cores), Python {platform.python_version()}, "
        f"PostgreSQL {pg_version()} on the same machine, gunicorn {WORKERS} sync workers, "
        "wrk on localhost. One commune, one procedure (5 working days, 4 steps, 2 documents), "
        "one API token; the body of `POST /api/v1/dossiers` as in the API docs. Each intake "
        "queues its SMS and Zalo notices inside its own transaction (the default database "
        "task backend; deploy/ puts them on Redis instead, off the database) and marks the "
        "dossier stale for the indicators, which the worker refreshes "
        "(`INDICATORS_REFRESH=worker`, as deploy/ sets it; timed below).",
        "",
        "| clients | dossiers / s | p50 | p95 | p99 | errors / non-2xx |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for r in levels:
        errors = r["connect_errors"] + r["read_errors"] + r["write_errors"] + r["timeouts"]
        lines.append(
            f"| {int(r['clients'])} | {r['rate']:.1f} | {r['p50_us'] / 1000:.0f} ms | "
            f"{r['p95_us'] / 1000:.0f} ms | {r['p99_us'] / 1000:.0f} ms | "
            f"{int(errors)} / {int(r['non2xx'])} |"
        )
    lines += [
        "",
        f"- Raw ceiling (the same dossier + stale mark + 4 steps + history row + receipt + "
        f"day's number + 2 notice rows, plain SQL through psycopg, 8 connections): "
        f"**{ceiling:.0f} dossiers/s**; the API's best level is {ratio:.1f}× below it.",
        f"- The worker's refresh of the aggregates for the API's dossiers "
        f"(`refresh_stale_task`, run once after the load): {refresh[0]:,} dossiers in "
        f"{refresh[1]:.1f} s, {refresh[0] / refresh[1] if refresh[1] else 0:,.0f} dossiers/s "
        f"on one process.",
        f"- Codes: {codes['dossiers']:,} dossiers (API and raw), {codes['distinct']:,} distinct "
        f"codes, {codes['provisional']} provisional left, {codes['gaps']} gaps in the daily "
        f"sequences, {codes['numbered']:,} numbers handed out.",
        f"- Targets: ≥ {TARGET_RATE:.0f} dossiers/s at 8 clients — {at8:.1f}: "
        f"{verdict(at8 >= TARGET_RATE)}; p95 ≤ {TARGET_P95_MS:.0f} ms at 32 clients — "
        f"{at32:.0f} ms: {verdict(at32 <= TARGET_P95_MS)}; within {TARGET_RATIO:.0f}× of the "
        f"ceiling — {ratio:.1f}×: {verdict(ratio <= TARGET_RATIO)}.",
        END,
    ]
    section = "\n".join(lines)
    print(section)
    from sections import write_section

    write_section(section, BEGIN, END)


if __name__ == "__main__":
    main()
