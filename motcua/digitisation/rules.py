"""The rules of digitisation as plain typed Python (no Django): which required documents
are kept (and so count), the dossier's digitisation state, what kind of document a name
describes, and which documents of the wallet fit a required document.

Sources: Nghị định 45/2020/NĐ-CP Điều 9 and Nghị định 107/2021/NĐ-CP (the desk digitises
the documents it receives; what the system already holds is not asked for again);
Thông tư 01/2023/TT-VPCP (digitising dossiers and results); QĐ 766/QĐ-TTg indicators
4.2–4.4 (LAW.md §3). Documents that are only shown ("xuất trình") to be compared, not
handed over, are not kept by the desk: the catalogue says so in the document's name
("... (xuất trình)"), and they are left out of the digitisation rate.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from motcua.core.text import fold as core_fold

NONE = "none"
PARTIAL = "partial"
COMPLETE = "complete"


def fold(text: str) -> str:
    """``motcua.core.text.fold`` (lowercase, no diacritics, đ → d), punctuation as spaces:
    "Căn cước, CCCD (xuất trình)" → "can cuoc cccd xuat trinh"."""
    cleaned = "".join(c if c.isalnum() else " " for c in core_fold(text))
    return " ".join(cleaned.split())


def is_shown_only(name: str) -> bool:
    """A document that is shown at the desk to be compared and handed back (xuất trình),
    not kept: the catalogue's wording says so."""
    return "xuat trinh" in fold(name)


def is_form(name: str) -> bool:
    """A form the applicant fills in for this dossier (tờ khai, đơn, mẫu): never reused."""
    words = fold(name).split()
    return words[:2] == ["to", "khai"] or words[:1] in (["don"], ["mau"])


# Kinds of document the wallet recognises, by words of their name (folded). The first
# kind whose words all occur wins; order matters ("giấy chứng nhận kết hôn" before the
# generic ones).
IDENTITY = "identity"
BIRTH = "birth"
MARITAL_STATUS = "marital_status"
MARRIAGE = "marriage"
RESIDENCE = "residence"
LAND = "land"
BUSINESS = "business"
OTHER = "other"

KIND_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (MARITAL_STATUS, ("tinh trang hon nhan",)),
    (MARRIAGE, ("chung nhan ket hon",)),
    (BIRTH, ("giay khai sinh",)),
    (BIRTH, ("trich luc khai sinh",)),
    (IDENTITY, ("can cuoc",)),
    (IDENTITY, ("chung minh nhan dan",)),
    (IDENTITY, ("ho chieu",)),
    (IDENTITY, ("giay to tuy than",)),
    (RESIDENCE, ("cu tru",)),
    (LAND, ("quyen su dung dat",)),
    (BUSINESS, ("dang ky doanh nghiep",)),
    (BUSINESS, ("dang ky kinh doanh",)),
)


def document_kind(name: str) -> str:
    """The kind of document ``name`` describes, or ``OTHER``. A form is always OTHER."""
    if is_form(name):
        return OTHER
    folded = fold(name)
    for kind, phrases in KIND_WORDS:
        if all(phrase in folded for phrase in phrases):
            return kind
    return OTHER


def fits(required_name: str, item_name: str, item_kind: str) -> bool:
    """Whether a wallet document of ``item_kind`` named ``item_name`` can stand for the
    required document ``required_name``: the same known kind, or the same name."""
    if is_form(required_name):
        return False
    wanted = document_kind(required_name)
    if wanted != OTHER:
        return item_kind == wanted
    return fold(required_name) == fold(item_name)


def is_valid_on(valid_until: date | None, day: date) -> bool:
    return valid_until is None or valid_until >= day


@dataclass(frozen=True)
class Slot:
    """One required document of a dossier, as the rate sees it."""

    mandatory: bool
    shown_only: bool
    has_file: bool


def counted(slots: Iterable[Slot]) -> list[Slot]:
    """The documents the rate counts: kept ones (not only shown) that are mandatory or
    that were handed in anyway."""
    return [s for s in slots if not s.shown_only and (s.mandatory or s.has_file)]


def digitisation_state(slots: Iterable[Slot]) -> str:
    """none / partial / complete over the counted documents. A dossier with nothing to
    keep has nothing digitised: ``NONE`` (it is not counted as digitised by 766 4.2)."""
    kept = counted(slots)
    done = sum(1 for s in kept if s.has_file)
    if not kept or done == 0:
        return NONE
    return COMPLETE if done == len(kept) else PARTIAL


def owner_kind(id_number: str) -> str:
    """ "person" for a personal identification number (12 digits, the old 9-digit CMND,
    a passport number), "organisation" for an enterprise / tax code (10 digits, or 10
    digits and a 3-digit branch suffix: Thông tư 105/2020/TT-BTC Điều 5)."""
    compact = id_number.strip()
    if compact.isdigit() and len(compact) in (10, 13):
        return "organisation"
    if len(compact) == 14 and compact[10] == "-" and (compact[:10] + compact[11:]).isdigit():
        return "organisation"
    return "person"
