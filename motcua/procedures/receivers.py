"""The catalogue follows unit merges: a successor settles what its predecessors settled."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from motcua.org.actions import units_merged
from motcua.procedures.models import Procedure, ProcessingStep


@receiver(units_merged)
def inherit_procedures(sender: Any, successor: Any, predecessors: list[Any], **kwargs: Any) -> None:
    through = Procedure.units.through
    procedure_ids = set(
        through.objects.filter(unit__in=predecessors).values_list("procedure_id", flat=True)
    )
    through.objects.bulk_create(
        [through(procedure_id=pid, unit_id=successor.pk) for pid in procedure_ids],
        ignore_conflicts=True,
    )
    ProcessingStep.objects.filter(unit__in=predecessors).update(unit=successor)
