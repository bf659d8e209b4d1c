"""Status values of the SIPAS surveys."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from motcua.core.choices import ChoiceSet
from motcua.surveys import sipas


class SurveyState(ChoiceSet):
    """Trạng thái đợt khảo sát: draft (the sample may be drawn again), open (links
    issued, answers accepted), closed (no more answers)."""

    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"

    CHOICES = (
        (DRAFT, _("Đang chuẩn bị"), "secondary"),
        (OPEN, _("Đang thu phiếu"), "green"),
        (CLOSED, _("Đã kết thúc"), "dark"),
    )


class SourceStatus(ChoiceSet):
    """How far the template's content was checked against its legal source (LAW.md)."""

    VERIFIED = "verified"
    SECONDARY = "secondary"
    OPEN = "open"

    CHOICES = (
        (VERIFIED, _("Đã đối chiếu văn bản"), "green"),
        (SECONDARY, _("Theo nguồn thứ cấp"), "yellow"),
        (OPEN, _("Chưa xác nhận"), "red"),
    )


class AnswerChannel(ChoiceSet):
    """How a respondent's answers came in."""

    WEB = "web"
    INTERVIEWER = "interviewer"

    CHOICES = (
        (WEB, _("Qua đường dẫn"), "blue"),
        (INTERVIEWER, _("Điều tra viên nhập"), "purple"),
    )


class OverallRule(ChoiceSet):
    """How the overall index is made from the elements (a template setting)."""

    MEAN_OF_ELEMENTS = sipas.MEAN_OF_ELEMENTS
    ALL_ELEMENTS = sipas.ALL_ELEMENTS

    CHOICES = (
        (MEAN_OF_ELEMENTS, _("Trung bình chỉ số các yếu tố"), "blue"),
        (ALL_ELEMENTS, _("Tỷ lệ người hài lòng với mọi yếu tố"), "blue"),
    )


class Aspect(ChoiceSet):
    PERCEPTION = sipas.PERCEPTION
    SATISFACTION = sipas.SATISFACTION
    EXPECTATION = sipas.EXPECTATION

    CHOICES = (
        (PERCEPTION, _("Nhận định"), "blue"),
        (SATISFACTION, _("Mức độ hài lòng"), "green"),
        (EXPECTATION, _("Mong đợi"), "orange"),
    )
