"""The indicators' own tables: one summary row per received dossier, the aggregates summed
from those rows, the queue of dossiers whose row must be refreshed, and the local targets.

Page views read only ``DailyCount`` and ``MonthlyProcedureCount`` (a few rows per unit and
day); the drill-down lists read ``DossierFact`` through its indexes. All of it is derived:
``motcua rebuild_indicators`` recomputes it from the dossiers.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier
from motcua.indicators.choices import TargetLevel
from motcua.indicators.rows import DAILY_COUNTERS, MONTHLY_COUNTERS
from motcua.org.models import Unit
from motcua.procedures.models import Procedure


class DossierFact(models.Model):
    """A received dossier reduced to the days and flags the figures count
    (``motcua.indicators.rows.FactRow``)."""

    dossier = models.OneToOneField(
        Dossier, primary_key=True, on_delete=models.CASCADE, related_name="indicator_fact"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="+")
    received_day = models.DateField()
    ended_day = models.DateField(null=True)
    ended_late = models.BooleanField(default=False)
    late_day = models.DateField(null=True)
    settled_day = models.DateField(null=True)
    outcome = models.CharField(max_length=10, blank=True)
    online = models.BooleanField(default=False)
    online_8h = models.BooleanField(default=False)
    online_level = models.CharField(max_length=20)
    result_is_document = models.BooleanField(default=True)
    with_fee = models.BooleanField(default=False)
    paid_online = models.BooleanField(default=False)
    digitisation_complete = models.BooleanField(default=False)
    reused = models.BooleanField(default=False)
    store_linked = models.BooleanField(default=False)
    electronic_result = models.BooleanField(default=False)
    processing_hours = models.FloatField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["unit", "received_day"]),
            models.Index(fields=["unit", "settled_day"]),
            models.Index(fields=["unit", "late_day"]),
        ]

    def __str__(self) -> str:
        return f"fact {self.dossier_id}"


def _counter_fields(names: tuple[str, ...]) -> dict[str, models.Field]:
    return {name: models.BigIntegerField(default=0) for name in names}


class DailyCount(models.Model):
    """Sums of the dossier rows of one unit on one day: every counter of
    ``rows.DAILY_COUNTERS`` is counted on its own day (reception, end, late-from,
    settlement)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    locals().update(_counter_fields(DAILY_COUNTERS))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "day"], name="daily_count_key")]
        indexes = [models.Index(fields=["day", "unit"])]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day}"


class MonthlyProcedureCount(models.Model):
    """Per unit, procedure and month: dossiers received, paid online, settled, settled late
    and the office time they took (hundredths of an hour)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="+")
    month = models.DateField()
    locals().update(_counter_fields(MONTHLY_COUNTERS))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "procedure", "month"], name="monthly_procedure_count_key"
            )
        ]
        indexes = [models.Index(fields=["month", "unit"])]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.procedure_id} {self.month}"


class StaleDossier(models.Model):
    """A dossier changed in a committed transaction whose summary row is still to be
    refreshed. Written in the same transaction as the change, removed once refreshed:
    nothing is lost if the refresh after commit fails (the worker drains what is left)."""

    dossier_id = models.BigIntegerField(primary_key=True)
    marked_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"stale {self.dossier_id}"


class Target(models.Model):
    """Chỉ tiêu: a local target for one figure, per year and unit level (seed 000's 2023
    directive, seed 003's 2024 plan). Loaded from a CSV file by ``motcua import_targets``."""

    year = models.PositiveSmallIntegerField(_("năm"))
    level = models.CharField(_("cấp"), max_length=20, choices=TargetLevel.choices())
    key = models.CharField(_("chỉ số"), max_length=40)
    value = models.DecimalField(_("chỉ tiêu (%)"), max_digits=5, decimal_places=2)
    source = models.CharField(_("căn cứ"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["year", "level", "key"]
        constraints = [models.UniqueConstraint(fields=["year", "level", "key"], name="target_key")]

    def __str__(self) -> str:
        return f"{self.year} {self.level} {self.key} ≥ {self.value}"
