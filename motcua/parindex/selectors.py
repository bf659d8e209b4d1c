"""Read side of the PAR index. A published round is read from its frozen revision (the
latest unless another is asked for); a round not yet published from the live scores,
and only by its office and the participating units."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from motcua.org.models import Unit
from motcua.parindex import permissions, results
from motcua.parindex.choices import RoundState
from motcua.parindex.models import Participant, Revision, Round


def rounds_for(user: Any) -> Any:
    return Round.objects.restrict(user, "view").select_related("office")


def revision_of(round_: Round, number: int | None = None) -> Revision | None:
    if round_.state != RoundState.PUBLISHED:
        return None
    qs = round_.revisions.all()
    revision = qs.filter(number=number).first() if number else qs.order_by("-number").first()
    if revision is None:
        raise Http404
    return revision


def visible_units(user: Any, round_: Round) -> set[str] | None:
    """Codes of the participants whose details ``user`` may read (None: all of them)."""
    if permissions.runs(user, round_):
        return None
    units = Unit.objects.restrict(user, "view").filter(pk__in=round_.participants.values("unit_id"))
    return set(units.values_list("code", flat=True))


def standings(user: Any, round_: Round, number: int | None = None) -> list[dict[str, Any]]:
    """The results table: frozen once published (every staff member who sees the round
    reads all of it, as the published decision is public); before, live and limited to
    what the user may see."""
    revision = revision_of(round_, number)
    if revision is not None:
        return [
            {k: v for k, v in row.items() if k != "criteria"} for row in revision.snapshot["units"]
        ]
    rows = results.standings(round_)
    allowed = visible_units(user, round_)
    return rows if allowed is None else [r for r in rows if r["unit"] in allowed]


def unit_card(user: Any, round_: Round, code: str, number: int | None = None) -> dict[str, Any]:
    """One unit's score with its criteria tree (self, appraised, final points)."""
    allowed = visible_units(user, round_)
    if allowed is not None and code not in allowed and not round_.is_published:
        raise Http404
    revision = revision_of(round_, number)
    if revision is not None:
        for row in revision.snapshot["units"]:
            if row["unit"] == code:
                return row
        raise Http404
    participant = participant_of(round_, code)
    row = next(r for r in results.standings(round_) if r["unit"] == code)
    return {**row, "criteria": results.criteria_tree(participant)}


def participant_of(round_: Round, code: str) -> Participant:
    participant = (
        round_.participants.select_related("unit", "round_group__tree", "round_group__group")
        .filter(unit__code=code)
        .first()
    )
    if participant is None:
        raise Http404
    return participant


def latest_published_participant(unit: Unit) -> Participant | None:
    return (
        Participant.objects.filter(unit=unit, round__state=RoundState.PUBLISHED)
        .select_related("round", "round_group__tree", "unit")
        .order_by("-round__year", "-round_id")
        .first()
    )
