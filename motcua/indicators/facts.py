"""From the dossier tables to the plain facts of ``rows.FactInput``, in bulk.

What each fact is read from (the same for a dossier handled here and one imported in the
national vocabulary, which writes the same rows):

- reception ``received_at``; submission ``submitted_at``; channel online ``channel``;
- the original appointment (NgayHenTra): the due time printed on the receipt (Mẫu 01,
  ``IssuedForm`` of kind receipt), else ``legal_due_at`` (an imported dossier stores its
  NgayHenTra there) — a later apology's new appointment never makes a dossier on time;
- processing finished ``completed_at`` (processed, refused, delivered; a not-accepted
  dossier was never received), result delivered ``delivered_at``, stopped / withdrawn
  after reception: the time of that history row;
- supplements: ``SupplementRequest`` (requested, answered);
- the five fact columns of ``docs/dossiers.md`` and ``fee_amount``;
- the procedure's online level, and whether its result is a document: the catalogue names
  a result (``Procedure.result`` not empty).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import datetime

from django.conf import settings

from motcua.dossiers.choices import Channel, DigitisationState, DossierState, OnlinePayment
from motcua.dossiers.models import Dossier
from motcua.indicators.formulas import Supplement, Timeline
from motcua.indicators.rows import FactInput, FactRow, fact_row
from motcua.interchange import history
from motcua.org.models import Unit
from motcua.workcalendar import engine
from motcua.workcalendar.services import working_calendar_for

_SHARED: dict[int, tuple[float, engine.WorkingCalendar]] = {}
# How long a unit's calendar is reused across refreshes: an edited calendar counts in the
# facts of dossiers refreshed after this many seconds (rebuild to apply it to history).
CALENDAR_TTL = 60.0


class Calendars:
    """Working calendars per unit, looked up once per batch (and kept a minute across
    batches: a bulk import refreshes thousands of dossiers of the same units)."""

    def __init__(self) -> None:
        self._by_unit: dict[int, engine.WorkingCalendar] = {}

    def of(self, unit_id: int) -> engine.WorkingCalendar:
        calendar = self._by_unit.get(unit_id)
        if calendar is None:
            shared = _SHARED.get(unit_id)
            if shared is not None and time.monotonic() - shared[0] < CALENDAR_TTL:
                calendar = shared[1]
            else:
                calendar = working_calendar_for(Unit.objects.get(pk=unit_id))
                _SHARED[unit_id] = (time.monotonic(), calendar)
            self._by_unit[unit_id] = calendar
        return calendar


def office_hours(
    start: datetime, end: datetime, calendar: engine.WorkingCalendar, pauses: list[engine.Pause]
) -> float:
    if end <= start:
        return 0.0
    return engine.working_time_between(start, end, calendar, pauses).total_seconds() / 3600


def inputs_for(
    dossiers: Iterable[Dossier], calendars: Calendars | None = None
) -> dict[int, FactInput | None]:
    """The facts of each dossier (``None`` for one never received). ``dossiers`` must come
    with their procedure (``select_related("procedure")``)."""
    calendars = calendars or Calendars()
    items = list(dossiers)
    ids = [d.pk for d in items]
    supplements = history.supplements(ids)
    closed = history.closing_times(ids)
    appointments = history.receipt_appointments(ids)
    out: dict[int, FactInput | None] = {}
    for d in items:
        out[d.pk] = input_of(
            d,
            [Supplement(r, a) for r, a in supplements.get(d.pk, [])],
            next(iter(closed[d.pk].values()), None) if d.pk in closed else None,
            appointments.get(d.pk),
            calendars,
        )
    return out


def input_of(
    d: Dossier,
    supplements: list[Supplement],
    closed_at: datetime | None,
    receipt_due: datetime | None,
    calendars: Calendars,
) -> FactInput | None:
    if d.received_at is None or d.state == DossierState.NOT_ACCEPTED:
        return None
    finished = (
        d.completed_at
        if d.state in (DossierState.PROCESSED, DossierState.DELIVERED, DossierState.REFUSED)
        else None
    )
    closed = closed_at if d.state in (DossierState.STOPPED, DossierState.WITHDRAWN) else None
    timeline = Timeline(
        received=d.received_at,
        appointment=receipt_due or d.legal_due_at or d.due_at,
        finished=finished,
        delivered=d.delivered_at,
        closed=closed,
        supplements=tuple(sorted(supplements, key=lambda s: s.requested)),
    )
    calendar = calendars.of(d.responsible_unit_id)
    online = d.channel == Channel.ONLINE
    reception_hours = (
        office_hours(d.submitted_at, d.received_at, calendar, [])
        if online and d.submitted_at is not None
        else None
    )
    settled_at = finished or d.delivered_at
    processing_hours = None
    if settled_at is not None:
        pauses = [
            engine.Pause(s.requested, s.supplied)
            for s in timeline.supplements
            if s.supplied is not None and s.supplied <= settled_at
        ]
        processing_hours = office_hours(d.received_at, settled_at, calendar, pauses)
    procedure = d.procedure
    return FactInput(
        unit_id=d.responsible_unit_id,
        procedure_id=d.procedure_id,
        timeline=timeline,
        online=online,
        online_level=procedure.online_level,
        result_is_document=bool(procedure.result.strip()),
        fee=d.fee_amount,
        paid_online=d.paid_online != OnlinePayment.NO,
        digitisation_complete=d.digitisation == DigitisationState.COMPLETE,
        reuses_digitised_data=d.reuses_digitised_data,
        national_store_linked=d.national_store_linked,
        electronic_result=d.electronic_result,
        reception_hours=reception_hours,
        processing_hours=processing_hours,
    )


# The columns the facts read: loading only these keeps bulk refreshes fast.
FACT_COLUMNS = (
    "id",
    "state",
    "channel",
    "submitted_at",
    "received_at",
    "due_at",
    "legal_due_at",
    "completed_at",
    "delivered_at",
    "fee_amount",
    "paid_online",
    "digitisation",
    "reuses_digitised_data",
    "national_store_linked",
    "electronic_result",
    "responsible_unit_id",
    "procedure_id",
    "procedure__online_level",
    "procedure__result",
)


def rows_for(
    dossiers: Iterable[Dossier], calendars: Calendars | None = None
) -> dict[int, FactRow | None]:
    limit = float(settings.ONLINE_RECEPTION_LIMIT_HOURS)
    return {
        pk: (fact_row(facts, limit) if facts is not None else None)
        for pk, facts in inputs_for(dossiers, calendars).items()
    }
