"""Demo content of the indicators area — the history: a year and more of dossiers for every demo unit that settles
procedures (the former Cam Ranh wards until their merge on 01/07/2025, the new wards from
then on), made by ``motcua.interchange.synthetic`` from ``data/history.json`` and
loaded through the national-format import, so that the dashboards show real shapes after
``make run``. Loaded once: a second run changes nothing. Also loads the shipped targets."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from motcua.indicators.targets import import_targets
from motcua.interchange import synthetic
from motcua.interchange.importer import import_records
from motcua.interchange.models import ImportedDossier
from motcua.org.models import Unit
from motcua.procedures.models import Procedure
from motcua.workcalendar.official import statutory_holidays
from motcua.workcalendar.services import working_calendar_for

PROFILE = Path(__file__).parent / "data" / "history.json"


def _spec(p: Procedure) -> synthetic.ProcedureSpec:
    return synthetic.ProcedureSpec(
        code=p.code,
        time_limit=p.time_limit,
        time_unit=p.time_unit,
        online_level=p.online_level,
        fee=p.total_fee,
        result_is_document=bool(p.result.strip()),
    )


def unit_specs(weights: dict[str, float]) -> list[synthetic.UnitSpec]:
    procedures = list(Procedure.objects.filter(is_active=True).prefetch_related("units", "fees"))
    by_unit: dict[int, list[synthetic.ProcedureSpec]] = {}
    commune_level: list[synthetic.ProcedureSpec] = []
    for p in procedures:
        spec = _spec(p)
        units = list(p.units.all())
        for u in units:
            by_unit.setdefault(u.pk, []).append(spec)
        if any(u.kind == "commune" for u in units):
            commune_level.append(spec)
    specs = []
    for unit in Unit.objects.order_by("path"):
        own = by_unit.get(unit.pk, [])
        if not own and unit.kind == "commune" and unit.valid_to is not None:
            own = commune_level  # a former ward settled the commune procedures
        if not own:
            continue
        specs.append(
            synthetic.UnitSpec(
                code=unit.code,
                weight=weights.get(unit.kind, 1.0),
                procedures=tuple(own),
                valid_from=unit.valid_from,
                valid_to=unit.valid_to,
            )
        )
    return specs


def load() -> dict[str, int]:
    return {"created_history": load_history()}


def load_history(profile_path: Path = PROFILE) -> int:
    import_targets()
    if ImportedDossier.objects.exists():
        return 0
    profile = json.loads(profile_path.read_text(encoding="utf-8"))
    total = getattr(settings, "DEMO_HISTORY_DOSSIERS", None)
    total = profile["total"] if total is None else total
    if total <= 0:
        return 0
    start = date.fromisoformat(profile["start"])
    end = timezone.localdate() - timedelta(days=1)
    tet = {
        d
        for d, name in statutory_holidays(range(start.year, end.year + 1)).items()
        if "Tết Nguyên Đán" in name
    }
    records = list(
        synthetic.generate(
            unit_specs(profile["unit_weights"]),
            start,
            end,
            total,
            working_calendar_for(None),
            now=timezone.now(),
            shares=synthetic.Shares(**profile["shares"]),
            seed=profile["seed"],
            tet_days=tet,
        )
    )
    return import_records(records).created
