"""Every figure of hand-built March 2024 (conftest) with its exact expected value, through
the selectors the PAR index uses and through the HTTP API."""

from datetime import date

import pytest

from motcua.indicators import selectors
from motcua.org.models import Unit

START, END = date(2024, 3, 1), date(2024, 3, 31)


@pytest.fixture
def figs(march, commune):
    return selectors.figures(commune, START, END)


def ratio(figure):
    return (figure.numerator, figure.denominator)


def test_counts_of_march(march, commune):
    counts = selectors.counts(commune, START, END)
    # Received in March: A B C D E H I J M (F, G in February; K not accepted; L waiting).
    assert counts["received"] == 9
    assert counts["received_online"] == 2  # A, C
    # Settled in March: A early; B, H on time; C, F, I late.
    assert (counts["settled_early"], counts["settled_on_time"], counts["settled_late"]) == (1, 2, 3)
    assert counts["on_time_rate"] == 50.0
    # Open at the end of March: D late; E and J (awaiting a supplement asked in time) on time.
    assert (counts["open_on_time"], counts["open_late"]) == (2, 1)


def test_766_2_1_applies_every_rule(figs):
    # Population: received by 31/03, not finished before 01/03: all but G, K, L.
    # Late: C (finished late), D (open past due), F (finished late in March), I (supplement
    # twice). On time: A, B, E, H (waiting taken off), J (awaiting), M (stopped in time).
    assert ratio(figs["766.2.1"]) == (6, 10)
    assert figs["766.2.1"].rate == 60.0


def test_local_figures(figs):
    assert ratio(figs["on_time"]) == (3, 6)
    assert ratio(figs["online"]) == (2, 9)
    assert ratio(figs["full_online"]) == (2, 4)  # P1: A, B, C, H
    assert ratio(figs["partial_online"]) == (0, 5)  # P2: D, E, I, J, M
    assert ratio(figs["paid_online"]) == (2, 4)  # A (gateway), C (national portal)
    assert ratio(figs["digitised"]) == (2, 9)  # A, C complete; B partial
    assert ratio(figs["electronic_result"]) == (2, 4)  # settled P1: A, B, C, H
    # A waited 2 office hours, C 12.5 (Wed 08:00 → Thu 14:00).
    assert ratio(figs["online_reception_8h"]) == (1, 2)
    assert ratio(figs["satisfaction"]) == (1, 2)


def test_766_sub_indicators(figs):
    assert ratio(figs["766.3.1"]) == (2, 4)
    assert ratio(figs["766.3.3"]) == (2, 9)
    assert ratio(figs["766.3.5.1"]) == (1, 1)
    assert ratio(figs["766.3.5.2"]) == (1, 1)
    assert ratio(figs["766.3.6"]) == (2, 4)
    assert ratio(figs["766.4.1"]) == (2, 4)
    assert ratio(figs["766.4.2"]) == (2, 9)
    assert ratio(figs["766.4.3"]) == (1, 9)
    assert ratio(figs["766.4.4"]) == (1, 2)
    # 5.4: 10 handled − 4 late − 1 bad rating.
    assert ratio(figs["766.5.4"]) == (5, 10)
    for key in ("766.1.1", "766.1.2", "766.1.3", "766.1.4", "766.4.5.1", "766.4.5.2"):
        assert figs[key].rate is None


def test_766_endpoint_scores_every_indicator(march, commune, monitor, as_user):
    response = as_user(monitor).get(
        "/api/v1/indicators/766", {"unit": commune.code, "from": "2024-03-01", "to": "2024-03-31"}
    )
    assert response.status_code == 200
    body = response.json()
    assert [g["id"] for g in body["groups"]] == ["1", "2", "3", "4", "5"]
    assert [g["max_points"] for g in body["groups"]] == [18, 20, 22, 22, 18]
    points = {i["id"]: i["points"] for g in body["groups"] for i in g["indicators"]}
    assert points["2.1"] == pytest.approx(12.0)
    assert points["3.1"] == pytest.approx(3.0)
    assert points["3.3"] == pytest.approx(6 * (200 / 9) / 50)  # 22.22 % of a 50 % threshold
    assert points["3.5.1"] == pytest.approx(2.0)
    assert points["3.6"] == pytest.approx(3.0)
    assert points["4.2"] == pytest.approx(6 * (200 / 9) / 80)
    assert points["4.3"] == pytest.approx(2 * (100 / 9) / 80)
    assert points["4.4"] == pytest.approx(2.0)
    assert points["5.4"] == pytest.approx(6 * 50 / 90)
    assert points["1.1"] == 0.0
    two_one = body["groups"][1]["indicators"][0]
    assert two_one == {
        "id": "2.1",
        "name": "Hồ sơ được giải quyết trước hạn và đúng hạn",
        "numerator": 6,
        "denominator": 10,
        "rate": 60.0,
        "points": 12.0,
        "max_points": 20.0,
        "threshold": None,
        "drilldown": two_one["drilldown"],
    }
    assert body["total_points"] == pytest.approx(31 + 71 / 18)


def test_counts_endpoint(march, commune, monitor, as_user):
    response = as_user(monitor).get(
        "/api/v1/indicators", {"unit": commune.code, "from": "2024-03-01", "to": "2024-03-31"}
    )
    body = response.json()
    assert {k: body[k] for k in ("unit", "from", "to", "received", "received_online")} == {
        "unit": "000.01.40.H99",
        "from": "2024-03-01",
        "to": "2024-03-31",
        "received": 9,
        "received_online": 2,
    }
    assert (body["settled_early"], body["settled_on_time"], body["settled_late"]) == (1, 2, 3)
    assert (body["open_on_time"], body["open_late"], body["on_time_rate"]) == (2, 1, 50.0)
    assert body["figures"]["online_reception_8h"]["rate"] == 50.0


def test_drilldown_lists_the_late_dossiers_of_2_1(march, commune, monitor, as_user):
    response = as_user(monitor).get(
        "/api/v1/indicators/dossiers",
        {
            "unit": commune.code,
            "from": "2024-03-01",
            "to": "2024-03-31",
            "indicator": "766.2.1",
            "outcome": "late",
        },
    )
    body = response.json()
    assert body["count"] == 4
    assert sorted(i["code"] for i in body["items"]) == ["C", "D", "F", "I"]


def test_the_province_counts_its_communes_and_a_clerk_only_his_unit(
    march, province, commune, other_commune, clerk, as_user
):
    assert selectors.counts(province, START, END)["received"] == 9
    client = as_user(clerk)
    params = {"from": "2024-03-01", "to": "2024-03-31"}
    assert client.get("/api/v1/indicators", {**params, "unit": commune.code}).status_code == 200
    refused = client.get("/api/v1/indicators", {**params, "unit": province.code})
    assert refused.status_code == 403
    assert refused.json()["code"] == "forbidden"


def test_bad_requests_are_answered_with_a_structured_error(march, commune, monitor, as_user):
    client = as_user(monitor)
    missing = client.get("/api/v1/indicators", {"unit": commune.code})
    assert missing.status_code == 400
    assert {d["field"] for d in missing.json()["details"]} == {"from", "to"}
    inverted = client.get(
        "/api/v1/indicators", {"unit": commune.code, "from": "2024-03-31", "to": "2024-03-01"}
    )
    assert inverted.json()["code"] == "invalid_period"
    unknown = client.get(
        "/api/v1/indicators", {"unit": "9.9", "from": "2024-03-01", "to": "2024-03-02"}
    )
    assert unknown.status_code == 404
    assert (
        client.get(
            "/api/v1/indicators",
            {"unit": commune.code, "from": "2024-03-01", "to": "2024-03-31"},
        ).status_code
        == 200
    )
    from django.test import Client

    assert (
        Client()
        .get("/api/v1/indicators", {"unit": commune.code, "from": "2024-03-01", "to": "2024-03-31"})
        .status_code
        == 401
    )


def test_average_processing_time_per_procedure(march, commune):
    rows = {r.code: r for r in selectors.per_procedure(commune, START, END)}
    # P1 settled in March: A 32 h, B 45.5 h, C 45.5 h, H 41 h (65 h less 24 h waiting):
    # 164 h ÷ 4 ÷ 8 h = 5.125 working days.
    assert rows["1.000001"].settled == 4
    assert rows["1.000001"].average_days == pytest.approx(5.125)


def test_a_merged_unit_counts_its_predecessors(march, commune, province):
    from motcua.org.actions import do_merge_units

    successor = do_merge_units(
        [commune],
        name="UBND xã Mới",
        code="000.09.40.H99",
        kind="commune",
        parent=province,
        effective=date(2025, 7, 1),
    )
    assert (
        selectors.counts(Unit.objects.get(pk=successor.successor.pk), START, END)["received"] == 9
    )
