"""Benchmark of the dossier register's PDF (Sổ theo dõi hồ sơ, TT 03/2025 Mẫu 07): 500 rows
whose applicant names are 200 characters long (the longest name the system accepts),
rendered as the register's "PDF" button does (ReportLab platypus since WeasyPrint took
13 s of CPU for it, see motcua/dossiers/documents/register_pdf.py). Goal: under 2 s.

    .venv/bin/python bench/bench_register_pdf.py [--rows 500] [--runs 3]

Builds a temporary SQLite database (migrations, one ward, one procedure, the dossiers),
times ``register_context`` + ``render_pdf`` (best and median of ``--runs`` after a
warm-up), for names made of words and for names of one unbroken 200-character string (the
case that made WeasyPrint quadratic), and one row with a 100,000-character name as
older or imported data might hold. Writes its section of ``bench/RESULTS.md`` between the
``<!-- begin register-pdf -->`` / ``<!-- end register-pdf -->`` markers (the other sections
are kept as they are) and prints it.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="motcua-bench-register-"))
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
os.environ.setdefault("MEDIA_ROOT", str(WORK / "media"))

VN = ZoneInfo("Asia/Ho_Chi_Minh")
BEGIN, END = "<!-- begin register-pdf -->", "<!-- end register-pdf -->"
GOAL_SECONDS = 2.0
WORDS = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Thị", "Văn", "Minh", "Ánh", "Tuyết"]


def worded_name(i: int, length: int = 200) -> str:
    words, n = [], i
    while len(" ".join(words)) < length:
        words.append(WORDS[n % len(WORDS)])
        n = n * 7 + 3
    return " ".join(words)[:length]


def unbroken_name(i: int, length: int = 200) -> str:
    return ("ABCĐEGHIKLMNOPQRSTUVXY"[i % 22] + "Ư" * length)[:length]


def setup() -> tuple[object, object, object]:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from motcua.org.choices import Role, UnitKind
    from motcua.org.models import Membership, Unit, User
    from motcua.procedures.models import Field, Procedure

    ward = Unit.objects.create(
        name="UBND phường Nha Trang", kind=UnitKind.COMMUNE, code="000.04.40.H56"
    )
    field = Field.objects.create(code="HT", name="Hộ tịch")
    procedure = Procedure.objects.create(
        code="1.000894",
        name="Thủ tục đăng ký kết hôn",
        field=field,
        time_limit=5,
        time_unit="working_days",
        online_level="partial",
    )
    procedure.units.add(ward)
    clerk = User.objects.create(username="mc.bench", full_name="Lê Thị Mai")
    Membership.objects.create(user=clerk, unit=ward, role=Role.CLERK)
    return ward, procedure, clerk


def fill(ward: object, procedure: object, rows: int, name: object, day: date) -> None:
    from motcua.core.text import fold
    from motcua.dossiers.choices import Channel, DossierState
    from motcua.dossiers.models import Dossier

    Dossier.objects.all().delete()
    start = datetime.combine(day, datetime.min.time(), tzinfo=VN) + timedelta(hours=8)
    batch = []
    for i in range(rows):
        at = start + timedelta(minutes=i)
        applicant = name(i)  # type: ignore[operator]
        batch.append(
            Dossier(
                code=f"000.04.40.H56-{day:%y%m%d}-{i + 1:04d}",
                procedure=procedure,
                receiving_unit=ward,
                responsible_unit=ward,
                channel=Channel.IN_PERSON,
                state=DossierState.RECEIVED,
                applicant_name=applicant,
                applicant_folded=fold(applicant)[:200],
                applicant_phone="+84905123456",
                applicant_address="12 Lý Tự Trọng, phường Nha Trang, tỉnh Khánh Hòa",
                submitted_at=at,
                received_at=at,
                due_at=at + timedelta(days=7),
            )
        )
    Dossier.objects.bulk_create(batch, batch_size=500)


def time_register(
    ward: object, clerk: object, day: date, runs: int
) -> tuple[list[float], list[float], int, int]:
    from motcua.dossiers.documents.context import REGISTER, register_context
    from motcua.dossiers.documents.render import render_pdf

    def once() -> tuple[float, float, bytes]:
        t0, c0 = time.perf_counter(), time.process_time()
        context = register_context(ward, day, day, clerk)  # type: ignore[arg-type]
        pdf = render_pdf(REGISTER, context)
        return time.perf_counter() - t0, time.process_time() - c0, pdf

    once()  # warm-up: fonts, templates
    timings, cpu, pdf = [], [], b""
    for _ in range(runs):
        seconds, processor, pdf = once()
        timings.append(seconds)
        cpu.append(processor)
    from io import BytesIO

    from pypdf import PdfReader

    return timings, cpu, len(pdf), len(PdfReader(BytesIO(pdf)).pages)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from importlib.metadata import version

    return (
        f"{platform.system()} {platform.release()} {platform.machine()}, {cpu}, "
        f"{os.cpu_count()} logical cores, Python {platform.python_version()}, "
        f"ReportLab {version('reportlab')} (rl_accel {version('rl_accel')})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    started = time.perf_counter()
    load_before = os.getloadavg()
    ward, procedure, clerk = setup()
    day = date(2025, 10, 15)  # after FORM_FRAME_2025_FROM (default 2025-09-15): Mẫu 07
    results = []
    for label, name, rows in (
        (f"{args.rows} rows, 200-character names of words", worded_name, args.rows),
        (f"{args.rows} rows, 200-character unbroken names", unbroken_name, args.rows),
        ("1 row, 100,000-character unbroken name", lambda i: "Ư" * 100_000, 1),
    ):
        fill(ward, procedure, rows, name, day)
        timings, cpu, size, pages = time_register(ward, clerk, day, args.runs)
        results.append((label, min(timings), statistics.median(timings), min(cpu), pages, size))
        print(f"{label}: best {min(timings):.2f} s, median {statistics.median(timings):.2f} s")
    load_after = os.getloadavg()
    main_best = results[0][1]
    verdict = "met" if max(r[2] for r in results) < GOAL_SECONDS else "NOT met"
    lines = [
        f"## Register PDF — {datetime.now(VN):%Y-%m-%d %H:%M} (+07:00)",
        "",
        "Written by `bench/bench_register_pdf.py` (`make bench`); do not edit by hand.",
        "",
        f"- Machine: {machine()}",
        "- Load average (1, 5, 15 min) before / after: "
        + " / ".join(", ".join(f"{x:.2f}" for x in load) for load in (load_before, load_after))
        + " — the machine is shared, so times vary with the others' work",
        f"- What: `register_context` + `render_pdf` of the TT 03/2025 register (Mẫu 07, A4 "
        f"landscape, ReportLab platypus) of one ward and one day; best and median of {args.runs} runs after a "
        "warm-up; temporary SQLite database",
        f"- Goal: under {GOAL_SECONDS:.0f} s for {args.rows} rows of 200-character names: "
        f"**{verdict}** (best {main_best:.2f} s)",
        "",
        "| register | best | median | CPU time (best) | pages | PDF size |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {label} | {best:.2f} s | {median:.2f} s | {cpu:.2f} s | {pages} "
        f"| {size / 1024:,.0f} KiB |"
        for label, best, median, cpu, pages, size in results
    ]
    lines += [
        "",
        "CPU time is the process's own (what it would take on an idle core); wall time "
        "includes waiting for the shared cores.",
    ]
    lines += ["", f"Whole run: {time.perf_counter() - started:.1f} s."]
    text = "\n".join(lines)
    from sections import write_section

    write_section(f"{BEGIN}\n{text}\n{END}", BEGIN, END)
    print(text)


if __name__ == "__main__":
    main()
