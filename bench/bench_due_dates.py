"""Benchmark: due-date computations per second, motcua engine vs numpy.busday_offset.

Run from the repository root::

    .venv/bin/python bench/bench_due_dates.py

It writes its section of ``bench/RESULTS.md``, between the ``<!-- begin due-dates -->``
and ``<!-- end due-dates -->`` markers (the other sections are kept as they are). Inputs
are drawn with a fixed seed, so two runs compute the same due dates; only the timings
differ. See README.md beside this file for what is compared and why the answers may
differ.
"""

from __future__ import annotations

import os
import platform
import random
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # running from a checkout without installing
    sys.path.insert(0, str(ROOT))

from motcua.workcalendar.engine import (  # noqa: E402
    VN_TZ,
    LimitUnit,
    Pause,
    TimeLimit,
    WorkingCalendar,
    due_at,
    effective_receipt_day,
)
from motcua.workcalendar.official import official_calendar  # noqa: E402

SEED = 20231027
N_INPUTS = 200_000  # dossiers per timed batch
N_SCALAR_NUMPY = 50_000  # numpy called once per dossier (slow path), fewer inputs
REPEATS = 3  # best of
BEGIN, END = "<!-- begin due-dates -->", "<!-- end due-dates -->"


def make_inputs(n: int, rng: random.Random) -> tuple[list[datetime], list[int], list[bool]]:
    """Receipt instants over 2024–2026 (to the second), limits 1–30, paper or online.

    Receipts are drawn uniformly over the whole week, nights and weekends
    included (online filing never closes), so about 70 % fall outside office
    hours — the cases where the time of day matters.
    """
    origin = datetime(2024, 1, 1, tzinfo=VN_TZ)
    span = int((datetime(2027, 1, 1, tzinfo=VN_TZ) - origin).total_seconds())
    received = [origin + timedelta(seconds=rng.randrange(span)) for _ in range(n)]
    amounts = [rng.randint(1, 30) for _ in range(n)]
    paper = [rng.random() < 0.5 for _ in range(n)]
    return received, amounts, paper


def best_of(fn: Callable[[], object], repeats: int = REPEATS) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def numpy_calendar(calendar: WorkingCalendar) -> np.busdaycalendar:
    """The closest numpy equivalent: Mon–Fri weekmask, the same days off.

    numpy has no notion of a single working Saturday: the make-up days
    (``calendar.working_days``) cannot be expressed and are dropped.
    """
    mask = "".join("1" if weekday in calendar.weekdays else "0" for weekday in range(7))
    holidays = np.array(sorted(calendar.days_off), dtype="datetime64[D]")
    return np.busdaycalendar(weekmask=mask, holidays=holidays)


def machine() -> str:
    return (
        f"{platform.system()} {platform.release()} {platform.machine()}, "
        f"{os.cpu_count()} logical cores, Python {platform.python_version()} "
        f"({platform.python_implementation()}), numpy {np.__version__}"
    )


def main() -> None:
    started = time.perf_counter()
    rng = random.Random(SEED)
    calendar = official_calendar()
    received, amounts, paper = make_inputs(N_INPUTS, rng)
    day_limits = [TimeLimit(a, LimitUnit.WORKING_DAYS) for a in amounts]
    hour_limits = [TimeLimit(rng.randint(1, 40), LimitUnit.WORKING_HOURS) for _ in amounts]
    triples = list(zip(received, day_limits, paper, strict=True))
    hour_triples = list(zip(received, hour_limits, paper, strict=True))

    # --- our engine -------------------------------------------------------
    ours: list[datetime] = []

    def run_ours() -> None:
        ours[:] = [due_at(r, limit, calendar, paper=p) for r, limit, p in triples]

    t_ours = best_of(run_ours)

    def run_hours() -> None:
        for r, limit, p in hour_triples:
            due_at(r, limit, calendar, paper=p)

    t_hours = best_of(run_hours)

    # One supplement request (pause of 1–5 days) per dossier, on day-limits.
    pauses = [
        [Pause(r + timedelta(days=1), r + timedelta(days=1 + rng.randint(1, 5)))] for r in received
    ]
    paused_quads = list(zip(received, day_limits, paper, pauses, strict=True))

    def run_paused() -> None:
        for r, limit, p, stops in paused_quads:
            due_at(r, limit, calendar, paper=p, pauses=stops)

    t_paused = best_of(run_paused)

    # --- numpy ------------------------------------------------------------
    bdc = numpy_calendar(calendar)
    local_dates = np.array([r.astimezone(VN_TZ).date() for r in received], dtype="datetime64[D]")
    offsets = np.array(amounts, dtype=np.int64)

    np_naive = np.empty(0, dtype="datetime64[D]")

    def run_numpy_vector() -> None:
        nonlocal np_naive
        # roll="forward": a receipt on a day off moves to the next business
        # day first, like our effective receipt day (without the time rules).
        np_naive = np.busday_offset(local_dates, offsets, roll="forward", busdaycal=bdc)

    t_np_vector = best_of(run_numpy_vector)

    def run_numpy_with_conversion() -> None:
        dates = np.array([r.astimezone(VN_TZ).date() for r in received], dtype="datetime64[D]")
        np.busday_offset(dates, offsets, roll="forward", busdaycal=bdc)

    t_np_converted = best_of(run_numpy_with_conversion)

    scalar_dates = local_dates[:N_SCALAR_NUMPY].tolist()
    scalar_amounts = amounts[:N_SCALAR_NUMPY]

    def run_numpy_scalar() -> None:
        for d, a in zip(scalar_dates, scalar_amounts, strict=True):
            np.busday_offset(d, a, roll="forward", busdaycal=bdc)

    t_np_scalar = best_of(run_numpy_scalar) * N_INPUTS / N_SCALAR_NUMPY

    # Same question with our effective receipt day fed to numpy: isolates
    # the make-up Saturdays, the one thing numpy's calendar cannot express.
    effective = np.array(
        [effective_receipt_day(r, calendar, paper=p) for r, p in zip(received, paper, strict=True)],
        dtype="datetime64[D]",
    )
    np_effective = np.busday_offset(effective, offsets, roll="forward", busdaycal=bdc)

    # --- agreement ----------------------------------------------------------
    our_dates = np.array([d.date() for d in ours], dtype="datetime64[D]")
    agree_naive = int((our_dates == np_naive).sum())
    agree_effective = int((our_dates == np_effective).sum())
    make_up = np.array(sorted(calendar.working_days), dtype="datetime64[D]")
    touches_make_up = np.zeros(N_INPUTS, dtype=bool)
    for day in make_up:
        touches_make_up |= (local_dates <= day) & (day <= our_dates)
    # The receipt day that the date alone gives (as if received at the opening).
    date_only = np.array(
        [
            effective_receipt_day(calendar.opening(r.astimezone(VN_TZ).date()), calendar)
            for r in received
        ],
        dtype="datetime64[D]",
    )
    time_shifted = effective != date_only
    explained = touches_make_up | time_shifted
    unexplained = int(((our_dates != np_naive) & ~explained).sum())

    per_s = N_INPUTS / t_ours
    rows = [
        ("motcua `due_at`, working days 1–30", N_INPUTS / t_ours),
        ("motcua `due_at`, working hours 1–40", N_INPUTS / t_hours),
        ("motcua `due_at`, working days 1–30 + one pause", N_INPUTS / t_paused),
        ("numpy `busday_offset`, vectorised, dates ready", N_INPUTS / t_np_vector),
        (
            "numpy `busday_offset`, vectorised, incl. datetime→date conversion",
            N_INPUTS / t_np_converted,
        ),
        ("numpy `busday_offset`, one call per dossier", N_INPUTS / t_np_scalar),
    ]
    elapsed = time.perf_counter() - started
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        BEGIN,
        "## Due dates per second: motcua engine vs numpy",
        "",
        "Written by `bench/bench_due_dates.py`; do not edit by hand.",
        "",
        f"- Date: {now}",
        f"- Machine: {machine()}",
        f"- Inputs: {N_INPUTS:,} dossiers, seed {SEED}, receipts uniform over 2024–2026"
        " (any hour, any weekday), limits 1–30 working days (hours: 1–40), half paper,"
        f" half online; calendar `official_calendar()`; best of {REPEATS} runs",
        f"- Engine speed, working days: {per_s / 1000:,.0f} k due dates/s"
        f" ({1e6 / per_s:.1f} µs each)",
        "",
        "| computation | due dates / second | vs motcua (working days) |",
        "|---|---:|---:|",
    ]
    for label, rate in rows:
        lines.append(f"| {label} | {rate:,.0f} | {rate / per_s:.2f}× |")
    lines += [
        "",
        "### Agreement of the due dates (working days 1–30)",
        "",
        "| numpy fed with | same date as motcua | differ |",
        "|---|---:|---:|",
        f'| the local receipt date (`roll="forward"`) | {agree_naive:,} '
        f"({agree_naive / N_INPUTS:.1%}) | {N_INPUTS - agree_naive:,} |",
        f"| motcua's effective receipt day | {agree_effective:,} "
        f"({agree_effective / N_INPUTS:.1%}) | {N_INPUTS - agree_effective:,} |",
        "",
        f"- Dossiers whose effective receipt day is moved by the time of day"
        f" (paper after 15:00, anything at or after 17:00): {int(time_shifted.sum()):,}.",
        f"- Dossiers whose counting period contains a make-up Saturday"
        f" ({', '.join(str(d) for d in make_up)}), which numpy's weekmask/holidays"
        f" cannot express: {int(touches_make_up.sum()):,}.",
        f"- Differences explained by neither: {unexplained}.",
        "",
        f"Whole run: {elapsed:.1f} s.",
        END,
    ]
    from sections import write_section

    write_section("\n".join(lines), BEGIN, END)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
