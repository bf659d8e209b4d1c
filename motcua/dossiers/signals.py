"""Signals of the dossiers area, for the areas above it.

``dossier_changed`` (argument ``dossier_id``, or ``dossier_ids`` for a batch): a dossier's facts changed through a path that
sends no model signal (``QuerySet.update()``). Transitions already append a ``DossierEvent``
and ``Model.save()`` sends ``post_save``; a writer that updates dossier columns in bulk sends
this one, e.g. the payment callback setting ``paid_online``, or the national-format\nimport writing thousands of dossiers at once. The indicators listen to all
three to keep their aggregates (``motcua.indicators.receivers``)."""

from django.dispatch import Signal

dossier_changed = Signal()

# Sent by the periodic deadline sweep on the background worker, after it ran: areas above
# do their own periodic upkeep there (the indicators refresh what a failed refresh left).
sweep_finished = Signal()
