from django.utils.translation import gettext_lazy as _

from motcua.core.choices import ChoiceSet
from motcua.parindex import rules


class RuleKind(ChoiceSet):
    """Cách chấm điểm một tiêu chí thành phần (``motcua.parindex.rules``)."""

    THRESHOLD = rules.THRESHOLD
    BANDS = rules.BANDS
    YES_NO = rules.YES_NO
    QUOTA = rules.QUOTA
    MANUAL = rules.MANUAL
    SURVEY = rules.SURVEY
    DEDUCTION = rules.DEDUCTION

    CHOICES = (
        (THRESHOLD, _("Theo tỷ lệ, đủ điểm khi đạt ngưỡng"), "blue"),
        (BANDS, _("Theo mức"), "cyan"),
        (YES_NO, _("Có/không"), "green"),
        (QUOTA, _("Số lượng so với chỉ tiêu"), "purple"),
        (MANUAL, _("Tự chấm, có tài liệu kiểm chứng"), "orange"),
        (SURVEY, _("Theo kết quả điều tra xã hội học"), "teal"),
        (DEDUCTION, _("Điểm trừ"), "red"),
    )


class RoundState(ChoiceSet):
    """Trạng thái đợt đánh giá Chỉ số CCHC."""

    DRAFT = "draft"
    SELF_ASSESSMENT = "self_assessment"
    APPRAISAL = "appraisal"
    PUBLISHED = "published"

    CHOICES = (
        (DRAFT, _("Đang chuẩn bị"), "secondary"),
        (SELF_ASSESSMENT, _("Đơn vị tự đánh giá"), "blue"),
        (APPRAISAL, _("Thẩm định"), "orange"),
        (PUBLISHED, _("Đã công bố"), "green"),
    )
    NEXT = {DRAFT: SELF_ASSESSMENT, SELF_ASSESSMENT: APPRAISAL, APPRAISAL: PUBLISHED}


class ChangeStage(ChoiceSet):
    """Where a change of a score came from."""

    DATA = "data"
    SELF = "self"
    APPRAISAL = "appraisal"
    CORRECTION = "correction"

    CHOICES = (
        (DATA, _("Số liệu hệ thống"), "secondary"),
        (SELF, _("Tự đánh giá"), "blue"),
        (APPRAISAL, _("Thẩm định"), "orange"),
        (CORRECTION, _("Đính chính sau công bố"), "red"),
    )
