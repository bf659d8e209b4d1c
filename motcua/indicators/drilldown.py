"""The dossiers behind a figure (drill-down): for each figure key, which summary rows make
its denominator and which its numerator, as conditions on ``DossierFact`` (indexed by unit
and day; the dossier table is joined only for the page of rows shown)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from motcua.dossiers.models import Dossier
from motcua.indicators.models import DossierFact

OUTCOMES = ("", "yes", "no", "all", "late", "on_time")
# Keys whose numerator is the "good" side: ``outcome=late`` means the rest.
_GOOD_SIDE = {"766.2.1", "on_time"}


def conditions(key: str, start: date, end: date) -> tuple[Q, Q] | None:
    """(denominator, numerator) of figure ``key`` over ``start``–``end``; None for a key
    without a dossier list."""
    received = Q(received_day__gte=start, received_day__lte=end)
    settled = Q(settled_day__gte=start, settled_day__lte=end) & ~Q(outcome="")
    handled = Q(received_day__lte=end) & (Q(ended_day__isnull=True) | Q(ended_day__gte=start))
    open_at_end = Q(received_day__lte=end) & (Q(ended_day__isnull=True) | Q(ended_day__gt=end))
    late = Q(late_day__lte=end)
    electronic_if_due = Q(electronic_result=True) | Q(result_is_document=False)
    table: dict[str, tuple[Q, Q]] = {
        "received": (received, received),
        "received_online": (received, received & Q(online=True)),
        "settled": (settled, settled),
        "settled_early": (settled, settled & Q(outcome="early")),
        "settled_on_time": (settled, settled & Q(outcome="on_time")),
        "settled_late": (settled, settled & Q(outcome="late")),
        "open_on_time": (open_at_end, open_at_end & ~late),
        "open_late": (open_at_end, open_at_end & late),
        "766.2.1": (handled, handled & ~late),
        "766.3.1": (
            received & Q(online_level="full"),
            received & Q(online_level="full", online=True),
        ),
        "766.3.3": (received, received & Q(online=True) & electronic_if_due),
        "766.3.6": (received & Q(with_fee=True), received & Q(paid_online=True)),
        "766.4.1": (
            received & Q(result_is_document=True),
            received & Q(result_is_document=True, electronic_result=True),
        ),
        "766.4.2": (received, received & Q(digitisation_complete=True) & electronic_if_due),
        "766.4.3": (received, received & Q(reused=True)),
        "766.4.4": (
            received & Q(digitisation_complete=True),
            received & Q(store_linked=True),
        ),
        "766.5.4": (handled, handled & ~late),
        "on_time": (settled, settled & Q(outcome__in=["early", "on_time"])),
        "online": (received, received & Q(online=True)),
        "partial_online": (
            received & Q(online_level="partial"),
            received & Q(online_level="partial", online=True),
        ),
        "full_online": (
            received & Q(online_level="full"),
            received & Q(online_level="full", online=True),
        ),
        "paid_online": (received & Q(with_fee=True), received & Q(paid_online=True)),
        "digitised": (received, received & Q(digitisation_complete=True)),
        "electronic_result": (
            settled & Q(result_is_document=True),
            settled & Q(result_is_document=True, electronic_result=True),
        ),
        "online_reception_8h": (received & Q(online=True), received & Q(online_8h=True)),
    }
    return table.get(key)


def known(key: str) -> bool:
    return conditions(key, date.min, date.min) is not None


def facts_for(
    unit_ids: list[int], key: str, outcome: str, start: date, end: date
) -> QuerySet[DossierFact]:
    found = conditions(key, start, end)
    if found is None:
        return DossierFact.objects.none()
    denominator, numerator = found
    if outcome == "late":
        outcome = "no" if key in _GOOD_SIDE else "yes"
    elif outcome == "on_time":
        outcome = "yes" if key in _GOOD_SIDE else "no"
    if outcome == "all":
        condition = denominator
    elif outcome == "no":
        condition = denominator & ~numerator
    else:
        condition = numerator
    return DossierFact.objects.filter(Q(unit_id__in=unit_ids) & condition)


def dossiers_for(
    unit_ids: list[int], key: str, outcome: str, start: date, end: date
) -> QuerySet[Dossier]:
    """The dossiers behind the figure, with who holds each and at which step."""
    facts = facts_for(unit_ids, key, outcome, start, end)
    return (
        Dossier.objects.filter(pk__in=facts.values("dossier_id"))
        .select_related(
            "procedure",
            "responsible_unit",
            "current_step",
            "current_step__handler",
            "current_step__unit",
        )
        .order_by("received_at", "pk")
    )


def row(d: Dossier) -> dict[str, Any]:
    step = d.current_step
    return {
        "code": d.code,
        "procedure": d.procedure.code,
        "procedure_name": d.procedure.name,
        "unit": d.responsible_unit.code,
        "unit_name": d.responsible_unit.name,
        "state": d.state,
        "received_at": d.received_at,
        "due_at": d.legal_due_at or d.due_at,
        "completed_at": d.completed_at,
        "step": step.name if step else "",
        "holder": (
            str(step.handler) if step and step.handler else (step.unit.name if step else "")
        ),
    }
