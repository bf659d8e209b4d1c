"""After publication: exports shaped like the decision, lost points turned into a
remediation plan whose items are tasks, the plan document, the head of unit's page."""

from datetime import date
from decimal import Decimal as D
from io import BytesIO

import pytest
import time_machine
from docx import Document
from openpyxl import load_workbook

from motcua.directives.models import Task
from motcua.parindex import actions, plans, results
from motcua.parindex.models import Score

pytestmark = pytest.mark.usefixtures("commune_data")


@pytest.fixture
def published(groups, province, office, commune, other_commune):
    with time_machine.travel("2026-01-20 09:00 +07:00", tick=False):
        round_ = actions.do_open_round(
            actor=office, year=2025, name="Chỉ số CCHC năm 2025", office=province, groups=groups
        )
        actions.do_advance_round(round_, actor=office)
        actions.do_enter_survey(
            round_,
            actor=office,
            rows=[(commune.code, "sipas", D("85")), (other_commune.code, "sipas", D("90"))],
        )
        actions.do_advance_round(round_, actor=office)
        actions.do_advance_round(round_, actor=office, decision_number="57/QĐ-UBND")
    round_.refresh_from_db()
    return round_


def test_results_export_as_xlsx_and_as_a_decision(published, as_user, office):
    client = as_user(office)
    book = load_workbook(BytesIO(client.get(f"/par/rounds/{published.pk}/results.xlsx").content))
    sheet = book["Kết quả"]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    # commune 3.4 (1.00 + 0.50 + 0.50 − 0.50 + 3.40), other commune 3.60, third 0, tax 0.
    assert rows[0][:9] == (
        "Khối xã, phường",
        1,
        "000.01.40.H99",
        "UBND xã An Bình",
        4.9,
        12.0,
        40.83,
        1,
        "Trung bình",
    )
    assert rows[-1][7] == "Không xếp hạng"
    document = Document(BytesIO(client.get(f"/par/rounds/{published.pk}/results.docx").content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Phê duyệt và công bố Chỉ số cải cách hành chính năm 2025" in text
    assert (
        "Khối xã, phường gồm 3 đơn vị, tất cả đều xếp loại Trung bình. Trong đó UBND xã An Bình có "
        "điểm cao nhất 4.90 điểm, xếp hạng 1; UBND xã Tân Lập có điểm thấp nhất 0.00 điểm, xếp hạng 3."
    ) in text
    assert "Cơ quan ngành dọc gồm 1 đơn vị, tất cả đều xếp loại Trung bình, không xếp hạng." in text
    assert len(document.tables) == 3  # header, then one table per group


def test_lost_points_become_a_plan_of_tasks_and_a_document(
    published, commune, leader, office, as_user
):
    participant = published.participants.get(unit=commune)
    lost = {e["criterion"].number: e for e in results.lost_points(participant)}
    assert {n: e["lost"] for n, e in lost.items()} == {
        "1.1": D("1.00"),
        "1.2": D("0.50"),
        "1.3": D("1.00"),
        "1.4": D("1.00"),
        "3.1": D("0.50"),
        "3.2": D("2.00"),
        "8.1": D("0.60"),
        "9.1": D("0.50"),
    }
    assert lost["1.1"]["figure"]["rate"] == 50.0
    client = as_user(leader)
    one_one = Score.objects.get(participant=participant, criterion__number="1.1")
    three_two = Score.objects.get(participant=participant, criterion__number="3.2")
    response = client.post(
        f"/par/rounds/{published.pk}/units/{commune.code}/lost/",
        {
            "pick": [one_one.pk, three_two.pk],
            f"lead-{one_one.pk}": commune.pk,
            f"deadline-{one_one.pk}": "2026-06-30",
            f"expected-{one_one.pk}": "100% nhiệm vụ đúng hạn",
            f"lead-{three_two.pk}": commune.pk,
            f"deadline-{three_two.pk}": "2026-03-31",
            "number": "12/KH-UBND",
            "issued_on": "2026-02-01",
            "signer": "Nguyễn Văn Chủ",
        },
    )
    assert response.status_code == 302
    tasks = Task.objects.filter(directive__number="12/KH-UBND").order_by("deadline")
    assert [(t.title[:5], t.lead_unit_id, t.deadline) for t in tasks] == [
        ("3.2. ", commune.pk, date(2026, 3, 31)),
        ("1.1. ", commune.pk, date(2026, 6, 30)),
    ]
    plan = participant.plans.get()
    assert plan.directive.kind == "remediation"
    document = Document(BytesIO(plans.plan_document(plan)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Khắc phục những tồn tại, hạn chế trong công tác cải cách hành chính năm 2025" in text
    assert "II. NHIỆM VỤ, GIẢI PHÁP THỰC HIỆN" in text
    assert "1. Lĩnh vực Chỉ đạo điều hành" in text
    assert "a) Tiêu chí thành phần: “1.1. Nhiệm vụ được giao đúng hạn” (mất 1.00 điểm)" in text
    assert "- Cơ quan thực hiện: UBND xã An Bình chủ trì: 100% nhiệm vụ đúng hạn." in text
    assert "2. Lĩnh vực Cải cách TTHC" in text
    assert client.get(f"/par/plans/{plan.pk}/document.docx").status_code == 200


def test_a_plan_takes_only_lost_points(published, commune, leader, office):
    from django.core.exceptions import ValidationError

    participant = published.participants.get(unit=commune)
    full = Score.objects.get(participant=participant, criterion__number="1.3")  # yes/no, 0 → lost
    actions.do_correct(full, actor=office, points=D("1"), reason="Có kế hoạch")
    with pytest.raises(ValidationError) as caught:
        plans.do_make_remediation_plan(
            participant,
            actor=leader,
            number="1/KH",
            issued_on=date(2026, 2, 1),
            signer="X",
            items=[plans.PlanItem(score=full, lead_unit=commune, deadline=date(2026, 6, 30))],
        )
    assert caught.value.code == "not_lost"
    with pytest.raises(ValidationError) as caught:
        plans.do_make_remediation_plan(
            participant,
            actor=leader,
            number="1/KH",
            issued_on=date(2026, 2, 1),
            signer="X",
            items=[],
        )
    assert caught.value.code == "empty"


@time_machine.travel("2026-07-05 09:00 +07:00", tick=False)
def test_the_head_of_units_page_puts_what_he_answers_for_side_by_side(
    published, commune, leader, as_user
):
    page = as_user(leader).get(f"/par/units/{commune.code}/head/").content.decode()
    assert "Chỉ số CCHC năm 2025" in page and "4.90" in page
    assert "1.1. Nhiệm vụ được giao đúng hạn" in page  # lost points and figure misses
    overdue = page[page.index('id="head-overdue"') : page.index('id="head-due-soon"')]
    assert ">B</a>" in overdue and ">A</a>" not in overdue  # B (30/6/2025) was never done
    assert "Thiếu niêm yết" not in page and "Sổ chưa cập nhật" in page  # unresolved finding only


def test_tree_import_page_reports_errors_by_row_and_column(office, as_user, groups):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Tiêu chí"
    from motcua.parindex import treefile

    sheet.append(treefile.CRITERIA_HEADERS)
    sheet.append(["1", "A", "1", "threshold", "", "", "", "", "", ""])
    book.create_sheet("Xếp loại").append(treefile.BANDS_HEADERS)
    out = BytesIO()
    book.save(out)
    response = as_user(office).post(
        "/par/trees/",
        {
            "year": 2026,
            "group": groups[0].pk,
            "name": "Sai",
            "file": SimpleUploadedFile("sai.xlsx", out.getvalue()),
        },
    )
    page = response.content.decode()
    assert "Cách chấm theo ngưỡng cần ghi ngưỡng (%)." in page
    assert "<td>Tiêu chí</td><td>2</td><td>E</td>" in page
    assert "Cần ít nhất một mức xếp loại." in page
