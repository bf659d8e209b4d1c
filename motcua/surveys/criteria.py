"""The criteria on which an applicant rates the settlement of their dossier (đánh giá việc
giải quyết thủ tục hành chính), each a short list of levels worth a number of points.

Sources and how far they were checked:

- Nghị định 61/2018/NĐ-CP, Chương VI (đánh giá việc giải quyết TTHC; Điều 31 lists the
  criteria: time against the legal limit, how many times the applicant had to come back
  to complete the dossier, the staff's attitude, publicity of the procedure, whether the
  result is lawful, …) with its guidance, Thông tư 01/2018/TT-VPCP (scoring of each
  criterion in points, the best level worth most); carried on by Nghị định 118/2025/NĐ-CP
  and Thông tư 03/2025/TT-VPCP. The per-dossier rating feeds the "satisfaction" group of
  the national index of Quyết định 766/QĐ-TTg (2022).
- The searchable corpus available while writing this held none of those texts; the
  wording and point values below follow their structure as remembered and must be
  checked against the official gazette text before a province relies on the points.
  What could be checked: the national-portal style questionnaire of the Ministry of
  Information and Communications (https://dichvucong.mic.gov.vn/Pages/DanhGia.aspx) rates
  satisfaction on five levels "Rất hài lòng … Rất không hài lòng", asks how many times
  the applicant had to come back ("0 lần / 01 lần / 02 lần trở lên") and whether the
  required documents were published clearly and fully.

Points are what is stored: ``DossierRating.<criterion>`` holds the points of the chosen
level, so averages are plain averages of the column.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Level:
    points: int
    label: str | Promise


@dataclass(frozen=True)
class Criterion:
    field: str
    label: str | Promise
    levels: tuple[Level, ...]  # best first

    def choices(self) -> list[tuple[int, str | Promise]]:
        return [(level.points, level.label) for level in self.levels]

    def points(self) -> set[int]:
        return {level.points for level in self.levels}

    def label_of(self, points: int) -> str:
        for level in self.levels:
            if level.points == points:
                return str(level.label)
        return str(points)


PUBLICITY = Criterion(
    "publicity",
    _("Công khai, minh bạch thông tin về thủ tục hành chính"),
    (
        Level(2, _("Đầy đủ, rõ ràng, dễ tìm")),
        Level(1, _("Có công khai nhưng chưa đầy đủ, khó tìm")),
        Level(0, _("Không được công khai")),
    ),
)
TIMELINESS = Criterion(
    "timeliness",
    _("Thời gian giải quyết so với thời hạn quy định"),
    (Level(2, _("Trước hạn")), Level(1, _("Đúng hạn")), Level(0, _("Trễ hạn"))),
)
CONTACTS = Criterion(
    "contacts",
    _("Số lần phải liên hệ với cơ quan để hoàn thiện hồ sơ"),
    (Level(2, _("1 lần")), Level(1, _("2 lần")), Level(0, _("Từ 3 lần trở lên"))),
)
ATTITUDE = Criterion(
    "attitude",
    _("Thái độ, trách nhiệm của cán bộ, công chức"),
    (
        Level(2, _("Tận tình, chu đáo, đúng mực")),
        Level(1, _("Bình thường")),
        Level(0, _("Thiếu trách nhiệm, gây phiền hà, nhũng nhiễu")),
    ),
)
LAWFUL_RESULT = Criterion(
    "lawful_result",
    _("Kết quả giải quyết đúng quy định"),
    (
        Level(2, _("Đúng quy định, không phải sửa")),
        Level(1, _("Có sai sót, phải đính chính")),
        Level(0, _("Không đúng quy định")),
    ),
)
OVERALL = Criterion(
    "overall",
    _("Mức độ hài lòng chung"),
    (
        Level(5, _("Rất hài lòng")),
        Level(4, _("Hài lòng")),
        Level(3, _("Bình thường")),
        Level(2, _("Không hài lòng")),
        Level(1, _("Rất không hài lòng")),
    ),
)

CRITERIA: tuple[Criterion, ...] = (
    PUBLICITY,
    TIMELINESS,
    CONTACTS,
    ATTITUDE,
    LAWFUL_RESULT,
    OVERALL,
)
BY_FIELD: dict[str, Criterion] = {c.field: c for c in CRITERIA}

# "Satisfied" = the overall score is one of the two highest levels (Rất hài lòng, Hài
# lòng); "Bình thường" and below are not. This is the top-two-box way the national
# satisfaction survey (SIPAS, Bộ Nội vụ; published yearly, e.g. Quyết định 915/QĐ-BNV for
# 2015) states its satisfaction rates — a project decision to be confirmed against the
# province's own evaluation rules. The rate is what the targets are set against (seed
# 000: ≥ 93 %; index 766: full points at ≥ 90 %).
SATISFIED_LEVELS: frozenset[int] = frozenset(level.points for level in OVERALL.levels[:2])


def suggested_timeliness(dossier: object) -> int | None:
    """The level of TIMELINESS the record itself shows, offered as the form's default:
    late → Trễ hạn; result on an earlier day than the (legal) due date → Trước hạn;
    otherwise Đúng hạn."""
    if getattr(dossier, "is_late", False):
        return 0
    completed = getattr(dossier, "completed_at", None)
    due = getattr(dossier, "legal_due_at", None) or getattr(dossier, "due_at", None)
    if completed is None or due is None:
        return None
    if timezone.localdate(completed) < timezone.localdate(due):
        return 2
    return 1
