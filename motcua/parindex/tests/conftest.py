from datetime import date

import pytest

from motcua.directives import actions as directive_actions
from motcua.directives import actions_checks
from motcua.org.choices import Role, UnitKind
from motcua.parindex import treefile
from motcua.parindex.models import UnitGroup
from motcua.testing.factories import UnitFactory, staff

H = treefile.CRITERIA_HEADERS

# A small tree with every rule kind: 12 points, deductions apart.
SMALL_TREE = [
    H,
    ["1", "Chỉ đạo điều hành", "5", "", "", "", "", "", "", ""],
    [
        "1.1",
        "Nhiệm vụ được giao đúng hạn",
        "2",
        "threshold",
        "100",
        "",
        "",
        "",
        "tasks_on_time",
        "",
    ],
    ["1.2", "Sáng kiến", "1", "quota", "", "", "2", "", "initiatives", ""],
    ["1.3", "Kế hoạch CCHC", "1", "yes_no", "", "", "", "", "", ""],
    ["1.4", "Báo cáo CCHC", "1", "manual", "", "", "", "", "", ""],
    ["3", "Cải cách TTHC", "3", "", "", "", "", "", "", ""],
    [
        "3.1",
        "Xử lý tồn tại qua kiểm tra",
        "1",
        "bands",
        "",
        "100=1; 50=0.5",
        "",
        "",
        "inspections_followed_up",
        "",
    ],
    ["3.2", "Giải ngân (%)", "2", "threshold", "80", "", "", "", "", ""],
    ["8", "Tác động", "4", "", "", "", "", "", "", ""],
    ["8.1", "SIPAS", "4", "survey", "", "", "", "", "sipas", ""],
    ["9", "Điểm trừ", "0", "", "", "", "", "", "", ""],
    ["9.1", "Nhiệm vụ chưa đúng hạn", "1", "deduction", "", "", "", "0.5", "tasks_on_time", ""],
]
BANDS = [treefile.BANDS_HEADERS, ["Tốt", "80"], ["Khá", "60"], ["Trung bình", "0"]]


@pytest.fixture
def groups(province, commune, other_commune):
    communes = UnitGroup.objects.create(
        code="communes", name="Khối xã, phường", ranked=True, position=1
    )
    third = UnitFactory(
        name="UBND xã Tân Lập", kind=UnitKind.COMMUNE, code="000.03.40.H99", parent=province
    )
    communes.units.set([commune, other_commune, third])
    vertical = UnitGroup.objects.create(
        code="vertical", name="Cơ quan ngành dọc", ranked=False, position=2
    )
    tax = UnitFactory(
        name="Thuế tỉnh Thử Nghiệm", kind=UnitKind.OTHER, code="000.00.31.H99", parent=province
    )
    vertical.units.set([tax])
    for group in (communes, vertical):
        treefile.do_import_tree(
            actor=None,
            year=2025,
            group=group,
            name=f"Bộ tiêu chí {group.name}",
            criteria_rows=SMALL_TREE,
            band_rows=BANDS,
        )
    return communes, vertical


@pytest.fixture
def office(province):
    return staff(province, Role.REFORM_OFFICER, username="sonoivu", full_name="Sở Nội vụ")


@pytest.fixture
def commune_data(province, commune, office, leader):
    """The commune's own figures for 2025: 1 of 2 tasks on time, 1 initiative of 2
    recognised, 1 of 2 findings closed."""
    d = directive_actions.do_create_directive(
        actor=office,
        kind="plan",
        number="57/KH-UBND",
        issued_on=date(2025, 1, 9),
        signer="Chủ tịch",
        issuer=province,
        title="Kế hoạch CCHC năm 2025",
    )
    done = directive_actions.do_assign_task(
        d, actor=office, title="A", lead_unit=commune, deadline=date(2025, 3, 31)
    )
    directive_actions.do_assign_task(
        d, actor=office, title="B", lead_unit=commune, deadline=date(2025, 6, 30)
    )
    directive_actions.do_complete_task(done, actor=leader, done_on=date(2025, 3, 30))
    i = actions_checks.do_register_initiative(
        actor=leader, unit=commune, year=2025, title="Một cửa số"
    )
    actions_checks.do_evaluate_initiative(i, actor=office, outcome="recognised", evaluation="Tốt")
    plan = actions_checks.do_plan_inspections(
        actor=office,
        issuer=province,
        year=2025,
        name="Kiểm tra 2025",
        schedule=[(commune, date(2025, 5, 1))],
    )
    actions_checks.do_record_inspection(
        plan.inspections.get(),
        actor=office,
        done_on=date(2025, 5, 2),
        conclusion="Đạt",
        findings=[("Thiếu niêm yết", None), ("Sổ chưa cập nhật", None)],
    )
    first = plan.inspections.get().findings.order_by("id").first()
    actions_checks.do_follow_up_finding(first, actor=office, text="Đã khắc phục", close=True)
    return d
