"""Text folding for search: Vietnamese without diacritics, so that a citizen typing on a
keyboard without Telex/VNI ("dang ky khai sinh") finds "Đăng ký khai sinh"."""

from __future__ import annotations

import unicodedata

# Đ/đ is a letter of its own, not D plus a combining mark: NFD leaves it alone.
_LETTERS = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """Lowercase ``text``, drop every diacritic (the five tone marks and the marks of
    ă â ê ô ơ ư) and đ → d, and collapse runs of whitespace into one space.

    The result is plain ASCII for Vietnamese input, so one ``LIKE '%...%'`` works the same
    on SQLite and PostgreSQL without collations or extensions."""
    decomposed = unicodedata.normalize("NFD", text.translate(_LETTERS))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(unicodedata.normalize("NFC", stripped).lower().split())


def nfc(text: str) -> str:
    """``text`` in Unicode NFC: "ế" typed as e + two combining marks (NFD, as some phones
    and Mac keyboards send it) becomes the one precomposed character, so that equality,
    ``LIKE`` and lengths agree with what the rest of the system stores."""
    return unicodedata.normalize("NFC", text)
