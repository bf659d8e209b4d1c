"""Phiếu kiểm soát quá trình giải quyết hồ sơ (TT 01/2018 Mẫu 05, TT 03/2025 Mẫu 06).

One row per hand-over and one per pause, in time order, in the form's columns: the
bodies giving and receiving ("Giao: … / Nhận: …"), the time of the hand-over, the
result (on time or late, against the step's due time), a note, and the signatures of
the person giving and the person receiving. A pause — waiting for the applicant's
supplement or for the financial obligation — is a row from its start to its end with
the office time it lasted, which is not charged to the agency (Nghị định 118/2025/NĐ-CP;
QĐ 766/QĐ-TTg indicator 2.1). Steps that ended without a hand-over (the signature, the
return of the result) close the sheet.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.dossiers.choices import Action
from motcua.dossiers.documents.context import (
    _frame,
    dossier_block,
    dossier_frame,
    hour_date,
    person,
    short,
)
from motcua.dossiers.models import ClockPause, Dossier, DossierEvent, DossierStep
from motcua.workcalendar import engine
from motcua.workcalendar.services import working_calendar_for

DESK = gettext_lazy("Bộ phận tiếp nhận và trả kết quả")
PAUSE_LABELS = {
    ClockPause.REASON_SUPPLEMENT: gettext_lazy("Tạm dừng: chờ người nộp bổ sung, hoàn thiện hồ sơ"),
    ClockPause.REASON_PAYMENT: gettext_lazy("Tạm dừng: chờ người nộp thực hiện nghĩa vụ tài chính"),
}
# The events that open and close each kind of pause.
PAUSE_EVENTS = {
    ClockPause.REASON_SUPPLEMENT: (Action.REQUEST_SUPPLEMENT, Action.ANSWER_SUPPLEMENT),
    ClockPause.REASON_PAYMENT: (Action.REQUIRE_PAYMENT, Action.RECORD_PAYMENT),
}


def _step_label(step: DossierStep | None) -> str:
    if step is None:
        return ""
    return f"{step.order}. {step.name} — {step.unit.name}"


def _outcome(on_time: bool | None) -> str:
    if on_time is None:
        return ""
    return _("Đúng hạn") if on_time else _("Trễ hạn")


def _hours_text(value: Any) -> str:
    from motcua.dossiers.selectors import format_duration

    return format_duration(value)


def _row(when: datetime, **values: Any) -> tuple[datetime, dict[str, Any]]:
    row = {
        "kind": "handover",
        "at": short(when),
        "from_step": "",
        "from_person": "",
        "to_step": "",
        "to_person": "",
        "step_due_at": "",
        "outcome": "",
        "on_time": None,
        "note": "",
        "wait": "",
    }
    row.update(values)
    return when, row


def _event_near(events: list[DossierEvent], action: str, at: datetime | None) -> Any:
    """The event of ``action`` at ``at`` (the pause's start or end)."""
    if at is None:
        return None
    for event in events:
        if event.action == action and abs((event.at - at).total_seconds()) < 1:
            return event
    return None


def _pause_rows(
    dossier: Dossier, events: list[DossierEvent], now: datetime
) -> list[tuple[datetime, dict[str, Any]]]:
    calendar = working_calendar_for(dossier.responsible_unit)
    rows = []
    for pause in dossier.pauses.order_by("start", "id"):
        opened, closed = PAUSE_EVENTS.get(pause.reason, ("", ""))
        asked = _event_near(events, opened, pause.start)
        answered = _event_near(events, closed, pause.end)
        waited = engine.working_time_between(pause.start, pause.end or now, calendar)
        wait = _("Thời gian chờ: %(time)s làm việc, không tính vào thời hạn giải quyết") % {
            "time": _hours_text(waited)
        }
        until = short(pause.end) if pause.end else _("đang chờ")
        rows.append(
            _row(
                pause.start,
                kind="pause",
                at=_("%(start)s → %(end)s") % {"start": short(pause.start), "end": until},
                from_step=str(PAUSE_LABELS.get(pause.reason, pause.reason)),
                from_person=person(asked.actor) if asked else "",
                to_step=_("Người nộp hồ sơ"),
                to_person=person(answered.actor) if answered else "",
                note=wait,
                wait=_hours_text(waited),
            )
        )
    return rows


def control_sheet_context(dossier: Dossier, base_url: str = "") -> dict[str, Any]:
    events = list(
        DossierEvent.objects.filter(dossier=dossier)
        .select_related("actor", "from_step__unit", "to_step__unit", "to_step__handler")
        .order_by("at", "id")
    )
    steps = list(dossier.steps.select_related("unit", "handler").order_by("order"))
    now = timezone.now()
    dated: list[tuple[datetime, dict[str, Any]]] = []
    handed_over: set[int] = set()
    for event in events:
        reception = event.action in (Action.RECEIVE, Action.ACCEPT)
        if not reception and event.from_step_id is None:
            continue
        if event.from_step_id:
            handed_over.add(event.from_step_id)
        to_step = event.to_step
        dated.append(
            _row(
                event.at,
                from_step=str(DESK) if reception else _step_label(event.from_step),
                from_person=person(event.actor),
                to_step=_step_label(to_step),
                to_person=person(to_step.handler) if to_step else "",
                step_due_at=short(event.step_due_at),
                outcome=_outcome(event.on_time),
                on_time=event.on_time,
            )
        )
    dated.extend(_pause_rows(dossier, events, now))
    for step in steps:
        if step.finished_at is None or step.pk in handed_over:
            continue
        dated.append(
            _row(
                step.finished_at,
                kind="end",
                from_step=_step_label(step),
                from_person=person(step.handler),
                to_step=_("Kết thúc bước"),
                step_due_at=short(step.due_at),
                outcome=_outcome(step.on_time),
                on_time=step.on_time,
            )
        )
    ordered = sorted(enumerate(dated), key=lambda item: (item[1][0], item[0]))
    rows = [row for _n, (_at, row) in ordered]
    for index, row in enumerate(rows, start=1):
        row["index"] = index
    context = _frame(
        "control_sheet",
        dossier.responsible_unit,
        dossier.received_at or dossier.submitted_at,
        "",  # the control sheet travels with the file under the dossier code: no number
        dossier_frame(dossier),
        base_url,
    )
    late_steps = sum(1 for r in rows if r["on_time"] is False)
    pauses = [r for r in rows if r["kind"] == "pause"]
    context.update(
        {
            "dossier": dossier_block(dossier),
            "code": dossier.code,
            "rows": rows,
            "pauses": len(pauses),
            "steps": [
                {
                    "order": s.order,
                    "name": s.name,
                    "unit": s.unit.name,
                    "handler": person(s.handler),
                    "started_at": short(s.started_at),
                    "due_at": short(s.due_at),
                    "finished_at": short(s.finished_at),
                    "outcome": _outcome(s.on_time),
                }
                for s in steps
            ],
            "late_steps": late_steps,
            "summary": _("Có %(n)d bước trễ hạn.") % {"n": late_steps}
            if late_steps
            else _("Các bước đã qua đều đúng hạn."),
            "generated_at": hour_date(now),
        }
    )
    return context
