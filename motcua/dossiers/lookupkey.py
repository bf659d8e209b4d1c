"""Mã tra cứu: the short secret printed on the receipt beside the dossier code and carried
in its QR code. Dossier codes are sequential (``{unit}-{YYMMDD}-{NNNN}``), so the code
alone would let anyone walk through every dossier; the public lookup needs both.

Six characters from an alphabet without look-alikes (no 0/O, 1/I/L, 2/Z, 5/S, 8/B), drawn
with ``secrets``: 25⁶ ≈ 244 million values per dossier, with the lookup rate-limited."""

from __future__ import annotations

import hmac
import secrets

ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
LENGTH = 6


def new_lookup_key() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise_lookup_key(raw: str) -> str:
    """What a person typed: upper case, without spaces or dashes."""
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())[: LENGTH * 2]


def lookup_key_matches(stored: str, typed: str) -> bool:
    """Constant-time comparison of the stored key with what was typed."""
    candidate = normalise_lookup_key(typed)
    return bool(stored) and hmac.compare_digest(stored.encode(), candidate.encode())
