"""fold(): Vietnamese text without diacritics, for search."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.core.text import fold


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Thủ tục đăng ký khai sinh", "thu tuc dang ky khai sinh"),
        ("ĐĂNG KÝ KẾT HÔN", "dang ky ket hon"),
        ("Đắk Lắk", "dak lak"),
        ("Sở Tư pháp tỉnh Khánh Hòa", "so tu phap tinh khanh hoa"),
        ("ươ ƯƠ ă Ă â Â ê Ê ô Ô ơ Ơ", "uo uo a a a a e e o o o o"),
        ("à á ả ã ạ ằ ắ ẳ ẵ ặ ầ ấ ẩ ẫ ậ", "a a a a a a a a a a a a a a a"),
        ("ỳ ý ỷ ỹ ỵ", "y y y y y"),
        ("  Khai   sinh\tlại \n", "khai sinh lai"),
        ("1.001193", "1.001193"),
        ("", ""),
    ],
)
def test_fold_removes_vietnamese_diacritics_and_case(text, folded):
    assert fold(text) == folded


def test_fold_treats_composed_and_decomposed_input_alike():
    text = "Nguyễn Thị Ngọc Ánh"
    assert fold(unicodedata.normalize("NFD", text)) == fold(text) == "nguyen thi ngoc anh"


@given(
    st.text(
        alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ ĐĂÂÊÔƠƯ"
    )
)
def test_fold_of_vietnamese_is_ascii_and_idempotent(text):
    folded = fold(text)
    assert folded.isascii()
    assert fold(folded) == folded
