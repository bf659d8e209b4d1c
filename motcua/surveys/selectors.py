"""Read side of the surveys area: the satisfaction figures the indicators are built on."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone

from motcua.org.models import Unit
from motcua.surveys.criteria import CRITERIA, SATISFIED_LEVELS
from motcua.surveys.models import DossierRating

ONE_DECIMAL = Decimal("0.1")
TWO_DECIMALS = Decimal("0.01")


@dataclass(frozen=True)
class SatisfactionFigures:
    """``rated`` ratings, ``satisfied`` of them in the two highest overall levels,
    ``rate_percent`` = satisfied ÷ rated × 100 to one decimal (None when nothing was
    rated), and the average points of each criterion (field name → average, two
    decimals; None when nothing was rated)."""

    rated: int
    satisfied: int
    rate_percent: Decimal | None
    per_criterion: dict[str, Decimal | None] = field(default_factory=dict)


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _rounded(value: float | Decimal | None, step: Decimal) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(step, rounding=ROUND_HALF_UP)


def ratings_for(units: Iterable[Unit], start: date, end: date) -> QuerySet[DossierRating]:
    """Ratings given from ``start`` to ``end`` (local days, both included) on dossiers
    whose responsible unit is one of ``units`` or a unit they succeeded (a merged unit's
    figures include its predecessors', ``Unit.lineage_ids``)."""
    unit_ids: set[int] = set()
    for unit in units:
        unit_ids |= unit.lineage_ids()
    return ratings_for_unit_ids(unit_ids, start, end)


def ratings_for_unit_ids(
    unit_ids: Iterable[int], start: date, end: date
) -> QuerySet[DossierRating]:
    """The same for units given by id, lineage already included (the indicators pass a
    whole subtree with its predecessors)."""
    return DossierRating.objects.filter(
        dossier__responsible_unit_id__in=list(unit_ids),
        created_at__gte=_start_of(start),
        created_at__lt=_start_of(end + timedelta(days=1)),
    )


def satisfaction(units: Iterable[Unit], start: date, end: date) -> SatisfactionFigures:
    """Tỷ lệ hài lòng of ``units`` over a period: see ``SATISFIED_LEVELS`` for the rule
    and its source. A rating counts in the period in which it was given."""
    return satisfaction_of(ratings_for(units, start, end))


def satisfaction_of(ratings: QuerySet[DossierRating]) -> SatisfactionFigures:
    """Satisfaction figures of a set of ratings (``ratings_for`` or
    ``ratings_for_unit_ids``)."""
    figures = ratings.aggregate(
        rated=Count("id"),
        satisfied=Count("id", filter=Q(overall__in=SATISFIED_LEVELS)),
        **{f"avg_{c.field}": Avg(c.field) for c in CRITERIA},
    )
    rated: int = figures["rated"]
    satisfied: int = figures["satisfied"]
    rate = _rounded(Decimal(satisfied * 100) / Decimal(rated), ONE_DECIMAL) if rated else None
    return SatisfactionFigures(
        rated=rated,
        satisfied=satisfied,
        rate_percent=rate,
        per_criterion={
            c.field: _rounded(figures[f"avg_{c.field}"], TWO_DECIMALS) for c in CRITERIA
        },
    )
