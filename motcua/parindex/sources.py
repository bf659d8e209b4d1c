"""Where the data-decided sub-criteria get their figures: the one function that gathers
the figures of a unit for a scoring year, and the keys a criteria tree may name.

Contract (``motcua.core.figures.Figure``): a sub-criterion's ``source`` is a figure key;
its rule reads the figure's rate (threshold, bands, survey), its numerator (quota), "all
done" (yes/no) or its misses (deduction) — ``motcua.parindex.rules.value_from_figure``.

Sources: the indicators (``motcua.indicators.selectors.figures``: every ``766.<id>``
sub-indicator, the local keys ``on_time``, ``online``, ..., ``satisfaction``, and the
feedback area's figures, which the indicators pass on — N/A until that area exists), and
this area's own figures from the directives (``tasks_on_time``,
``inspections_followed_up``, ``initiatives``). A figure with a zero denominator has no
rate: its sub-criterion shows N/A and scores 0 until an appraiser sets its points with a
reason. SIPAS results come from the surveys area (``motcua.surveys.selectors.
sipas_figures``: ``sipas`` and ``sipas.<element>`` of the scoring year, when anyone
answered a survey of that year about the unit's dossiers); a result entered or imported
into the round (``SurveyResult``) takes precedence over them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from django.utils.translation import gettext_lazy as _

from motcua.core.figures import Figure
from motcua.directives import selectors as directives
from motcua.indicators import selectors as indicators
from motcua.org.models import Unit
from motcua.surveys import selectors as surveys

# Every key a tree may name, with what it measures.
KNOWN_FIGURES: dict[str, object] = {
    "on_time": _("Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn"),
    "online": _("Tỷ lệ hồ sơ tiếp nhận trực tuyến"),
    "partial_online": _("Tỷ lệ hồ sơ có phát sinh DVCTT một phần"),
    "full_online": _("Tỷ lệ hồ sơ có phát sinh DVCTT toàn trình"),
    "paid_online": _("Tỷ lệ hồ sơ thanh toán trực tuyến"),
    "digitised": _("Tỷ lệ số hóa hồ sơ, kết quả"),
    "electronic_result": _("Tỷ lệ cấp kết quả điện tử"),
    "online_reception_8h": _("Hồ sơ trực tuyến tiếp nhận trong 8 giờ làm việc"),
    "satisfaction": _("Tỷ lệ hài lòng khi đánh giá việc giải quyết hồ sơ"),
    "feedback_on_time": _("Tỷ lệ PAKN xử lý đúng hạn"),
    "feedback_resolved": _("Tỷ lệ PAKN được giải quyết"),
    "simplification_proposed": _("Tỷ lệ TTHC đề xuất đơn giản hóa"),
    "sipas": _("Chỉ số hài lòng SIPAS"),
    "tasks_on_time": _("Nhiệm vụ được giao hoàn thành đúng hạn"),
    "inspections_followed_up": _("Tồn tại qua kiểm tra đã được khắc phục"),
    "initiatives": _("Sáng kiến CCHC được công nhận"),
}
# Sub-indicators of the 766 index ("766.2.1") and SIPAS elements ("sipas.access").
KEY_PATTERNS = (re.compile(r"^766(\.\d+)+$"), re.compile(r"^sipas\.[a-z_]+$"))


def is_known(key: str) -> bool:
    return key in KNOWN_FIGURES or any(p.match(key) for p in KEY_PATTERNS)


def label(key: str) -> str:
    if key in KNOWN_FIGURES:
        return str(KNOWN_FIGURES[key])
    if key.startswith("766."):
        return f"{_('Bộ chỉ số 766, chỉ số')} {key[4:]}"
    if key.startswith("sipas."):
        return f"SIPAS — {key[6:]}"
    return key


def figures_for(unit: Unit, year: int) -> Mapping[str, Figure]:
    """Every figure the system has for ``unit`` over the scoring year (1/1 to 31/12)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    # The system reads for the round (no user scope): the office appraises every unit.
    found: dict[str, Figure] = dict(indicators.figures(unit, start, end))
    for figure in (
        directives.tasks_on_time(unit, start, end),
        directives.inspections_followed_up(unit, start, end),
        directives.initiatives(unit, year),
    ):
        found[figure.key] = figure
    found.update(surveys.sipas_figures(unit, year))
    return found
