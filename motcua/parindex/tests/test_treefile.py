"""Criteria trees in and out of XLSX: the shipped examples import, a bad file is reported
by sheet, row and column and writes nothing, and export → import gives the same tree."""

from decimal import Decimal as D
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

from motcua.parindex import treefile
from motcua.parindex.models import CriteriaTree, Criterion, UnitGroup

TREES = Path(treefile.__file__).parent / "data" / "trees"


@pytest.fixture
def communes(db):
    return UnitGroup.objects.create(code="communes", name="Khối xã, phường")


def _import(group, name="communes-2025", **kwargs):
    criteria, bands = treefile.read_csv_pair(TREES / f"{name}.criteria.csv")
    return treefile.do_import_tree(
        actor=None,
        year=2025,
        group=group,
        name="Bộ tiêu chí",
        criteria_rows=criteria,
        band_rows=bands,
        **kwargs,
    )


@pytest.mark.parametrize("name", ["communes-2025", "departments-2025", "vertical-2025"])
def test_every_shipped_example_tree_imports_to_100_points(communes, name):
    tree = _import(communes, name)
    assert tree.max_score == D("100")
    assert [b.label for b in tree.bands.all()] == ["Nhóm A", "Nhóm B", "Nhóm C"]


def test_the_commune_tree_holds_seed_003s_sub_criteria(communes):
    tree = _import(communes)
    c = {x.number: x for x in tree.criteria.all()}
    assert (c["3.4.1"].rule, c["3.4.1"].threshold, c["3.4.1"].source) == (
        "threshold",
        D("97"),
        "on_time",
    )
    assert (c["7.3.3.2"].threshold, c["7.3.3.2"].source) == (D("60"), "digitised")
    assert (c["7.3.4"].threshold, c["7.3.5"].threshold) == (D("80"), D("100"))
    assert c["7.3.7.2"].source == "paid_online"
    assert (c["1.5"].rule, c["1.5"].quota, c["1.5"].source) == ("quota", 3, "initiatives")
    assert c["1.3.2"].source == "inspections_followed_up"
    assert c["9.2"].rule == "deduction" and c["9.2"].parent.number == "9"
    assert c["7.3.3.2"].parent.parent.number == "7.3"


def test_a_new_import_is_a_new_version(communes):
    assert (_import(communes).version, _import(communes).version) == (1, 2)


def test_a_bad_file_is_reported_by_row_and_column_and_writes_nothing(communes):
    header = treefile.CRITERIA_HEADERS
    rows = [
        header,
        ["1", "Chỉ đạo điều hành", "3", "", "", "", "", "", "", ""],
        ["1.1", "Kế hoạch", "1", "yes_no", "", "", "", "", "", ""],
        ["1.2", "", "abc", "threshold", "", "", "", "", "", ""],
        ["1.3", "Sáng kiến", "1", "quota", "", "", "", "", "khong_co", ""],
        ["1.4", "Mức", "1", "bands", "", "97:1", "", "", "", ""],
        ["1.5", "Điểm trừ", "1", "deduction", "", "", "", "", "", ""],
    ]
    bands = [treefile.BANDS_HEADERS, ["Nhóm A", "120"]]
    with pytest.raises(treefile.TreeFileError) as caught:
        treefile.do_import_tree(
            actor=None, year=2025, group=communes, name="X", criteria_rows=rows, band_rows=bands
        )
    found = [(e.sheet, e.row, e.column) for e in caught.value.errors]
    assert found == [
        ("Tiêu chí", 4, "B"),
        ("Tiêu chí", 4, "C"),
        ("Tiêu chí", 4, "E"),
        ("Tiêu chí", 5, "G"),
        ("Tiêu chí", 5, "I"),
        ("Tiêu chí", 6, "F"),
        ("Tiêu chí", 7, "H"),
        ("Xếp loại", 2, "B"),
    ]
    assert "dòng 4, cột C" in str(caught.value.errors[1])
    assert CriteriaTree.objects.count() == 0 and Criterion.objects.count() == 0


def test_tree_shape_problems_point_at_the_row(communes):
    rows = [
        treefile.CRITERIA_HEADERS,
        ["1", "A", "3", "", "", "", "", "", "", ""],
        ["1.1", "B", "1", "yes_no", "", "", "", "", "", ""],
        ["2.1", "C", "1", "yes_no", "", "", "", "", "", ""],
    ]
    bands = [treefile.BANDS_HEADERS, ["A", "90"]]
    with pytest.raises(treefile.TreeFileError) as caught:
        treefile.do_import_tree(
            actor=None, year=2025, group=communes, name="X", criteria_rows=rows, band_rows=bands
        )
    assert [(e.row, e.column) for e in caught.value.errors] == [(4, "A")]


def test_export_then_import_gives_the_same_tree(communes):
    tree = _import(communes)
    content = treefile.export_workbook(tree)
    book = load_workbook(BytesIO(content))
    assert book.sheetnames == ["Tiêu chí", "Xếp loại"]
    assert [c.value for c in book["Tiêu chí"][1]] == treefile.CRITERIA_HEADERS
    criteria, bands = treefile.read_workbook(content)
    again = treefile.do_import_tree(
        actor=None, year=2025, group=communes, name="Lần 2", criteria_rows=criteria, band_rows=bands
    )
    fields = [
        "number",
        "name",
        "max_points",
        "rule",
        "threshold",
        "bands",
        "quota",
        "per_item",
        "source",
        "guidance",
    ]
    assert list(again.criteria.values_list(*fields)) == list(tree.criteria.values_list(*fields))
    assert list(again.bands.values_list("label", "min_percent")) == list(
        tree.bands.values_list("label", "min_percent")
    )


def test_a_file_that_is_not_a_workbook_is_refused():
    with pytest.raises(treefile.TreeFileError) as caught:
        treefile.read_workbook(b"not a workbook")
    assert "Không đọc được" in caught.value.errors[0].message
