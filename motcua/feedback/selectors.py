"""Reads of feedback for the other areas and the pages.

The contract the indicators build on (``motcua.indicators.selectors``):
``figures(unit, start, end) -> dict[str, Figure]`` over the unit's subtree (and the units
it succeeded), items counted by their reception date in ``start``–``end``:

- ``766.5.2`` feedback handled on time: items with no late step ÷ items received (a step
  is late when it finished after its due time, or is still open past it at the end of the
  period; waiting for the sender is not charged). QĐ 766/QĐ-TTg, LAW.md §3 (secondary).
- ``766.5.3`` satisfaction with the handling: (all − disliked, re-raised or late) ÷ all.
- ``feedback_on_time``: the same count as 5.2, for the local targets and the PAR index.
- ``feedback_resolved``: items within competence that were answered ÷ items within
  competence (seed 000: ≥ 96 %); refused, routed and forwarded items are not the unit's
  to resolve.
- ``simplification_proposed``: procedures the units settle with a simplification proposal
  made in the period ÷ those procedures (seed 000: ≥ 10 %).
- ``dossiers_with_feedback``: dossiers of the units with feedback received in the period
  (the indicators count them against 766 indicator 5.4).

Every figure links to the list of items behind it (``/feedback/indicators/``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from motcua.core.figures import Figure
from motcua.core.text import fold
from motcua.feedback.choices import FeedbackState, ProposalState, StepKind
from motcua.feedback.models import Feedback, FeedbackStep, SimplificationProposal
from motcua.org.models import Unit
from motcua.procedures.models import Procedure
from motcua.workcalendar.engine import VN_TZ

KEYS = (
    "766.5.2",
    "766.5.3",
    "feedback_on_time",
    "feedback_resolved",
    "simplification_proposed",
    "dossiers_with_feedback",
)
# Steps whose lateness counts while they are still open at the end of a period.
SCORED_OPEN = (StepKind.HANDLE, StepKind.PUBLISH)
WITHIN_COMPETENCE = (
    FeedbackState.ACCEPTED,
    FeedbackState.WAITING_SENDER,
    FeedbackState.ANSWERED,
    FeedbackState.PUBLISHED,
    FeedbackState.CLOSED,
)


def unit_ids(unit: Unit) -> list[int]:
    """The unit's subtree and the units it succeeded (a merged unit keeps their record)."""
    ids = set(Unit.objects.subtree_of([unit]).values_list("pk", flat=True))
    lineage = unit.lineage_ids()
    if len(lineage) > 1:
        predecessors = Unit.objects.filter(pk__in=lineage)
        ids |= set(Unit.objects.subtree_of(list(predecessors)).values_list("pk", flat=True))
    return sorted(ids)


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    return (
        datetime.combine(start, time.min, VN_TZ),
        datetime.combine(end + timedelta(days=1), time.min, VN_TZ),
    )


def received_in(ids: Iterable[int], start: date, end: date) -> QuerySet[Feedback]:
    lo, hi = _bounds(start, end)
    return Feedback.objects.filter(unit_id__in=list(ids), received_at__gte=lo, received_at__lt=hi)


def is_late(item: Feedback, as_of: datetime) -> bool:
    """Late: a step finished after its due time, or a scored step still open past it at
    ``as_of`` (an item waiting for the sender is not: its due time moves)."""
    for step in item.steps.all():
        if step.on_time is False:
            return True
        if (
            step.finished_at is None
            and not step.cancelled
            and step.kind in SCORED_OPEN
            and step.due_at < as_of
            and item.paused_since is None
        ):
            return True
    return False


def _as_of(end: date) -> datetime:
    return min(timezone.now(), _bounds(end, end)[1])


@dataclass(frozen=True)
class Counted:
    """The items of a period with what each figure needs to know about them."""

    items: list[Feedback]
    late: set[int]
    as_of: datetime


def counted(ids: Iterable[int], start: date, end: date) -> Counted:
    items = list(
        received_in(ids, start, end)
        .select_related("unit")
        .prefetch_related(Prefetch("steps", queryset=FeedbackStep.objects.order_by("pk")))
        .order_by("received_at", "pk")
    )
    as_of = _as_of(end)
    return Counted(items, {i.pk for i in items if is_late(i, as_of)}, as_of)


def _sides(key: str, c: Counted) -> tuple[list[Feedback], list[Feedback]]:
    """(denominator, numerator) items of a feedback figure."""
    items = c.items
    if key in ("766.5.2", "feedback_on_time"):
        return items, [i for i in items if i.pk not in c.late]
    if key == "766.5.3":
        return items, [
            i
            for i in items
            if i.pk not in c.late and i.satisfied is not False and i.reopen_count == 0
        ]
    if key == "feedback_resolved":
        within = [i for i in items if i.state in WITHIN_COMPETENCE]
        return within, [
            i for i in within if i.state in FeedbackState.ANSWERED_STATES and i.answered_at
        ]
    if key == "dossiers_with_feedback":
        linked = [i for i in items if i.dossier_id is not None]
        return linked, linked
    raise KeyError(key)


def drilldown_path(unit: Unit, start: date, end: date, key: str, outcome: str = "") -> str:
    query = {"unit": unit.code, "from": start.isoformat(), "to": end.isoformat(), "indicator": key}
    if outcome:
        query["outcome"] = outcome
    return f"{reverse('feedback:indicator')}?{urlencode(query)}"


def procedures_of(ids: Iterable[int]) -> QuerySet[Procedure]:
    return Procedure.objects.filter(units__in=list(ids), is_active=True).distinct()


def proposals_in(ids: Iterable[int], start: date, end: date) -> QuerySet[SimplificationProposal]:
    lo, hi = _bounds(start, end)
    return SimplificationProposal.objects.filter(
        unit_id__in=list(ids), proposed_at__gte=lo, proposed_at__lt=hi
    )


def figures(unit: Unit, start: date, end: date) -> dict[str, Figure]:
    ids = unit_ids(unit)
    c = counted(ids, start, end)
    out: dict[str, Figure] = {}
    for key in ("766.5.2", "766.5.3", "feedback_on_time", "feedback_resolved"):
        den, num = _sides(key, c)
        out[key] = Figure(key, len(num), len(den), drilldown_path(unit, start, end, key))
    dossiers = {i.dossier_id for i in c.items if i.dossier_id is not None}
    out["dossiers_with_feedback"] = Figure(
        "dossiers_with_feedback",
        len(dossiers),
        len(dossiers),
        drilldown_path(unit, start, end, "dossiers_with_feedback"),
    )
    procedure_ids = set(procedures_of(ids).values_list("pk", flat=True))
    proposed = set(proposals_in(ids, start, end).values_list("procedure_id", flat=True))
    out["simplification_proposed"] = Figure(
        "simplification_proposed",
        len(procedure_ids & proposed),
        len(procedure_ids),
        drilldown_path(unit, start, end, "simplification_proposed"),
    )
    return out


def items_behind(unit: Unit, start: date, end: date, key: str, outcome: str = "") -> list[Feedback]:
    """The feedback items behind figure ``key``: its denominator, or with ``outcome`` "yes"
    its numerator and "no" the rest."""
    c = counted(unit_ids(unit), start, end)
    den, num = _sides(key, c)
    if outcome == "yes":
        return num
    if outcome == "no":
        chosen = {i.pk for i in num}
        return [i for i in den if i.pk not in chosen]
    return den


# -- simplification ----------------------------------------------------------------------------


@dataclass(frozen=True)
class TimeSaved:
    """Approved time cuts: procedures cut, days before, days saved, and the rate."""

    procedures: int
    days_before: Decimal
    days_saved: Decimal

    @property
    def rate(self) -> float | None:
        if not self.days_before:
            return None
        return float(100 * self.days_saved / self.days_before)


def time_saved(proposals: Iterable[SimplificationProposal]) -> TimeSaved:
    """Sum the approved time cuts, one per procedure (the latest approval counts)."""
    latest: dict[int, SimplificationProposal] = {}
    for p in proposals:
        if p.state != ProposalState.APPROVED or p.days_before is None or p.days_after is None:
            continue
        held = latest.get(p.procedure_id)
        if held is None or (p.decided_at or p.proposed_at) > (held.decided_at or held.proposed_at):
            latest[p.procedure_id] = p
    before = sum((p.days_before or Decimal(0) for p in latest.values()), Decimal(0))
    saved = sum((p.days_saved for p in latest.values()), Decimal(0))
    return TimeSaved(len(latest), before, saved)


# -- pages -------------------------------------------------------------------------------------


def published(query: str = "") -> QuerySet[Feedback]:
    """The public answers, newest first; ``query`` matched without diacritics, word by
    word, on the published texts only (which never hold the sender's details)."""
    qs = Feedback.objects.restrict(None, "public").order_by("-published_at")
    for word in fold(query).split():
        qs = qs.filter(search_text__contains=word)
    return qs


def for_dossier(dossier: Any) -> QuerySet[Feedback]:
    return Feedback.objects.filter(dossier=dossier).order_by("-received_at")


def open_items(user: Any) -> QuerySet[Feedback]:
    return (
        Feedback.objects.restrict(user, "view")
        .filter(state__in=FeedbackState.OPEN)
        .select_related("unit", "handler")
        .order_by("handling_due_at")
    )


def search(user: Any, query: str = "", state: str = "") -> QuerySet[Feedback]:
    qs = Feedback.objects.restrict(user, "view").select_related("unit", "handler")
    if state:
        qs = qs.filter(state=state)
    if query:
        qs = qs.filter(Q(code__icontains=query) | Q(title__icontains=query))
    return qs.order_by("-received_at")
