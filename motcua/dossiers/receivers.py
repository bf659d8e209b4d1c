"""Dossiers follow unit merges: open dossiers (and their pending steps) move to the
successor; closed ones stay where they were settled, and every dossier keeps the unit
that received it."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from motcua.dossiers.choices import DossierState
from motcua.dossiers.models import Dossier, DossierStep
from motcua.org.actions import units_merged


@receiver(units_merged)
def inherit_open_dossiers(
    sender: Any, successor: Any, predecessors: list[Any], **kwargs: Any
) -> None:
    open_states = set(DossierState.OPEN) | {
        DossierState.NEW,
        DossierState.PROCESSED,
        DossierState.REFUSED,
    }
    moved = Dossier.objects.filter(responsible_unit__in=predecessors, state__in=open_states)
    DossierStep.objects.filter(
        dossier__in=moved, unit__in=predecessors, finished_at__isnull=True
    ).update(unit=successor)
    moved.update(responsible_unit=successor)
