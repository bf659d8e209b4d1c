"""The catalogue layout as CSV files: the same reading and checks as the XLSX workbook."""

import csv
import io

import pytest

from motcua.demo.catalogue import CATALOGUE_DIR
from motcua.procedures.catalogue_files import (
    CSV_FILES,
    CatalogueFileRejected,
    import_csv,
    import_xlsx,
    read_catalogue_csv,
)
from motcua.procedures.models import Procedure
from motcua.procedures.xlsx import read_catalogue, write_catalogue

pytestmark = pytest.mark.django_db

HEADERS = {
    "thu-tuc.csv": "Mã thủ tục,Tên thủ tục,Mã lĩnh vực,Tên lĩnh vực,Cấp thực hiện,"
    "Thời hạn giải quyết,Đơn vị thời hạn,Mức độ trực tuyến,Liên thông,Kết quả thực hiện,"
    "Căn cứ pháp lý,Cơ quan thực hiện (mã định danh),Đang áp dụng",
    "phi-le-phi.csv": 'Mã thủ tục,Loại,Mức thu (đồng),Mô tả,"Đối tượng miễn, giảm"',
    "thanh-phan-ho-so.csv": "Mã thủ tục,Tên giấy tờ,Loại bản,Số lượng,Bắt buộc",
    "quy-trinh.csv": "Mã thủ tục,Tên bước,Vai trò thực hiện,"
    '"Đơn vị thực hiện (mã định danh, trống = cơ quan giải quyết)",'
    "Thời gian (theo đơn vị thời hạn)",
}


def write(directory, **rows):
    for filename in CSV_FILES.values():
        lines = [HEADERS[filename], *rows.get(filename.removesuffix(".csv").replace("-", "_"), [])]
        (directory / filename).write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_csv_files_and_their_workbook_read_to_the_same_records():
    records, _rows = read_catalogue_csv(CATALOGUE_DIR)
    assert len(records) == 295
    again, _ = read_catalogue(io.BytesIO(write_catalogue(records)))
    assert again == records


def test_a_csv_catalogue_imports_like_a_workbook(tmp_path, commune):
    write(
        tmp_path,
        thu_tuc=[
            f"1.000894,Thủ tục đăng ký kết hôn,HT,Hộ tịch,Cấp xã,5,ngày làm việc,Toàn trình,"
            f"Không,Giấy chứng nhận kết hôn,Luật Hộ tịch 2014,{commune.code},Có"
        ],
        phi_le_phi=["1.000894,Lệ phí,,Miễn lệ phí,"],
        thanh_phan_ho_so=["1.000894,Tờ khai đăng ký kết hôn,Bản chính,1,Có"],
        quy_trinh=[
            "1.000894,Tiếp nhận,Cán bộ một cửa,,0.5",
            "1.000894,Thẩm định,Chuyên viên xử lý,,4.5",
        ],
    )
    result = import_csv(tmp_path)
    assert (result.created, result.updated) == (1, 0)
    marriage = Procedure.objects.get(code="1.000894")
    assert [str(s.budget) for s in marriage.steps.all()] == ["0.50", "4.50"]
    assert list(marriage.units.all()) == [commune]
    assert [(f.kind, f.amount) for f in marriage.fees.all()] == [("charge", None)]


def test_a_bad_csv_catalogue_lists_every_problem_and_writes_nothing(tmp_path, commune):
    write(
        tmp_path,
        thu_tuc=[
            f"1.000894,Thủ tục đăng ký kết hôn,HT,Hộ tịch,Cấp xã,5,ngày làm việc,Toàn trình,"
            f"Không,,,{commune.code},Có",
            "1.000895,Thủ tục khác,HT,Hộ tịch,Cấp xã,năm,ngày làm việc,Toàn trình,Không,,,,Có",
        ],
        quy_trinh=["1.000894,Tiếp nhận,Cán bộ một cửa,,0.5"],
    )
    with pytest.raises(CatalogueFileRejected) as rejected:
        import_csv(tmp_path)
    assert [str(e) for e in rejected.value.errors] == [
        "Trang “Thủ tục”, dòng 3, cột F (Thời hạn giải quyết): “năm” không phải là số",
        "Trang “Thủ tục”, dòng 2, cột F (Thời hạn giải quyết): Tổng thời gian các bước (0.5) "
        "khác thời hạn giải quyết (5 ngày làm việc).",
    ]
    assert Procedure.objects.count() == 0


def test_a_missing_csv_file_is_a_missing_sheet(tmp_path):
    write(tmp_path)
    (tmp_path / "quy-trinh.csv").unlink()
    with pytest.raises(CatalogueFileRejected) as rejected:
        import_csv(tmp_path)
    assert [str(e) for e in rejected.value.errors] == [
        "Trang “Quy trình”, dòng 1, cột A (Mã thủ tục): thiếu trang “Quy trình” trong tệp"
    ]


def test_the_xlsx_import_goes_through_the_same_checks():
    with pytest.raises(CatalogueFileRejected) as rejected:
        import_xlsx(io.BytesIO(b"not a workbook"))
    assert [str(e) for e in rejected.value.errors] == [
        "Trang “—”, dòng 0, cột — (—): tệp không phải là bảng tính Excel (.xlsx) hợp lệ"
    ]


def test_the_demo_files_have_the_layout_headers():
    for filename, header in HEADERS.items():
        with (CATALOGUE_DIR / filename).open(encoding="utf-8") as handle:
            first = next(csv.reader(handle))
        assert first[: len(next(csv.reader([header])))] == next(csv.reader([header])), filename
