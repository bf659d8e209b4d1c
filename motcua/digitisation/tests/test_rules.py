"""The pure rules of digitisation, with exact values."""

from datetime import date

from motcua.digitisation import rules
from motcua.digitisation.rules import Slot


def test_documents_only_shown_are_recognised_from_the_catalogue_wording():
    assert rules.is_shown_only(
        "Căn cước, Căn cước công dân hoặc hộ chiếu của người yêu cầu (xuất trình khi nộp "
        "trực tiếp; nộp trực tuyến thì xác thực bằng tài khoản định danh điện tử VNeID)"
    )
    assert rules.is_shown_only("Giấy tờ tùy thân của các bên (XUẤT TRÌNH)")
    assert not rules.is_shown_only("Bản sao Căn cước công dân")


def test_digitisation_state_leaves_out_shown_documents_and_unprovided_optional_ones():
    kept_done = Slot(mandatory=True, shown_only=False, has_file=True)
    kept_missing = Slot(mandatory=True, shown_only=False, has_file=False)
    shown = Slot(mandatory=True, shown_only=True, has_file=False)
    optional_absent = Slot(mandatory=False, shown_only=False, has_file=False)
    assert rules.digitisation_state([kept_done, shown, optional_absent]) == "complete"
    assert rules.digitisation_state([kept_done, kept_missing, shown]) == "partial"
    assert rules.digitisation_state([kept_missing, shown]) == "none"
    assert rules.digitisation_state([shown]) == "none"
    assert rules.digitisation_state([]) == "none"


def test_document_kinds_and_what_fits():
    assert rules.document_kind("Bản sao Căn cước công dân của hai bên") == "identity"
    assert rules.document_kind("Hộ chiếu") == "identity"
    assert rules.document_kind("Giấy xác nhận tình trạng hôn nhân") == "marital_status"
    assert rules.document_kind("Tờ khai đăng ký khai sinh") == "other"  # a form
    assert rules.document_kind("Bản sao Giấy khai sinh") == "birth"
    assert rules.fits("Căn cước công dân (bản sao)", "Bản sao Căn cước công dân", "identity")
    assert not rules.fits("Giấy khai sinh", "Bản sao Căn cước công dân", "identity")
    assert not rules.fits("Tờ khai đăng ký kết hôn", "Tờ khai đăng ký kết hôn", "other")
    assert rules.fits("Sơ đồ thửa đất", "Sơ đồ thửa đất", "other")


def test_owner_kind_and_validity():
    assert rules.owner_kind("056090001234") == "person"
    assert rules.owner_kind("0312345678") == "organisation"
    assert rules.owner_kind("0312345678-001") == "organisation"
    assert rules.owner_kind("C1234567") == "person"
    assert rules.is_valid_on(None, date(2026, 1, 1))
    assert rules.is_valid_on(date(2026, 1, 1), date(2026, 1, 1))
    assert not rules.is_valid_on(date(2025, 12, 31), date(2026, 1, 1))
