"""Reading a dossier's history as the national vocabulary (and the indicators) see it, in
bulk: the original appointment, when a received dossier was stopped or withdrawn, and its
supplement requests. Shared by the export and the indicators so both read it one way."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from motcua.dossiers.choices import FormKind
from motcua.dossiers.models import DossierEvent, IssuedForm, SupplementRequest

# History rows that end a received dossier without a result.
CLOSING_ACTIONS = ("stop", "withdraw")


def _parse(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def receipt_appointments(ids: Iterable[int]) -> dict[int, datetime]:
    """The due time printed on each dossier's receipt (Mẫu 01): NgayHenTra, the original
    appointment. A dossier without a receipt (an imported one) keeps it in
    ``legal_due_at``; a later apology's appointment is never this one."""
    out: dict[int, datetime] = {}
    for dossier_id, data in (
        IssuedForm.objects.filter(dossier_id__in=list(ids), kind=FormKind.RECEIPT)
        .order_by("issued_at", "id")
        .values_list("dossier_id", "data")
    ):
        due = _parse((data or {}).get("due_at"))
        if due is not None and dossier_id not in out:
            out[dossier_id] = due
    return out


def closing_times(ids: Iterable[int]) -> dict[int, dict[str, datetime]]:
    """When each dossier was stopped or withdrawn (action → time)."""
    out: dict[int, dict[str, datetime]] = defaultdict(dict)
    for dossier_id, action, at in DossierEvent.objects.filter(
        dossier_id__in=list(ids), action__in=CLOSING_ACTIONS
    ).values_list("dossier_id", "action", "at"):
        out[dossier_id][action] = at
    return out


def supplements(ids: Iterable[int]) -> dict[int, list[tuple[datetime, datetime | None]]]:
    """Each dossier's supplement requests (requested, answered), in order."""
    out: dict[int, list[tuple[datetime, datetime | None]]] = defaultdict(list)
    for dossier_id, requested, answered in (
        SupplementRequest.objects.filter(dossier_id__in=list(ids))
        .order_by("requested_at", "id")
        .values_list("dossier_id", "requested_at", "answered_at")
    ):
        out[dossier_id].append((requested, answered))
    return out
