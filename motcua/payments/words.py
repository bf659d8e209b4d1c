"""Amounts in Vietnamese words, as a receipt writes them ("Số tiền bằng chữ").

Reading rules: groups of three digits with the scales nghìn, triệu, tỷ (what stands above
a billion is read as a number, then "tỷ": "hai nghìn năm trăm tỷ"); "mười" for 10–19 and "mươi" from 20; a final 1 after "mươi" reads "mốt"
and a final 5 after any tens reads "lăm"; a zero in the tens before a unit reads "lẻ";
a group after the first reads its hundreds even when zero ("không trăm").
"""

from __future__ import annotations

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
BILLION = 1_000_000_000


def _triple(n: int, full: bool) -> list[str]:
    """Words of 0 < n < 1000; ``full``: not the leading group, so zeros are read."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if hundreds or full:
                words.append("lẻ")
            words.append(DIGITS[units])
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else DIGITS[units])
    else:
        words += [DIGITS[tens], "mươi"]
        if units:
            words.append({1: "mốt", 5: "lăm"}.get(units, DIGITS[units]))
    return words


def _words(n: int, full: bool) -> list[str]:
    """Words of n > 0; ``full``: a higher part was read, so this one reads its zeros."""
    if n >= BILLION:
        # Whatever stands above a billion is read as a number of its own, then "tỷ":
        # 2 500 000 000 000 → "hai nghìn năm trăm tỷ".
        high, low = divmod(n, BILLION)
        words = [*_words(high, full), "tỷ"]
        return words + _words(low, True) if low else words
    words = []
    for index, scale in ((2, "triệu"), (1, "nghìn"), (0, "")):
        group = n // 1000**index % 1000
        if group == 0:
            continue
        words += _triple(group, full=full or bool(words))
        if scale:
            words.append(scale)
    return words


def number_to_words(n: int) -> str:
    """1250000 → "một triệu hai trăm năm mươi nghìn" (lower case)."""
    if n < 0:
        return "âm " + number_to_words(-n)
    if n == 0:
        return DIGITS[0]
    return " ".join(_words(n, full=False))


def amount_in_words(amount: int) -> str:
    """1250000 → "Một triệu hai trăm năm mươi nghìn đồng"."""
    text = f"{number_to_words(amount)} đồng"
    return text[0].upper() + text[1:]
