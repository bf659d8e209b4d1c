"""Local targets (chỉ tiêu) as data: a CSV file of ``year,level,key,value,source`` loaded by
``motcua import_targets`` — seed 000's 2023 district and commune targets and seed 003's
2024 ones ship in ``data/targets.csv``. All or nothing; a row for an existing
(year, level, key) replaces its value."""

from __future__ import annotations

import csv
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from motcua.indicators.choices import TargetLevel
from motcua.indicators.models import Target
from motcua.indicators.selectors import FEEDBACK_KEYS, LOCAL_KEYS

SHIPPED = Path(__file__).parent / "data" / "targets.csv"
# Figures a target may be set on: the local keys and the feedback figures.
KEYS = frozenset(LOCAL_KEYS) | frozenset(FEEDBACK_KEYS)


class TargetsInvalid(Exception):
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


def import_targets(path: Path | str = SHIPPED) -> int:
    problems: list[str] = []
    rows: list[Target] = []
    with open(path, encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            try:
                year = int(row.get("year") or "")
            except ValueError:
                problems.append(_("dòng %(n)d: năm không hợp lệ") % {"n": line})
                continue
            level = (row.get("level") or "").strip()
            key = (row.get("key") or "").strip()
            if level not in TargetLevel.values():
                problems.append(_("dòng %(n)d: cấp “%(v)s” không hợp lệ") % {"n": line, "v": level})
            if key not in KEYS:
                problems.append(_("dòng %(n)d: chỉ số “%(v)s” không có") % {"n": line, "v": key})
            try:
                value = Decimal((row.get("value") or "").strip())
                if not 0 <= value <= 100:
                    raise InvalidOperation
            except InvalidOperation:
                problems.append(_("dòng %(n)d: chỉ tiêu phải là số từ 0 đến 100") % {"n": line})
                continue
            rows.append(
                Target(
                    year=year,
                    level=level,
                    key=key,
                    value=value,
                    source=(row.get("source") or "").strip()[:300],
                )
            )
    if problems:
        raise TargetsInvalid(problems)
    with transaction.atomic():
        for t in rows:
            Target.objects.update_or_create(
                year=t.year,
                level=t.level,
                key=t.key,
                defaults={"value": t.value, "source": t.source},
            )
    return len(rows)
