"""Electronic ID codes of agencies (mã định danh điện tử của cơ quan, tổ chức).

Quyết định 20/2020/QĐ-TTg Điều 4 (mã định danh phục vụ kết nối, trao đổi dữ liệu):
four groups ``ABC.DE.FG.HIJ`` from the lowest level to the highest: three digits
(level 4), two (level 3), two (level 2), and a letter followed by two digits for the
level-1 body (``H56`` for a province, ``G..`` for a ministry...), e.g. ``000.00.06.H56``.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ELECTRONIC_ID_RE = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$")


def validate_electronic_id(value: str) -> None:
    if not ELECTRONIC_ID_RE.match(value or ""):
        raise ValidationError(
            _("Mã định danh “%(value)s” không đúng dạng ABC.DE.FG.HIJ (ví dụ 000.00.06.H56)."),
            code="invalid_electronic_id",
            params={"value": value},
        )
