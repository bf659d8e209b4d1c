"""A figure: one rate of the indicators, the unit of exchange between the areas that
count (dossiers, feedback, surveys, indicators) and those that score or report on them
(the PAR index, the dashboards, the reports).

Rates are percentages (0–100); a zero denominator has no rate (``None``, shown "N/A"),
never 0 (QĐ 766/QĐ-TTg as the national portal computes it, LAW.md §3)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """``key`` names the figure: ``"766.2.1"`` for a sub-indicator of the 766 index,
    plain words (``"on_time"``, ``"online"``, ``"digitised"``...) for local targets.
    ``drilldown`` is the path of the list of items behind the figure, or ``""``."""

    key: str
    numerator: int
    denominator: int
    drilldown: str = ""

    @property
    def rate(self) -> float | None:
        if self.denominator == 0:
            return None
        return 100.0 * self.numerator / self.denominator
