"""Prints the schemathesis.toml of .ci/schemathesis: real codes of the demo data for the
path parameters of the operations on one procedure, unit, dossier or PAR round, so that
they reach past 404 and their answers are checked against the schema (every other
parameter and every body stays generated)."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")

import django  # noqa: E402

django.setup()

from motcua.dossiers.models import Dossier  # noqa: E402
from motcua.parindex.models import Round  # noqa: E402
from motcua.procedures.models import Procedure  # noqa: E402

WARD = "000.04.40.H56"
dossier = Dossier.objects.filter(receiving_unit__code=WARD).order_by("id").first()
procedure = Procedure.objects.filter(units__code=WARD).order_by("code").first()
first_round = Round.objects.order_by("id").first()
operations = [
    (r"^/api/v1/procedures/\{code\}$", "path.code", procedure.code if procedure else None),
    (r"^/api/v1/units/\{code\}$", "path.code", WARD),
    (r"^/api/v1/dossiers/\{code\}", "path.code", dossier.code if dossier else None),
    (r"^/api/v1/par/rounds/\{round_id\}", "path.round_id", first_round.pk if first_round else None),
]
for regex, name, value in operations:
    if value is None:
        continue
    literal = f'"{value}"' if isinstance(value, str) else str(value)
    print(
        f"[[operations]]\ninclude-path-regex = '{regex}'\nparameters = {{ \"{name}\" = {literal} }}\n"
    )
