"""Keep the dossier's document facts true whichever path adds a document (desk scan,
online filing, a supplement uploaded by the citizen, a reuse): the dossiers app cannot
import this one, so this one listens (a lower app never calls a higher one)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from motcua.digitisation.actions import refresh_facts
from motcua.dossiers.models import DossierDocument


@receiver(post_save, sender=DossierDocument, dispatch_uid="digitisation_refresh_facts")
def document_saved(
    sender: Any, instance: DossierDocument, raw: bool = False, **kwargs: Any
) -> None:
    if raw:  # loading fixtures: facts come with the data
        return
    refresh_facts(instance.dossier)


def _register_panels() -> None:
    from motcua.digitisation.views import dossier_panel
    from motcua.dossiers.extensions import dossier_panels

    if dossier_panel not in dossier_panels:
        dossier_panels.append(dossier_panel)


_register_panels()
