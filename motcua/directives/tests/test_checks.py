"""Reform inspections followed up to closure, and initiatives counted against a quota."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from motcua.directives import actions_checks as checks
from motcua.directives import selectors
from motcua.directives.choices import FindingState


@pytest.fixture
def plan(province, reform_officer, commune):
    return checks.do_plan_inspections(
        actor=reform_officer,
        issuer=province,
        year=2025,
        name="Kế hoạch kiểm tra CCHC năm 2025",
        schedule=[(commune, date(2025, 5, 10))],
    )


def test_findings_are_followed_up_to_closure_and_feed_the_figure(
    plan, commune, reform_officer, leader
):
    inspection = plan.inspections.get()
    checks.do_record_inspection(
        inspection,
        actor=reform_officer,
        done_on=date(2025, 5, 12),
        conclusion="Còn hạn chế về niêm yết TTHC",
        findings=[
            ("Niêm yết thiếu 3 TTHC", date(2025, 6, 30)),
            ("Sổ theo dõi chưa cập nhật", None),
        ],
    )
    first, second = inspection.findings.order_by("id")
    assert [f.pk for f in selectors.unresolved_findings(commune)] == [first.pk, second.pk]
    checks.do_follow_up_finding(first, actor=leader, text="Đã niêm yết bổ sung")
    with pytest.raises(PermissionDenied):  # the inspected unit cannot close its own finding
        checks.do_follow_up_finding(first, actor=leader, text="Xong", close=True)
    checks.do_follow_up_finding(first, actor=reform_officer, text="Đã kiểm tra lại", close=True)
    first.refresh_from_db()
    assert first.state == FindingState.CLOSED and first.follow_ups.count() == 2
    figure = selectors.inspections_followed_up(commune, date(2025, 1, 1), date(2025, 12, 31))
    assert (figure.key, figure.numerator, figure.denominator) == ("inspections_followed_up", 1, 2)


def test_coverage_is_measured_against_the_target(plan, other_commune, department):
    # Three candidate units (two communes, one department), one inspected: 33.3 % > 30 %.
    assert selectors.inspection_coverage(plan) == {
        "units": 3,
        "inspected": 1,
        "percent": 33.3,
        "met": True,
    }


def test_initiatives_are_counted_against_the_quota(commune, leader, reform_officer):
    titles = ["Một cửa không giấy", "Trả kết quả tại nhà", "Số hóa hồ sơ cũ"]
    items = [
        checks.do_register_initiative(actor=leader, unit=commune, year=2025, title=t)
        for t in titles
    ]
    with pytest.raises(PermissionDenied):  # a unit never recognises its own initiative
        checks.do_evaluate_initiative(
            items[0], actor=leader, outcome="recognised", evaluation="Tốt"
        )
    checks.do_evaluate_initiative(
        items[0], actor=reform_officer, outcome="recognised", evaluation="Hiệu quả"
    )
    checks.do_evaluate_initiative(
        items[1], actor=reform_officer, outcome="evaluated", evaluation="Chờ"
    )
    checks.do_evaluate_initiative(
        items[1], actor=reform_officer, outcome="recognised", evaluation="Đạt"
    )
    checks.do_evaluate_initiative(
        items[2], actor=reform_officer, outcome="rejected", evaluation="Chưa mới"
    )
    figure = selectors.initiatives(commune, 2025)
    assert (figure.numerator, figure.denominator) == (2, 3)
    checks.do_set_initiative_quota(actor=reform_officer, year=2025, quota=2, unit=commune)
    assert selectors.initiatives(commune, 2025).denominator == 2


def test_pages_of_inspections_and_initiatives(plan, reform_officer, leader, as_user):
    office = as_user(reform_officer)
    assert (
        "Kế hoạch kiểm tra CCHC năm 2025" in office.get("/directives/inspections/").content.decode()
    )
    inspection = plan.inspections.get()
    office.post(
        f"/directives/inspections/record/{inspection.pk}/",
        {"done_on": "2025-05-12", "conclusion": "Đạt", "findings": "Thiếu sổ theo dõi\n"},
    )
    assert inspection.findings.count() == 1
    head = as_user(leader)
    response = head.post(
        "/directives/initiatives/",
        {"unit": leader.memberships.get().unit_id, "year": 2025, "title": "Zalo OA trả lời PAKN"},
    )
    assert response.status_code == 302
    assert (
        "Zalo OA trả lời PAKN" in office.get("/directives/initiatives/?year=2025").content.decode()
    )
