"""The demo, one module per area, loaded in order (each area needs the ones before it).

An area adds its demo content as ``motcua/demo/<area>.py`` with a ``load()`` returning the
counts of what it created (``{"created_<things>": n}``; ``{}`` when nothing is worth
printing), and takes its place in ``AREAS``. Every ``load()`` is idempotent: run again, it
creates nothing. Demo data is data: files under ``motcua/demo/data/`` read through the
import path administrators use, wherever the area has one.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from motcua.demo import (
    catalogue,
    digitisation,
    dossiers,
    feedback,
    indicators,
    org,
    parindex,
    surveys,
)
from motcua.org.models import Unit, User
from motcua.procedures.models import Procedure

AREAS: list[tuple[str, Callable[[], dict[str, int]]]] = [
    ("org", org.load),
    ("catalogue", catalogue.load),
    ("dossiers", dossiers.load),
    ("digitisation", digitisation.load),
    ("feedback", feedback.load),
    ("indicators", indicators.load),
    ("surveys", surveys.load),
    ("parindex", parindex.load),
]


def load_demo() -> dict[str, int]:
    """Load every area in one transaction; the totals and what each area created."""
    created: dict[str, int] = {}
    with transaction.atomic():
        for _name, load in AREAS:
            created.update(load())
    return {
        "units": Unit.objects.count(),
        "users": User.objects.count(),
        "procedures": Procedure.objects.count(),
        **created,
    }
