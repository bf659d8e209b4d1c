"""The public catalogue: search without diacritics, browsing by field and level, and the
procedure page a citizen reads before filing."""

import importlib
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps

from motcua.org.choices import UnitKind
from motcua.procedures.catalogue import (
    DocumentRecord,
    FeeRecord,
    ProcedureRecord,
    StepRecord,
    do_import_catalogue,
)
from motcua.procedures.models import Procedure
from motcua.testing.factories import UnitFactory

pytestmark = pytest.mark.django_db


def record(code, name, *, field=("HT", "Hộ tịch"), levels=("commune",), units=(), **extra):
    return ProcedureRecord(
        code=code,
        name=name,
        field_code=field[0],
        field_name=field[1],
        levels=list(levels),
        time_limit=extra.pop("time_limit", 3),
        time_unit="working_days",
        online_level=extra.pop("online_level", "full"),
        unit_codes=list(units),
        steps=[StepRecord("Xử lý", "specialist", Decimal(3))],
        **extra,
    )


@pytest.fixture
def catalogue(commune, other_commune, department):
    communes = [commune.code, other_commune.code]
    do_import_catalogue(
        [
            record(
                "1.001193",
                "Thủ tục đăng ký khai sinh",
                units=communes,
                documents=[
                    DocumentRecord("Tờ khai đăng ký khai sinh theo mẫu", "original"),
                    DocumentRecord("Giấy chứng sinh", "original"),
                    DocumentRecord("Đơn đề nghị cấp bản sao (nếu có)", "original", mandatory=False),
                    DocumentRecord("Mẫu số 01/TP: bản cam đoan", "original", mandatory=False),
                    DocumentRecord("Văn bản ủy quyền", "certified_copy", mandatory=False),
                ],
                fees=[FeeRecord("charge", 8000, "Lệ phí đăng ký khai sinh", "Trẻ em hộ nghèo")],
            ),
            record("1.000894", "Thủ tục đăng ký kết hôn", units=communes),
            record("1.001022", "Thủ tục đăng ký lại kết hôn", units=communes),
            record(
                "2.000908",
                "Thủ tục chứng thực bản sao từ bản chính",
                field=("CT", "Chứng thực"),
                units=communes,
                online_level="in_person",
            ),
            record(
                "1.004884",
                "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
                field=("LLTP", "Lý lịch tư pháp"),
                levels=("province",),
                units=[department.code],
                online_level="partial",
            ),
        ]
    )


def names(response):
    return response.content.decode()


# -- search ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query", ["dang ky khai sinh", "ĐĂNG KÝ KHAI SINH", "khai sinh dang ky", "  Khai   SINH "]
)
def test_search_finds_a_procedure_without_diacritics_in_any_case_and_order(catalogue, query):
    found = list(Procedure.objects.search(query).values_list("name", flat=True))
    assert found[0] == "Thủ tục đăng ký khai sinh"
    # Names holding only "đăng ký" follow, shorter first.
    assert found[1:] == (
        ["Thủ tục đăng ký kết hôn", "Thủ tục đăng ký lại kết hôn"] if "ng" in query.lower() else []
    )


def test_search_ket_hon_finds_the_marriage_procedures_only(catalogue):
    found = list(Procedure.objects.search("kết hôn").values_list("code", flat=True))
    assert found == ["1.000894", "1.001022"]
    assert list(Procedure.objects.search("ket hon").values_list("code", flat=True)) == found


def test_search_matches_the_code_and_an_empty_query_finds_everything(catalogue):
    assert list(Procedure.objects.search("1.004884").values_list("code", flat=True)) == ["1.004884"]
    assert Procedure.objects.search("").count() == Procedure.objects.count() == 5
    assert list(Procedure.objects.search("khai sinh 1.004884").values_list("code", flat=True)) == [
        "1.001193",
        "1.004884",
    ]


def test_search_text_follows_the_name_on_save_and_on_import(catalogue, commune):
    p = Procedure.objects.get(code="1.000894")
    p.name = "Thủ tục đăng ký kết hôn lưu động"
    p.save(update_fields=["name"])
    assert Procedure.objects.search("luu dong").get() == p
    do_import_catalogue([record("1.000894", "Thủ tục Đăng ký giám hộ", units=[commune.code])])
    assert Procedure.objects.get(code="1.000894").search_text == "thu tuc dang ky giam ho"
    assert not Procedure.objects.search("luu dong").exists()


def test_migration_backfills_the_search_text(catalogue):
    Procedure.objects.update(search_text="")
    migration = importlib.import_module("motcua.procedures.migrations.0002_procedure_search_text")
    migration.backfill_search_text(apps, None)
    assert Procedure.objects.get(code="1.001193").search_text == "thu tuc dang ky khai sinh"
    assert Procedure.objects.search("dang ky khai sinh").first().code == "1.001193"


def test_api_search_uses_the_same_search(client, catalogue):
    rows = client.get("/api/v1/procedures", {"q": "DANG KY KET HON"}).json()
    assert [r["code"] for r in rows] == ["1.000894", "1.001022", "1.001193"]
    rows = client.get("/api/v1/procedures", {"q": "khai sinh đăng ký"}).json()
    assert [r["code"] for r in rows] == ["1.001193", "1.000894", "1.001022"]


def test_list_page_searches_without_diacritics(client, catalogue):
    html = names(client.get("/procedures/", {"q": "dang ky khai sinh"}))
    assert html.index("Thủ tục đăng ký khai sinh") < html.index("Thủ tục đăng ký kết hôn")
    assert "Thủ tục chứng thực bản sao từ bản chính" not in html


# -- browsing ---------------------------------------------------------------------------------


def test_list_page_browses_by_field_with_counts_and_by_level(client, catalogue):
    html = names(client.get("/procedures/"))
    assert 'href="?field=HT"' in html and "Hộ tịch</span>" in html
    assert (
        '<span class="badge bg-secondary-lt text-reset">3<span class="visually-hidden"> thủ tục'
        in html
    )
    assert "?level=province" in html and "Cấp tỉnh" in html

    by_field = names(client.get("/procedures/", {"field": "CT"}))
    assert "Thủ tục chứng thực bản sao từ bản chính" in by_field
    assert "Thủ tục đăng ký khai sinh" not in by_field

    by_level = names(client.get("/procedures/", {"level": "province"}))
    assert "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam" in by_level
    assert "Thủ tục đăng ký kết hôn" not in by_level
    # Field counts follow the other filters: at province level only one field remains.
    assert 'href="?level=province&amp;field=LLTP"' in by_level
    assert "field=HT" not in by_level


# -- the procedure page -----------------------------------------------------------------------


def test_procedure_page_shows_forms_fees_places_and_the_online_button(client, catalogue):
    html = names(client.get("/procedures/1.001193/"))
    assert "Mẫu đơn, tờ khai" in html
    forms = html.split('id="forms-title"')[1].split("</section>")[0]
    assert "Tờ khai đăng ký khai sinh theo mẫu" in forms
    assert "Đơn đề nghị cấp bản sao (nếu có)" in forms
    assert "Mẫu số 01/TP: bản cam đoan" in forms
    assert "Giấy chứng sinh" not in forms and "Văn bản ủy quyền" not in forms
    assert "8.000 đ" in html and "Trẻ em hộ nghèo" in html
    assert "Nơi nộp hồ sơ" in html
    assert "Toàn trình" in html and "không phải đến cơ quan nhà nước" in html
    assert 'href="/portal/file/1.001193/"' in html and "Nộp hồ sơ trực tuyến" in html


def test_commune_level_procedure_offers_a_place_search(client, catalogue, province):
    for i in range(11):
        UnitFactory(name=f"UBND xã Thử {i}", kind=UnitKind.COMMUNE, parent=province)
    html = names(client.get("/procedures/1.001193/"))
    assert 'name="noi_nop"' in html and "Tìm nơi gần bạn" in html
    found = names(client.get("/procedures/1.001193/", {"noi_nop": "phu hoa"}))
    results = found.split('id="places-results"')[1].split("</div>")[0]
    assert "UBND xã Phú Hòa" in results and "UBND xã An Bình" not in results
    assert 'href="/portal/file/1.001193/?unit=000.02.40.H99"' in results
    fragment = client.get("/procedures/1.001193/", {"noi_nop": "an binh"}, HTTP_HX_REQUEST="true")
    assert names(fragment).startswith('<div id="places-results"')
    assert "UBND xã An Bình" in names(fragment)


def test_places_are_the_active_units_with_their_address(client, catalogue, department):
    department.address = "21 Lê Thánh Tôn, phường Nha Trang"
    department.save()
    html = names(client.get("/procedures/1.004884/"))
    assert "Sở Tư pháp tỉnh Thử Nghiệm" in html and "21 Lê Thánh Tôn" in html
    assert "Một phần" in html and "Nộp hồ sơ trực tuyến" in html
    department.valid_to = date(2025, 6, 30)
    department.save()
    html = names(client.get("/procedures/1.004884/"))
    assert "21 Lê Thánh Tôn" not in html
    assert "Chưa có cơ quan nào được giao" in html
    assert 'href="/portal/file/1.004884/"' not in html


def test_in_person_procedure_explains_filing_at_the_desk(client, catalogue):
    html = names(client.get("/procedures/2.000908/"))
    assert "Hồ sơ được nộp trực tiếp tại Bộ phận Một cửa" in html
    assert "/portal/file/" not in html


def test_fees_table_of_the_payments_app_is_used_when_it_exists(
    client, catalogue, settings, tmp_path
):
    (tmp_path / "payments").mkdir()
    (tmp_path / "payments" / "_fees.html").write_text(
        "<p>BẢNG PHÍ CỦA THANH TOÁN {{ procedure.code }}</p>", encoding="utf-8"
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    html = names(client.get("/procedures/1.001193/"))
    assert "BẢNG PHÍ CỦA THANH TOÁN 1.001193" in html


KET_HON = [
    ("1.000001", "Thủ tục đăng ký kết quả thực hiện nhiệm vụ khoa học và công nghệ"),
    ("1.000002", "Thủ tục cấp giấy xác nhận tình trạng hôn nhân"),
    ("1.000003", "Thủ tục công nhận kết quả hòa giải về hôn nhân"),
    (
        "1.000004",
        "Thủ tục ghi vào Sổ hộ tịch việc kết hôn của công dân Việt Nam đã được giải quyết ở nước ngoài",
    ),
    ("1.000005", "Thủ tục đăng ký kết hôn có yếu tố nước ngoài"),
    ("1.000006", "Thủ tục đăng ký kết hôn"),
    ("1.000007", "Thủ tục chứng thực chữ ký"),
]


@pytest.fixture
def marriage_and_decoys(commune):
    do_import_catalogue([record(code, name, units=[commune.code]) for code, name in KET_HON])


def test_ket_hon_ranks_the_whole_phrase_then_all_words_then_some(client, marriage_and_decoys):
    expected = [
        # the whole phrase, shorter names first
        "Thủ tục đăng ký kết hôn",
        "Thủ tục đăng ký kết hôn có yếu tố nước ngoài",
        "Thủ tục ghi vào Sổ hộ tịch việc kết hôn của công dân Việt Nam đã được giải quyết ở nước ngoài",
        # both words, not side by side
        "Thủ tục công nhận kết quả hòa giải về hôn nhân",
        # one word
        "Thủ tục cấp giấy xác nhận tình trạng hôn nhân",
        "Thủ tục đăng ký kết quả thực hiện nhiệm vụ khoa học và công nghệ",
    ]
    assert list(Procedure.objects.search("ket hon").values_list("name", flat=True)) == expected
    api = client.get("/api/v1/procedures", {"q": "ket hon"}).json()
    assert [r["name"] for r in api] == expected
    page = names(client.get("/procedures/", {"q": "Kết Hôn"}))
    positions = [page.index(name) for name in expected]
    assert positions == sorted(positions)
    assert "Thủ tục chứng thực chữ ký" not in page
