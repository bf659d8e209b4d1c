import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from motcua.procedures.catalogue import (
    DocumentRecord,
    FeeRecord,
    ProcedureRecord,
    StepRecord,
    do_import_catalogue,
)
from motcua.procedures.models import Procedure
from motcua.procedures.xlsx import write_catalogue

pytestmark = pytest.mark.django_db


def birth_registration(unit_codes=None):
    return ProcedureRecord(
        code="1.001193",
        name="Thủ tục đăng ký khai sinh",
        field_code="HT",
        field_name="Hộ tịch",
        levels=["commune"],
        time_limit=1,
        time_unit="working_days",
        online_level="full",
        result="Giấy khai sinh",
        legal_basis="Luật Hộ tịch 2014",
        unit_codes=unit_codes,
        fees=[FeeRecord("charge", 0, "Miễn lệ phí đăng ký khai sinh đúng hạn")],
        documents=[
            DocumentRecord("Tờ khai đăng ký khai sinh", "original"),
            DocumentRecord("Giấy chứng sinh", "original"),
        ],
        steps=[
            StepRecord("Tiếp nhận hồ sơ", "clerk", Decimal("0.25")),
            StepRecord("Thẩm định", "specialist", Decimal("0.5")),
            StepRecord("Ký duyệt", "unit_head", Decimal("0.25")),
        ],
    )


def land_registration(department_code):
    return ProcedureRecord(
        code="1.004227",
        name="Đăng ký biến động quyền sử dụng đất",
        field_code="DD",
        field_name="Đất đai",
        levels=["commune"],
        time_limit=10,
        time_unit="working_days",
        online_level="partial",
        inter_agency=True,
        fees=[FeeRecord("charge", 30000, "30.000 đồng/giấy chứng nhận")],
        documents=[
            DocumentRecord("Đơn đăng ký biến động", "original"),
            DocumentRecord("Giấy chứng nhận đã cấp", "original"),
        ],
        steps=[
            StepRecord("Tiếp nhận", "clerk", Decimal("0.5")),
            StepRecord(
                "Thẩm định, cập nhật hồ sơ địa chính", "specialist", Decimal("8"), department_code
            ),
            StepRecord("Ký, trả kết quả", "unit_head", Decimal("1.5")),
        ],
    )


def xlsx(records) -> io.BytesIO:
    return io.BytesIO(write_catalogue(records))


def edit(stream: io.BytesIO, sheet: str, cell: str, value) -> io.BytesIO:
    wb = load_workbook(stream)
    wb[sheet][cell] = value
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "danh-muc.xlsx"
    return out


def upload(client, stream, name="danh-muc.xlsx"):
    stream.seek(0)
    stream.name = name
    return client.post("/procedures/import/", {"file": stream})


def test_admin_imports_catalogue_from_xlsx(as_user, admin_user, commune, department):
    client = as_user(admin_user)
    response = upload(
        client, xlsx([birth_registration([commune.code]), land_registration(department.code)])
    )
    assert response.status_code == 302
    birth = Procedure.objects.get(code="1.001193")
    assert birth.time_limit == 1 and birth.online_level == "full"
    assert [d.name for d in birth.documents.all()] == [
        "Tờ khai đăng ký khai sinh",
        "Giấy chứng sinh",
    ]
    assert [s.budget for s in birth.steps.all()] == [
        Decimal("0.25"),
        Decimal("0.50"),
        Decimal("0.25"),
    ]
    assert list(birth.units.all()) == [commune]
    land = Procedure.objects.get(code="1.004227")
    assert land.inter_agency and land.steps.get(order=2).unit == department
    assert land.fees.get().amount == 30000


def test_export_then_import_round_trips(as_user, admin_user, commune, department):
    do_import_catalogue([birth_registration([commune.code]), land_registration(department.code)])
    client = as_user(admin_user)
    exported = client.get("/procedures/export.xlsx")
    assert exported.status_code == 200
    assert exported["Content-Type"].startswith("application/vnd.openxmlformats")
    before = {
        p.code: (p.name, p.time_limit, p.online_level, p.inter_agency)
        for p in Procedure.objects.all()
    }
    Procedure.objects.filter(code="1.001193").update(name="Tên cũ bị sửa")
    response = upload(client, io.BytesIO(exported.content))
    assert response.status_code == 302
    after = {
        p.code: (p.name, p.time_limit, p.online_level, p.inter_agency)
        for p in Procedure.objects.all()
    }
    assert after == before


def test_bad_cells_are_reported_by_row_and_column_and_nothing_is_imported(
    as_user, admin_user, commune, department
):
    stream = xlsx([birth_registration([commune.code]), land_registration(department.code)])
    stream = edit(stream, "Thủ tục", "F3", "mười")  # time limit of row 3
    stream = edit(stream, "Thủ tục", "H2", "Trực tuyến hết")  # online level of row 2
    stream = edit(stream, "Quy trình", "C4", "Bảo vệ")  # role of a step
    response = upload(as_user(admin_user), stream)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Trang “Thủ tục”, dòng 3, cột F (Thời hạn giải quyết): “mười” không phải là số" in html
    assert "Trang “Thủ tục”, dòng 2, cột H (Mức độ trực tuyến)" in html
    assert "Trang “Quy trình”, dòng 4, cột C (Vai trò thực hiện)" in html
    assert Procedure.objects.count() == 0


def test_rule_violation_in_one_procedure_blocks_the_whole_file(
    as_user, admin_user, commune, department
):
    stream = xlsx([birth_registration([commune.code]), land_registration(department.code)])
    stream = edit(stream, "Thủ tục", "F3", 12)  # steps of 1.004227 sum to 10, not 12
    response = upload(as_user(admin_user), stream)
    assert response.status_code == 400
    assert (
        "Trang “Thủ tục”, dòng 3, cột F (Thời hạn giải quyết): Tổng thời gian các bước "
        "(10) khác thời hạn giải quyết (12 ngày làm việc)"
    ) in response.content.decode()
    assert Procedure.objects.count() == 0


def test_inter_agency_step_requires_the_flag(as_user, admin_user, commune, department):
    stream = edit(xlsx([land_registration(department.code)]), "Thủ tục", "I2", "Không")
    response = upload(as_user(admin_user), stream)
    assert (
        "cột I (Liên thông): Quy trình có bước do cơ quan khác thực hiện"
        in response.content.decode()
    )


def test_unknown_unit_and_orphan_rows_are_reported(as_user, admin_user, commune):
    stream = edit(xlsx([birth_registration([commune.code])]), "Thủ tục", "L2", "999.99.99.Z99")
    stream = edit(stream, "Thành phần hồ sơ", "A3", "1.999999")
    html = upload(as_user(admin_user), stream).content.decode()
    assert (
        "Trang “Thành phần hồ sơ”, dòng 3, cột A (Mã thủ tục): mã thủ tục 1.999999 không có" in html
    )
    assert (
        "cột L (Cơ quan thực hiện (mã định danh)): Không có đơn vị mang mã định danh 999.99.99.Z99"
        in html
    )
    assert Procedure.objects.count() == 0


def test_update_keeps_existing_procedure_when_file_is_bad(as_user, admin_user, commune):
    do_import_catalogue([birth_registration([commune.code])])
    stream = edit(xlsx([birth_registration([commune.code])]), "Thủ tục", "B2", "Tên mới")
    stream = edit(stream, "Phí, lệ phí", "C2", -5)
    response = upload(as_user(admin_user), stream)
    assert (
        "Trang “Phí, lệ phí”, dòng 2, cột C (Mức thu (đồng)): mức thu không được âm"
        in response.content.decode()
    )
    assert Procedure.objects.get().name == "Thủ tục đăng ký khai sinh"


def test_not_a_spreadsheet_is_refused_clearly(as_user, admin_user):
    response = upload(as_user(admin_user), io.BytesIO(b"%PDF-1.4 not a workbook"))
    assert response.status_code == 400
    assert "không phải là bảng tính Excel (.xlsx) hợp lệ" in response.content.decode()
    response = upload(as_user(admin_user), io.BytesIO(b"x"), name="danh-muc.csv")
    assert "không phải tệp .xlsx" in response.content.decode()


def test_missing_sheet_and_wrong_header_are_reported(as_user, admin_user, commune):
    stream = xlsx([birth_registration([commune.code])])
    wb = load_workbook(stream)
    del wb["Quy trình"]
    wb["Thủ tục"]["B1"] = "Tên"
    out = io.BytesIO()
    wb.save(out)
    html = upload(as_user(admin_user), out).content.decode()
    assert "thiếu trang “Quy trình” trong tệp" in html
    assert "Trang “Thủ tục”, dòng 1, cột B (Tên thủ tục): tiêu đề cột phải là “Tên thủ tục”" in html


def test_import_is_forbidden_to_clerk(as_user, clerk):
    assert as_user(clerk).get("/procedures/import/").status_code == 403


def test_catalogue_is_public_and_searchable(client, commune):
    do_import_catalogue([birth_registration([commune.code])])
    page = client.get("/procedures/?q=khai sinh")
    assert "Thủ tục đăng ký khai sinh" in page.content.decode()
    detail = client.get("/procedures/1.001193/")
    assert "Giấy chứng sinh" in detail.content.decode()
    api = client.get("/api/v1/procedures/1.001193").json()
    assert api["time_limit"] == 1
    assert [s["budget"] for s in api["steps"]] == ["0.25", "0.50", "0.25"]
    assert client.get("/api/v1/procedures/9.999999").json()["code"] == "not_found"
