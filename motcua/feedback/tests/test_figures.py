"""766 indicators 5.2 and 5.3 and the local feedback targets, from a hand-built set of
items with exact expected values; on the dashboards, with drill-down to the items."""

from __future__ import annotations

from datetime import date

import pytest

from motcua.feedback import actions, proposals, selectors
from motcua.testing.factories import ProcedureFactory

YEAR = (date(2026, 1, 1), date(2026, 12, 31))


@pytest.fixture
def six_items(receive, travel, specialist):
    """A on time; B refused late; C forwarded on time; D reopened; E still open past due;
    F answered on time but the sender is not satisfied."""
    travel("12/02/2026 10:00")
    # D and F did not consent to publication (no publication step to score).
    made = {k: receive(title=f"Phản ánh {k}", publish_consent=k not in "DF")[0] for k in "ABCDEF"}
    a, b, c, d, e, f = (made[k] for k in "ABCDEF")
    for item in (a, d, e, f):
        actions.do_accept(item, actor=specialist)
    travel("24/02/2026 08:00")
    actions.do_not_accept(b, actor=specialist, reason="Không rõ nội dung")
    travel("25/02/2026 10:00")
    actions.do_forward(c, actor=specialist, forwarded_to="Sở Xây dựng")
    travel("05/03/2026 10:00")
    for item in (a, d, f):
        actions.do_answer(item, actor=specialist, answer="Đã xử lý")
    actions.do_publish(a, actor=specialist)
    actions.do_rate(f, actor=actions.SENDER, satisfied=False)
    travel("06/03/2026 10:00")
    actions.do_reopen(d, actor=actions.SENDER, reason="Chưa giải quyết")
    travel("09/03/2026 10:00")
    actions.do_answer(d, actor=specialist, answer="Đã xử lý lại")
    travel("01/06/2026 09:00")
    return made


def values(figs, key):
    return figs[key].numerator, figs[key].denominator


def test_feedback_figures_with_exact_values(six_items, province, commune, specialist):
    p1, p2 = ProcedureFactory(), ProcedureFactory()
    p1.units.add(commune)
    p2.units.add(commune)
    proposals.do_propose_simplification(
        procedure=p1, unit=commune, kind="time", summary="Giảm 5 → 3 ngày", actor=specialist
    )
    figs = selectors.figures(province, *YEAR)
    assert values(figs, "766.5.2") == (4, 6)  # B refused late, E open past 12/03
    assert values(figs, "feedback_on_time") == (4, 6)
    assert values(figs, "766.5.3") == (2, 6)  # minus B, E late; D re-raised; F disliked
    assert values(figs, "feedback_resolved") == (3, 4)  # A, D, F of A, D, E, F
    assert values(figs, "simplification_proposed") == (1, 2)
    assert values(figs, "dossiers_with_feedback") == (0, 0)
    assert round(figs["766.5.2"].rate, 2) == 66.67
    # The period counts by reception date: nothing in 2025.
    assert values(selectors.figures(province, date(2025, 1, 1), date(2025, 12, 31)), "766.5.2") == (
        0,
        0,
    )


def test_an_open_item_is_late_only_once_its_due_time_passed_at_the_period_end(six_items, province):
    # On 28/02 E was still within its 15 days; B's late refusal already counted.
    figs = selectors.figures(province, date(2026, 2, 1), date(2026, 2, 28))
    assert values(figs, "766.5.2") == (5, 6)


def test_the_dashboard_shows_the_feedback_figures_with_drill_down(
    six_items, province, monitor, as_user
):
    client = as_user(monitor)
    page = client.get("/indicators/", {"unit": province.code, "period": "year", "year": 2026})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Phản ánh, kiến nghị xử lý đúng hạn" in html
    assert "/feedback/indicators/?unit=000.00.00.H99" in html
    api = client.get(
        "/api/v1/indicators/766", {"unit": province.code, "from": "2026-01-01", "to": "2026-12-31"}
    )
    assert api.status_code == 200
    late = client.get(
        "/feedback/indicators/",
        {
            "unit": province.code,
            "from": "2026-01-01",
            "to": "2026-12-31",
            "indicator": "766.5.2",
            "outcome": "no",
        },
    )
    body = late.content.decode()
    assert late.status_code == 200
    assert "Phản ánh B" in body and "Phản ánh E" in body and "Phản ánh A" not in body


def test_the_drill_down_is_for_staff_who_see_the_unit(six_items, province, citizen, as_user):
    query = {
        "unit": province.code,
        "from": "2026-01-01",
        "to": "2026-12-31",
        "indicator": "766.5.2",
    }
    assert as_user(citizen).get("/feedback/indicators/", query).status_code == 403


def test_an_answer_the_sender_let_publish_is_late_when_not_published_in_two_days(
    receive, travel, specialist, province
):
    travel("12/02/2026 10:00")
    item, _ = receive()
    actions.do_accept(item, actor=specialist)
    travel("05/03/2026 10:00")
    actions.do_answer(item, actor=specialist, answer="Đã xử lý")
    travel("09/03/2026 17:00")  # due Mon 09/03 17:00: not yet late
    assert values(selectors.figures(province, *YEAR), "766.5.2") == (1, 1)
    travel("10/03/2026 08:00")
    assert values(selectors.figures(province, *YEAR), "766.5.2") == (0, 1)
