"""Read side of the indicators: every figure of a unit's subtree over a period, from the
maintained aggregates only (``DailyCount``, ``MonthlyProcedureCount``), scoped to the user.

The contract other areas build on (the PAR index, the reports):
``figures(unit, start, end, *, user=None) -> dict[str, Figure]`` with the keys of
docs/indicators.md: ``"766.<id>"`` for every sub-indicator of the 766 index and the local
keys (``on_time``, ``online``, ``partial_online``, ``full_online``, ``paid_online``,
``digitised``, ``electronic_result``, ``online_reception_8h``, ``satisfaction`` and the
feedback app's figures).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.db.models import Q, Sum
from django.urls import reverse

from motcua.core.figures import Figure
from motcua.indicators.choices import TargetLevel
from motcua.indicators.formulas import rate_of
from motcua.indicators.models import DailyCount, MonthlyProcedureCount, Target
from motcua.indicators.rows import BY_RECEPTION, BY_SETTLEMENT
from motcua.org.choices import Role
from motcua.org.models import Membership, Unit
from motcua.procedures.choices import OnlineLevel
from motcua.procedures.models import Procedure
from motcua.surveys.criteria import SATISFIED_LEVELS
from motcua.surveys.selectors import figures as survey_figures
from motcua.surveys.selectors import ratings_for_unit_ids, satisfaction_of

try:  # the feedback area (issue 12) provides 5.2, 5.3 and its local figures when present
    from motcua.feedback import selectors as feedback_selectors  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - depends on which areas are installed
    feedback_selectors = None

# Roles that see the indicators of their unit's whole subtree; the others their own unit.
SUBTREE_VIEWERS = frozenset({Role.MONITOR, Role.REFORM_OFFICER, Role.ADMIN, Role.UNIT_HEAD})
LOCAL_KEYS = (
    "on_time",
    "online",
    "partial_online",
    "full_online",
    "paid_online",
    "digitised",
    "electronic_result",
    "online_reception_8h",
    "satisfaction",
)
FEEDBACK_KEYS = ("feedback_on_time", "feedback_resolved", "simplification_proposed")


# -- scope -----------------------------------------------------------------------------------


def visible_units(user: Any) -> list[Unit]:
    """Units whose indicators ``user`` may read (each with its subtree when the role
    allows): monitors, reform officers, administrators and unit heads their subtree; other
    staff their own unit only; citizens and anonymous users nothing."""
    if not getattr(user, "is_authenticated", False):
        return []
    if user.is_superuser:
        return list(Unit.objects.filter(parent__isnull=True))
    return [m.unit for m in Membership.objects.active().filter(user=user).select_related("unit")]


def can_view(user: Any, unit: Unit) -> bool:
    if user is None:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    for m in Membership.objects.active().filter(user=user).select_related("unit"):
        if m.unit_id == unit.pk:
            return True
        if m.role in SUBTREE_VIEWERS and unit.path.startswith(m.unit.path):
            return True
    return False


def subtree_only(user: Any) -> bool:
    """Whether ``user`` may read subtrees (otherwise only the figures of their own unit,
    without its children)."""
    if user is None or getattr(user, "is_superuser", False):
        return True
    return Membership.objects.active().filter(user=user, role__in=SUBTREE_VIEWERS).exists()


def _predecessor_edges() -> dict[int, list[int]]:
    edges: dict[int, list[int]] = {}
    for successor, predecessor in Unit.predecessors.through.objects.values_list(
        "from_unit_id", "to_unit_id"
    ):
        edges.setdefault(successor, []).append(predecessor)
    return edges


def _lineage(unit_id: int, edges: dict[int, list[int]]) -> set[int]:
    seen = {unit_id}
    frontier = [unit_id]
    while frontier:
        frontier = [p for u in frontier for p in edges.get(u, []) if p not in seen]
        seen.update(frontier)
    return seen


def owners(units: list[Unit]) -> dict[int, list[Unit]]:
    """unit id → which of ``units`` it counts for (several when they nest): every unit of
    each one's subtree and every unit those succeeded (a merged unit's figures include its
    predecessors'). One query for the tree, one for the merges."""
    edges = _predecessor_edges()
    paths = list(Unit.objects.subtree_of(units).values_list("pk", "path"))
    out: dict[int, list[Unit]] = {}
    for unit in units:
        members: set[int] = set()
        for member_id, path in paths:
            if path.startswith(unit.path):
                members |= _lineage(member_id, edges)
        for uid in members:
            out.setdefault(uid, []).append(unit)
    return out


def unit_ids(unit: Unit) -> list[int]:
    """The unit, its whole subtree and every unit they succeeded."""
    return sorted(owners([unit]))


# -- sums ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sums:
    """What the aggregates give for one subtree and period."""

    period: dict[str, int]
    # 2.1 and the open dossiers need counts up to the period's end and before its start.
    received_to_end: int
    late_to_end: int
    ended_to_end: int
    ended_late_to_end: int
    ended_before_start: int
    ended_late_before_start: int

    @property
    def population(self) -> int:
        """2.1: received by the end, not finished before the start."""
        return self.received_to_end - self.ended_before_start

    @property
    def population_late(self) -> int:
        return self.late_to_end - self.ended_late_before_start

    @property
    def open(self) -> int:
        return self.received_to_end - self.ended_to_end

    @property
    def open_late(self) -> int:
        return self.late_to_end - self.ended_late_to_end


_CUMULATIVE = {
    "received_to_end": ("received", "to_end"),
    "late_to_end": ("late_start", "to_end"),
    "ended_to_end": ("ended", "to_end"),
    "ended_late_to_end": ("ended_late", "to_end"),
    "ended_before_start": ("ended", "before"),
    "ended_late_before_start": ("ended_late", "before"),
}
PERIOD_COUNTERS = BY_RECEPTION + BY_SETTLEMENT


def _aggregates(start: date, end: date) -> dict[str, Sum]:
    windows = {
        "period": Q(day__gte=start, day__lte=end),
        "to_end": Q(day__lte=end),
        "before": Q(day__lt=start),
    }
    # Aliases must not be column names: "p_received" is the sum of "received" in the period.
    out = {f"p_{n}": Sum(n, filter=windows["period"], default=0) for n in PERIOD_COUNTERS}
    for name, (column, window) in _CUMULATIVE.items():
        out[name] = Sum(column, filter=windows[window], default=0)
    return out


def _sums_of(row: dict[str, Any]) -> Sums:
    return Sums(
        period={n: int(row[f"p_{n}"]) for n in PERIOD_COUNTERS},
        **{name: int(row[name]) for name in _CUMULATIVE},
    )


def add(a: Sums, b: Sums) -> Sums:
    return Sums(
        period={n: a.period[n] + b.period[n] for n in PERIOD_COUNTERS},
        **{name: getattr(a, name) + getattr(b, name) for name in _CUMULATIVE},
    )


EMPTY = Sums(period={n: 0 for n in PERIOD_COUNTERS}, **{name: 0 for name in _CUMULATIVE})


def sums(ids: list[int], start: date, end: date) -> Sums:
    """One subtree's sums: one aggregate query over its daily rows up to ``end``."""
    row = DailyCount.objects.filter(unit_id__in=ids, day__lte=end).aggregate(
        **_aggregates(start, end)
    )
    return _sums_of(row)


def grouped_sums(groups: list[Unit], start: date, end: date) -> dict[int, Sums]:
    """The sums of each of ``groups`` (each with its subtree and predecessors), in one
    grouped query: the ranking and the chairman's page."""
    owner = owners(groups)
    out: dict[int, Sums] = {g.pk: EMPTY for g in groups}
    rows = (
        DailyCount.objects.filter(unit_id__in=list(owner), day__lte=end)
        .values("unit_id")
        .annotate(**_aggregates(start, end))
    )
    for row in rows:
        part = _sums_of(row)
        for group in owner[row["unit_id"]]:
            out[group.pk] = add(out[group.pk], part)
    return out


def _months(start: date, end: date) -> tuple[date, date]:
    return start.replace(day=1), end.replace(day=1)


def drilldown_path(unit: Unit, start: date, end: date, key: str, outcome: str = "") -> str:
    query = {"unit": unit.code, "from": start.isoformat(), "to": end.isoformat(), "indicator": key}
    if outcome:
        query["outcome"] = outcome
    return f"{reverse('indicators:dossiers')}?{urlencode(query)}"


# -- counts ----------------------------------------------------------------------------------


def counts(unit: Unit, start: date, end: date, *, user: Any = None) -> dict[str, Any]:
    """The counts of ``GET /api/v1/indicators``."""
    if not can_view(user, unit):
        raise PermissionDenied
    s = sums(unit_ids(unit), start, end)
    return counts_from(unit, start, end, s)


def counts_from(unit: Unit, start: date, end: date, s: Sums) -> dict[str, Any]:
    p = s.period
    settled = p["settled"]
    return {
        "unit": unit.code,
        "from": start.isoformat(),
        "to": end.isoformat(),
        "received": p["received"],
        "received_online": p["received_online"],
        "settled": settled,
        "settled_early": p["settled_early"],
        "settled_on_time": p["settled_on_time"],
        "settled_late": p["settled_late"],
        "open_on_time": s.open - s.open_late,
        "open_late": s.open_late,
        "on_time_rate": rate_of(p["settled_early"] + p["settled_on_time"], settled),
        "handled": s.population,
        "handled_late": s.population_late,
    }


# -- figures -------------------------------------------------------------------------------


def _procedure_figures(ids: list[int], start: date, end: date) -> tuple[int, int, int]:
    """(procedures with fees, of them offered with online payment, of them with an online
    payment in the months of the period) among the procedures the units settle."""
    with_fee = (
        Procedure.objects.filter(units__in=ids, is_active=True, fees__amount__gt=0)
        .distinct()
        .values_list("pk", "online_level")
    )
    fee_ids = {pk for pk, _level in with_fee}
    integrated = {pk for pk, level in with_fee if level != OnlineLevel.IN_PERSON}
    first, last = _months(start, end)
    paid = set(
        MonthlyProcedureCount.objects.filter(
            unit_id__in=ids, month__gte=first, month__lte=last, paid_online__gt=0
        ).values_list("procedure_id", flat=True)
    )
    return len(fee_ids), len(integrated), len(fee_ids & paid)


def figures(unit: Unit, start: date, end: date, *, user: Any = None) -> dict[str, Figure]:
    """Every figure of ``unit``'s subtree over ``start``–``end`` (inclusive): see the
    module docstring and docs/indicators.md for each formula and its source."""
    if not can_view(user, unit):
        raise PermissionDenied
    ids = unit_ids(unit)
    s = sums(ids, start, end)
    return figures_from(unit, ids, start, end, s)


def figures_from(unit: Unit, ids: list[int], start: date, end: date, s: Sums) -> dict[str, Figure]:
    p = s.period

    def fig(key: str, num: int, den: int, link: bool = True) -> Figure:
        return Figure(key, num, den, drilldown_path(unit, start, end, key) if link else "")

    out: dict[str, Figure] = {}
    # Group 1: the catalogue's publication dates and the national synchronisation are not
    # recorded in motcua yet: N/A (zero denominator), never a made-up 0 %.
    for key in ("1.1", "1.2", "1.3", "1.4"):
        out[f"766.{key}"] = Figure(f"766.{key}", 0, 0)
    out["766.2.1"] = fig("766.2.1", s.population - s.population_late, s.population)
    out["766.3.1"] = fig("766.3.1", p["full_level_online"], p["full_level"])
    out["766.3.3"] = fig("766.3.3", p["online_33"], p["received"])
    with_fee, integrated, transacted = _procedure_figures(ids, start, end)
    out["766.3.5.1"] = Figure("766.3.5.1", integrated, with_fee)
    out["766.3.5.2"] = Figure("766.3.5.2", transacted, with_fee)
    out["766.3.6"] = fig("766.3.6", p["with_fee_paid_online"], p["with_fee"])
    out["766.4.1"] = fig("766.4.1", p["doc_result_electronic"], p["doc_result"])
    out["766.4.2"] = fig("766.4.2", p["digitised_42"], p["received"])
    out["766.4.3"] = fig("766.4.3", p["reused"], p["received"])
    out["766.4.4"] = fig("766.4.4", p["store_linked"], p["digitisation_complete"])
    # 4.5: whether the applicant's account was verified with VNeID is not recorded: N/A.
    out["766.4.5.1"] = Figure("766.4.5.1", 0, 0)
    out["766.4.5.2"] = Figure("766.4.5.2", 0, 0)

    ratings = ratings_for_unit_ids(ids, start, end)
    sat = satisfaction_of(ratings)
    out["satisfaction"] = Figure("satisfaction", sat.satisfied, sat.rated)
    # SIPAS (surveys area): "sipas" and "sipas.<element>" of the year the period ends in.
    out.update(survey_figures(unit, start, end))
    feedback: dict[str, Figure] = {}
    if feedback_selectors is not None:
        feedback = feedback_selectors.figures(unit, start, end)
    for key in ("766.5.2", "766.5.3", *FEEDBACK_KEYS):
        out[key] = feedback.get(key, Figure(key, 0, 0))
    # 5.4: 100 % − (late rate + rate with a bad rating or feedback), on the dossiers handled
    # in the period (the 2.1 population) as the common denominator.
    bad = ratings.exclude(overall__in=SATISFIED_LEVELS).count()
    with_feedback = feedback.get("dossiers_with_feedback")
    bad += with_feedback.numerator if with_feedback is not None else 0
    good = max(0, s.population - s.population_late - bad)
    out["766.5.4"] = Figure("766.5.4", good, s.population)

    out.update(local_figures(s, fig))
    return out


def local_figures(s: Sums, fig: Any = None) -> dict[str, Figure]:
    """The local figures that are sums of the daily rows (no other query): all of
    ``LOCAL_KEYS`` but ``satisfaction``."""
    fig = fig or (lambda key, num, den: Figure(key, num, den))
    p = s.period
    out: dict[str, Figure] = {}
    settled = p["settled"]
    out["on_time"] = fig("on_time", p["settled_early"] + p["settled_on_time"], settled)
    out["online"] = fig("online", p["received_online"], p["received"])
    out["partial_online"] = fig("partial_online", p["partial_level_online"], p["partial_level"])
    out["full_online"] = fig("full_online", p["full_level_online"], p["full_level"])
    out["paid_online"] = fig("paid_online", p["with_fee_paid_online"], p["with_fee"])
    out["digitised"] = fig("digitised", p["digitisation_complete"], p["received"])
    out["electronic_result"] = fig(
        "electronic_result", p["settled_doc_result_electronic"], p["settled_doc_result"]
    )
    out["online_reception_8h"] = fig("online_reception_8h", p["online_8h"], p["received_online"])
    return out


# -- per procedure ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ProcedureRow:
    code: str
    name: str
    received: int
    settled: int
    settled_late: int
    average_days: float | None  # working days, waiting time excluded


def per_procedure(unit: Unit, start: date, end: date, *, user: Any = None) -> list[ProcedureRow]:
    """Average processing time per procedure (working days of 8 office hours), over the
    whole months the period touches (the per-procedure aggregate is monthly)."""
    if not can_view(user, unit):
        raise PermissionDenied
    first, last = _months(start, end)
    rows = (
        MonthlyProcedureCount.objects.filter(
            unit_id__in=unit_ids(unit), month__gte=first, month__lte=last
        )
        .values("procedure__code", "procedure__name")
        .annotate(
            received=Sum("received"),
            settled=Sum("settled"),
            settled_late=Sum("settled_late"),
            hours=Sum("hours_x100"),
        )
        .order_by("-received", "procedure__code")
    )
    return [
        ProcedureRow(
            code=r["procedure__code"],
            name=r["procedure__name"],
            received=int(r["received"]),
            settled=int(r["settled"]),
            settled_late=int(r["settled_late"]),
            average_days=(r["hours"] / 100 / 8 / r["settled"]) if r["settled"] else None,
        )
        for r in rows
    ]


# -- targets -------------------------------------------------------------------------------


def level_of(unit: Unit) -> str:
    return TargetLevel.OF_UNIT_KIND.get(unit.kind, TargetLevel.PROVINCE)


def targets_for(unit: Unit, year: int) -> tuple[int | None, dict[str, float]]:
    """The targets in force for ``unit`` in ``year``: those of that year for the unit's
    level, else of the latest earlier year that set any (a plan stays in force until the
    next one)."""
    level = level_of(unit)
    latest = (
        Target.objects.filter(level=level, year__lte=year)
        .order_by("-year")
        .values_list("year", flat=True)
    ).first()
    if latest is None:
        return None, {}
    return latest, {t.key: float(t.value) for t in Target.objects.filter(level=level, year=latest)}
