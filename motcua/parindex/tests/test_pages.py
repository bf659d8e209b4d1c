"""Pages of a round: survey results imported from XLSX (all or nothing), tree export,
who may see what."""

from decimal import Decimal as D
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from motcua.parindex import actions
from motcua.parindex.models import CriteriaTree, SurveyResult


def _xlsx(rows):
    book = Workbook()
    sheet = book.active
    sheet.append(["Mã đơn vị", "Chỉ số", "Giá trị (%)"])
    for row in rows:
        sheet.append(row)
    out = BytesIO()
    book.save(out)
    return SimpleUploadedFile("sipas.xlsx", out.getvalue())


@pytest.fixture
def round_(groups, province, office):
    return actions.do_open_round(actor=office, year=2025, name="R", office=province, groups=groups)


def test_survey_results_import_from_xlsx_all_or_nothing(
    round_, office, commune, other_commune, as_user
):
    client = as_user(office)
    url = f"/par/rounds/{round_.pk}/surveys/"
    response = client.post(
        url,
        {"file": _xlsx([[commune.code, "sipas", 85], ["999.99.99.H99", "sipas", 70]])},
        follow=True,
    )
    assert "đơn vị 999.99.99.H99 không tham gia" in response.content.decode()
    assert SurveyResult.objects.count() == 0
    client.post(
        url, {"file": _xlsx([[commune.code, "sipas", 85], [other_commune.code, "sipas", "90,5"]])}
    )
    assert sorted(SurveyResult.objects.values_list("unit__code", "value")) == [
        (commune.code, D("85.00")),
        (other_commune.code, D("90.50")),
    ]
    score = round_.participants.get(unit=other_commune).scores.get(criterion__number="8.1")
    assert score.self_points == D("3.62")  # 90.5 % of 4 points


def test_only_the_office_runs_the_round(round_, leader, as_user):
    client = as_user(leader)
    response = client.post(f"/par/rounds/{round_.pk}/advance/", follow=True)
    assert "Chỉ cơ quan chủ trì đánh giá" in response.content.decode()
    round_.refresh_from_db()
    assert round_.state == "draft"


def test_a_tree_downloads_in_the_import_layout(groups, office, as_user):
    tree = CriteriaTree.objects.filter(group=groups[0]).get()
    response = as_user(office).get(f"/par/trees/{tree.pk}/export.xlsx")
    book = load_workbook(BytesIO(response.content))
    rows = list(book["Tiêu chí"].iter_rows(values_only=True))
    assert rows[2][:9] == (
        "1.1",
        "Nhiệm vụ được giao đúng hạn",
        2,
        "threshold",
        100,
        None,
        None,
        None,
        "tasks_on_time",
    )
    assert as_user(office).get(f"/par/trees/{tree.pk}/").status_code == 200
