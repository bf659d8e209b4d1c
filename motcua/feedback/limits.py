"""The time limits of the handling steps, in working days on the unit's work calendar
(the one engine, motcua.workcalendar.engine).

- Forwarding an item outside the agency's competence: **5 working days**, the decree's own
  limit (Nghị định 20/2008/NĐ-CP Điều 9, as amended by 48/2013/NĐ-CP — LAW.md §4,
  verified). A constant: not configurable.
- Refuse ≤ 2, ask for more information ≤ 5, handle ≤ 15, publish ≤ 2 working days: the
  national portal's scoring of 766 indicator 5.2 (LAW.md §3, secondary) — data
  (``HandlingLimit`` rows, shipped from ``data/limits.csv`` and editable in the admin).

Counting (BLDS 2015 Điều 147–148, as for dossiers): from the working day after the step
starts, to the close of office hours of the N-th working day; a step that starts on a day
off counts from the next working day. The desk's 15:00 cut-off is a dossier rule and does
not apply to feedback.
"""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

from motcua.feedback.choices import StepKind
from motcua.feedback.models import HandlingLimit
from motcua.org.models import Unit
from motcua.workcalendar import engine
from motcua.workcalendar.services import working_calendar_for

FORWARD_DAYS = 5  # NĐ 20/2008/NĐ-CP Điều 9 (amended by 48/2013/NĐ-CP): verified
SHIPPED = Path(__file__).parent / "data" / "limits.csv"
CONFIGURABLE = (StepKind.REFUSE, StepKind.ASK_MORE, StepKind.HANDLE, StepKind.PUBLISH)


def shipped_limits() -> dict[str, tuple[int, str]]:
    """kind → (working days, source) from the shipped file."""
    with open(SHIPPED, encoding="utf-8", newline="") as handle:
        return {
            row["kind"]: (int(row["working_days"]), row["source"]) for row in csv.DictReader(handle)
        }


def limit_days(kind: str) -> int:
    """The limit of a step kind: the administrator's row, else the shipped value. The
    classification window is the refusal limit (an item not refused by then can no longer
    be refused on time); forwarding is the decree's 5 days."""
    if kind == StepKind.FORWARD:
        return FORWARD_DAYS
    if kind == StepKind.CLASSIFY:
        kind = StepKind.REFUSE
    row = HandlingLimit.objects.filter(kind=kind).values_list("working_days", flat=True).first()
    if row is not None:
        return int(row)
    return shipped_limits()[kind][0]


def due_after(
    start: datetime,
    days: int,
    unit: Unit | None,
    pauses: tuple[engine.Pause, ...] = (),
    as_of: datetime | None = None,
) -> datetime:
    """The close of the ``days``-th working day after ``start`` on ``unit``'s calendar,
    with the office time inside ``pauses`` (waiting for the sender) added back."""
    return engine.due_at(
        start,
        engine.TimeLimit(days, engine.LimitUnit.WORKING_DAYS),
        working_calendar_for(unit),
        paper=False,
        pauses=pauses,
        as_of=as_of,
    )
