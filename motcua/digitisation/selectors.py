"""Reads of the digitisation area, permission-scoped; other areas read it only here.

* ``checklist(dossier)``: the digitising screen's rows (every required document, what is
  attached, what the wallet already holds for it);
* the wallet as its owner sees it, and as staff see it (only what a dossier of theirs
  uses);
* the counts of the indicators (QĐ 766/QĐ-TTg, LAW.md §3) per unit (with its subtree and
  the predecessors of merged units) and period, as ``motcua.core.figures.Figure``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from motcua.core.figures import Figure
from motcua.digitisation import rules
from motcua.digitisation.models import SignedResult, WalletItem, WalletUse
from motcua.dossiers.choices import DigitisationState
from motcua.dossiers.models import Dossier, DossierDocument
from motcua.org.models import Unit
from motcua.procedures.models import RequiredDocument

# -- the digitising screen ----------------------------------------------------------------


@dataclass
class ChecklistRow:
    required: RequiredDocument
    shown_only: bool
    documents: list[DossierDocument] = field(default_factory=list)
    wallet: list[WalletItem] = field(default_factory=list)

    @property
    def digitised(self) -> bool:
        return bool(self.documents)

    @property
    def counted(self) -> bool:
        return not self.shown_only and (self.required.mandatory or self.digitised)


def wallet_of(owner_id_number: str) -> QuerySet[WalletItem]:
    """Everything kept for one owner (the citizen's own view, or a dossier's applicant)."""
    owner = owner_id_number.strip()
    if not owner:
        return WalletItem.objects.none()
    return WalletItem.objects.filter(owner_id_number=owner).select_related("source_dossier")


def wallet_candidates(dossier: Dossier, required: RequiredDocument) -> list[WalletItem]:
    """What the applicant's wallet holds that fits ``required`` and is still valid, not
    already in this dossier, newest first."""
    today = timezone.localdate()
    have = set(dossier.documents.values_list("sha256", flat=True))
    return [
        item
        for item in wallet_of(dossier.applicant_id_number).exclude(source_dossier=dossier)
        if item.sha256 not in have
        and rules.is_valid_on(item.valid_until, today)
        and rules.fits(required.name, item.name, item.kind)
    ]


def checklist(dossier: Dossier) -> list[ChecklistRow]:
    documents = list(dossier.documents.exclude(required_document=None).exclude(file=""))
    rows = []
    for required in dossier.procedure.documents.all():
        rows.append(
            ChecklistRow(
                required=required,
                shown_only=rules.is_shown_only(required.name),
                documents=[d for d in documents if d.required_document_id == required.pk],
                wallet=wallet_candidates(dossier, required),
            )
        )
    return rows


def wallet_for_staff(user: Any) -> QuerySet[WalletItem]:
    """Staff see a wallet document only when a dossier they may see uses it or produced
    it: never an owner's whole wallet."""
    visible = Dossier.objects.restrict(user, "view").exclude(applicant=user)
    used = WalletUse.objects.filter(dossier__in=visible).values("item_id")
    return WalletItem.objects.filter(Q(pk__in=used) | Q(source_dossier__in=visible))


def wallet_for_user(user: Any) -> QuerySet[WalletItem]:
    """A citizen's own wallet: what was kept from the dossiers he filed with his account,
    and what is kept against his identity number once the identity provider (VNeID) has
    vouched for it. A number merely typed into a form opens nobody's wallet."""
    if not getattr(user, "is_authenticated", False):
        return WalletItem.objects.none()
    from motcua.accounts.models import CitizenProfile

    condition = Q(source_dossier__applicant=user)
    profile = CitizenProfile.objects.filter(user=user, id_number_verified=True).first()
    if profile is not None and profile.id_number:
        condition |= Q(owner_id_number=profile.id_number)
    return WalletItem.objects.filter(condition).select_related("source_dossier")


def wallet_offers(
    user: Any, owner_id_number: str, required: list[RequiredDocument]
) -> dict[int, list[WalletItem]]:
    """For the citizen's online filing: by required document (pk), what his own wallet
    (``wallet_for_user``) keeps under the identity number he files with that fits it and
    is still valid, newest first — what ``actions.do_reuse_wallet_item`` will accept once
    the dossier exists (the item's owner is the dossier's applicant)."""
    owner = owner_id_number.replace(" ", "").upper()
    if not owner:
        return {}
    today = timezone.localdate()
    items = [
        item
        for item in wallet_for_user(user)
        .filter(owner_id_number=owner)
        .order_by("-created_at", "-id")
        if rules.is_valid_on(item.valid_until, today)
    ]
    offers: dict[int, list[WalletItem]] = {}
    for document in required:
        fitting = [i for i in items if rules.fits(document.name, i.name, i.kind)]
        if fitting:
            offers[document.pk] = fitting
    return offers


def signed_result_of(dossier: Dossier) -> SignedResult | None:
    return SignedResult.objects.filter(dossier=dossier).first()


# -- counts for the indicators ------------------------------------------------------------


def unit_ids(unit: Unit) -> set[int]:
    """The unit, its subtree, and every predecessor of any of them (a merged unit's
    statistics include its predecessors')."""
    ids: set[int] = set()
    for member in unit.descendants(include_self=True):
        ids |= member.lineage_ids()
    return ids


def received_in(unit: Unit, start: date, end: date) -> QuerySet[Dossier]:
    """Dossiers settled by the unit (subtree, predecessors) received between ``start`` and
    ``end`` inclusive (Vietnam time): the population of every 766 rate below."""
    tz = timezone.get_current_timezone()
    begin = timezone.make_aware(datetime.combine(start, time.min), tz)
    finish = timezone.make_aware(datetime.combine(end, time.max), tz)
    return Dossier.objects.filter(
        responsible_unit_id__in=unit_ids(unit), received_at__gte=begin, received_at__lte=finish
    )


def _document_result(qs: QuerySet[Dossier]) -> QuerySet[Dossier]:
    """Dossiers of procedures whose result is a document: the catalogue names one
    (``Procedure.result``, "Kết quả thực hiện" of the national catalogue)."""
    return qs.exclude(procedure__result="")


def electronic_result(unit: Unit, start: date, end: date) -> Figure:
    """766 indicator 4.1 (6 points, no threshold) — dossiers with an electronic result:
    with a result file ÷ dossiers of procedures whose result is a document (LAW.md §3,
    secondary: as the national portal computes it)."""
    population = _document_result(received_in(unit, start, end))
    return Figure("766.4.1", population.filter(electronic_result=True).count(), population.count())


def digitised(unit: Unit, start: date, end: date) -> Figure:
    """766 indicator 4.2 (4 points, full at 80 %) — dossiers digitised: every kept
    required document digitised **and** an electronic result where one is due (the
    procedure's result is a document and the dossier has a result) ÷ dossiers received."""
    population = received_in(unit, start, end)
    complete = population.filter(digitisation=DigitisationState.COMPLETE)
    result_due = Q(completed_at__isnull=False) & ~Q(procedure__result="")
    numerator = complete.filter(~result_due | Q(electronic_result=True)).count()
    return Figure("766.4.2", numerator, population.count())


def documents_digitised(unit: Unit, start: date, end: date) -> Figure:
    """Local target "hồ sơ được số hóa" (seed 000: ≥ 15 %; seed 003: communes ≥ 60 %):
    dossiers with every kept required document digitised ÷ dossiers received."""
    population = received_in(unit, start, end)
    numerator = population.filter(digitisation=DigitisationState.COMPLETE).count()
    return Figure("digitised", numerator, population.count())


def reusing(unit: Unit, start: date, end: date) -> Figure:
    """766 indicator 4.3 (2 points, full at 80 %) — dossiers reusing digitised data: with
    at least one reused document (HoSoCoThanhPhanSoHoa) ÷ dossiers received."""
    population = received_in(unit, start, end)
    return Figure(
        "766.4.3", population.filter(reuses_digitised_data=True).count(), population.count()
    )


def store_linked(unit: Unit, start: date, end: date) -> Figure:
    """766 indicator 4.4 (4 points, no threshold) — digitised dossiers linked to the
    owner's document store: with a document taken from the store (DuocLayTuKhoDMQG) ÷
    dossiers with at least one digitised document. The national portal's exact
    denominator is not published (LAW.md §3: "ratio"); this one is documented in
    docs/digitisation.md."""
    population = received_in(unit, start, end).exclude(digitisation=DigitisationState.NONE)
    return Figure(
        "766.4.4", population.filter(national_store_linked=True).count(), population.count()
    )


def results_signed(unit: Unit, start: date, end: date) -> Figure:
    """Local target "kết quả được trả bằng bản điện tử" (seed 000: ≥ 30 % district, ≥ 20 %
    commune): dossiers with a signed electronic result ÷ dossiers with a result whose
    procedure's result is a document."""
    population = _document_result(received_in(unit, start, end)).filter(completed_at__isnull=False)
    signed = SignedResult.objects.filter(dossier__in=population).count()
    return Figure("results_signed", signed, population.count())


def figures(unit: Unit, start: date, end: date) -> dict[str, Figure]:
    """Every count of this area for one unit and period, by key."""
    found = [
        electronic_result(unit, start, end),
        digitised(unit, start, end),
        reusing(unit, start, end),
        store_linked(unit, start, end),
        documents_digitised(unit, start, end),
        results_signed(unit, start, end),
    ]
    return {f.key: f for f in found}
