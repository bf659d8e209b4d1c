"""satisfaction(): the figures the satisfaction indicators read, exact."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.conftest import vn
from motcua.surveys.actions import do_rate_dossier
from motcua.surveys.selectors import SatisfactionFigures, satisfaction
from motcua.testing.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def scores(overall, publicity=2, timeliness=2, contacts=2, attitude=2, lawful_result=2):
    return {
        "publicity": publicity,
        "timeliness": timeliness,
        "contacts": contacts,
        "attitude": attitude,
        "lawful_result": lawful_result,
        "overall": overall,
    }


@pytest.fixture
def rate(delivered):
    def _rate(when, **kwargs):
        user = UserFactory()
        with time_machine.travel(vn(when), tick=False):
            dossier = delivered(user)
            do_rate_dossier(dossier, actor=user, scores=scores(**kwargs))
        return dossier

    return _rate


def test_three_ratings_two_satisfied_is_66_7_percent(rate, commune):
    rate("2024-03-05 08:00", overall=5, publicity=2, contacts=2, attitude=2)
    rate("2024-03-12 09:00", overall=4, publicity=1, contacts=1, attitude=2)
    rate("2024-03-29 16:00", overall=3, publicity=1, contacts=0, attitude=1, timeliness=1)
    figures = satisfaction([commune], date(2024, 3, 1), date(2024, 3, 31))
    assert figures == SatisfactionFigures(
        rated=3,
        satisfied=2,
        rate_percent=Decimal("66.7"),
        per_criterion={
            "publicity": Decimal("1.33"),
            "timeliness": Decimal("1.67"),
            "contacts": Decimal("1.00"),
            "attitude": Decimal("1.67"),
            "lawful_result": Decimal("2.00"),
            "overall": Decimal("4.00"),
        },
    )


def test_the_period_counts_ratings_by_the_local_day_they_were_given(rate, commune):
    rate("2024-02-29 23:30", overall=5)  # still February in Vietnam (UTC+7)
    rate("2024-03-01 00:10", overall=2)
    rate("2024-03-31 23:59", overall=5)
    rate("2024-04-01 00:00", overall=1)
    march = satisfaction([commune], date(2024, 3, 1), date(2024, 3, 31))
    assert (march.rated, march.satisfied, march.rate_percent) == (2, 1, Decimal("50.0"))


def test_only_the_units_asked_for_and_their_predecessors_count(rate, commune, other_commune):
    rate("2024-03-05 08:00", overall=5)
    elsewhere = rate("2024-03-06 08:00", overall=1)
    Dossier.objects.filter(pk=elsewhere.pk).update(responsible_unit=other_commune)
    march = (date(2024, 3, 1), date(2024, 3, 31))
    assert satisfaction([commune], *march).rated == 1
    assert satisfaction([other_commune], *march).rate_percent == Decimal("0.0")
    assert satisfaction([commune, other_commune], *march).rate_percent == Decimal("50.0")
    # The commune merges into a new one: its ratings count for the successor.
    successor = UnitFactory(name="UBND xã An Phú", code="000.03.40.H99")
    successor.predecessors.add(commune)
    assert satisfaction([successor], *march).rated == 1


def test_no_ratings_give_no_rate_rather_than_zero(commune):
    figures = satisfaction([commune], date(2024, 1, 1), date(2024, 12, 31))
    assert figures.rated == 0 and figures.satisfied == 0
    assert figures.rate_percent is None
    assert set(figures.per_criterion.values()) == {None}
