"""The dossier page shows the feedback linked to the dossier to its units' staff: a panel
added to the dossiers' registry (a lower app never imports this one)."""

from __future__ import annotations


def _register_panels() -> None:
    from motcua.dossiers.extensions import dossier_panels
    from motcua.feedback.views import dossier_panel

    if dossier_panel not in dossier_panels:
        dossier_panels.append(dossier_panel)


_register_panels()
