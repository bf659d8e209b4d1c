"""Read side of the surveys area: the satisfaction figures of the per-dossier ratings, and
the SIPAS results (``sipas(unit, year)`` for the PAR index, ``figures(unit, start, end)``
for the indicators' dashboards)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Avg, Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from motcua.core.figures import Figure
from motcua.org.models import Unit
from motcua.surveys import sipas as sipas_rules
from motcua.surveys.criteria import CRITERIA, SATISFIED_LEVELS
from motcua.surveys.models import Answer, DossierRating, Respondent, Survey, SurveyTemplate

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


# -- SIPAS -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SipasResult:
    """The SIPAS index of a unit's subtree for a year (``motcua.surveys.sipas.compute``),
    with the template its rule and element labels come from."""

    unit: Unit
    year: int
    template: SurveyTemplate
    index: sipas_rules.SipasIndex
    labels: dict[str, str]

    @property
    def overall(self) -> Decimal | None:
        return self.index.rate

    def per_element(self) -> dict[str, Decimal | None]:
        return {e.key: e.rate for e in self.index.elements}


def _subtree_lineage(unit: Unit) -> set[int]:
    ids: set[int] = set()
    for member in unit.descendants(include_self=True):
        ids |= member.lineage_ids()
    return ids


def answered(unit_ids: Iterable[int], year: int) -> QuerySet[Respondent]:
    """Respondents who answered a survey of ``year`` about a dossier of one of
    ``unit_ids`` (the stratum's unit)."""
    return Respondent.objects.filter(
        survey__year=year, answered_at__isnull=False, unit_id__in=list(unit_ids)
    )


def index_of(respondents: QuerySet[Respondent], template: SurveyTemplate) -> sipas_rules.SipasIndex:
    """The index of these respondents on ``template``'s elements, levels and rule."""
    by_respondent: dict[int, dict[tuple[str, str], int]] = {
        pk: {} for pk in respondents.values_list("pk", flat=True)
    }
    rows = Answer.objects.filter(respondent__in=respondents).values_list(
        "respondent_id", "element", "aspect", "value"
    )
    for respondent_id, element, aspect, value in rows:
        by_respondent.setdefault(respondent_id, {})[(element, aspect)] = value
    return sipas_rules.compute(
        by_respondent.values(),
        template.element_keys(),
        template.satisfied(),
        template.overall_rule,
    )


def _template_of(respondents: QuerySet[Respondent]) -> SurveyTemplate | None:
    """The template of the latest survey among these respondents' surveys (the surveys of
    one year normally share it)."""
    survey_id = (
        respondents.order_by("-survey__created_at", "-survey_id")
        .values_list("survey_id", flat=True)
        .first()
    )
    if survey_id is None:
        return None
    return Survey.objects.select_related("template").get(pk=survey_id).template


def sipas_result(unit: Unit, year: int) -> SipasResult | None:
    """The SIPAS result of ``unit``'s subtree (and the units it succeeded) for ``year``,
    or None when nobody answered a survey of that year there."""
    respondents = answered(_subtree_lineage(unit), year)
    template = _template_of(respondents)
    if template is None:
        return None
    return SipasResult(
        unit=unit,
        year=year,
        template=template,
        index=index_of(respondents, template),
        labels={e.key: e.label for e in template.elements.all()},
    )


def sipas(unit: Unit, year: int) -> dict[str, Any] | None:
    """The export for the PAR index's survey part: ``{"unit", "year", "respondents",
    "overall", "elements": {key: percent}}`` (percent as Decimal, two decimals; None for an
    element nobody answered), or None when there are no answers for the unit and year."""
    result = sipas_result(unit, year)
    if result is None:
        return None
    return {
        "unit": unit.code,
        "year": year,
        "respondents": result.index.respondents,
        "overall": result.overall,
        "elements": result.per_element(),
    }


def results_path(unit: Unit, year: int) -> str:
    return f"{reverse('surveys:results')}?{urlencode({'unit': unit.code, 'year': year})}"


def sipas_figures(unit: Unit, year: int) -> dict[str, Figure]:
    """``sipas`` (overall) and ``sipas.<element>`` as figures (exact ratios) for ``year``;
    empty when nobody answered: the PAR index then keeps what was entered, or N/A."""
    result = sipas_result(unit, year)
    if result is None:
        return {}
    link = results_path(unit, year)
    out = {"sipas": Figure("sipas", result.index.numerator, result.index.denominator, link)}
    for e in result.index.elements:
        out[f"sipas.{e.key}"] = Figure(f"sipas.{e.key}", e.satisfied, e.answered, link)
    return out


def figures(unit: Unit, start: date, end: date) -> dict[str, Figure]:
    """The figures the indicators show: the SIPAS of the year the period ends in (a survey
    is yearly), ``sipas`` 0 ÷ 0 (N/A) when there is none."""
    found = sipas_figures(unit, end.year)
    found.setdefault("sipas", Figure("sipas", 0, 0, results_path(unit, end.year)))
    return found


def unit_rows(unit: Unit, year: int) -> list[tuple[Unit, SipasResult]]:
    """One result per unit of the subtree whose dossiers were surveyed in ``year``."""
    ids = _subtree_lineage(unit)
    unit_ids = sorted(set(answered(ids, year).values_list("unit_id", flat=True)))
    rows = []
    for member in Unit.objects.filter(pk__in=unit_ids).order_by("path", "code"):
        respondents = answered({member.pk}, year)
        template = _template_of(respondents)
        if template is None:
            continue
        rows.append(
            (
                member,
                SipasResult(
                    unit=member,
                    year=year,
                    template=template,
                    index=index_of(respondents, template),
                    labels={e.key: e.label for e in template.elements.all()},
                ),
            )
        )
    return rows
