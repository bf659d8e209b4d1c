import pytest

from motcua.payments.words import amount_in_words, number_to_words


@pytest.mark.parametrize(
    "amount, words",
    [
        (1_250_000, "Một triệu hai trăm năm mươi nghìn đồng"),
        (0, "Không đồng"),
        (15_000, "Mười lăm nghìn đồng"),
        (21_000, "Hai mươi mốt nghìn đồng"),
        (25_000, "Hai mươi lăm nghìn đồng"),
        (100_000, "Một trăm nghìn đồng"),
        (105_000, "Một trăm lẻ năm nghìn đồng"),
        (1_005, "Một nghìn không trăm lẻ năm đồng"),
        (1_050_000, "Một triệu không trăm năm mươi nghìn đồng"),
        (2_000_000_000, "Hai tỷ đồng"),
        (2_500_000_000_000, "Hai nghìn năm trăm tỷ đồng"),
    ],
)
def test_amount_in_vietnamese_words(amount, words):
    assert amount_in_words(amount) == words


def test_number_words_are_lower_case():
    assert number_to_words(30_000) == "ba mươi nghìn"
