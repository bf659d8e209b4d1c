"""Per-dossier ratings (đánh giá việc giải quyết hồ sơ) by the applicant, and the SIPAS
surveys: templates, surveys, their sampled respondents and answers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.surveys import sipas
from motcua.surveys.choices import AnswerChannel, Aspect, OverallRule, SourceStatus, SurveyState
from motcua.surveys.criteria import (
    ATTITUDE,
    CONTACTS,
    CRITERIA,
    LAWFUL_RESULT,
    OVERALL,
    PUBLICITY,
    TIMELINESS,
    Criterion,
)


def _score_field(criterion: Criterion) -> models.PositiveSmallIntegerField:  # type: ignore[type-arg]
    return models.PositiveSmallIntegerField(criterion.label, choices=criterion.choices())


def _in_levels(criterion: Criterion) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{criterion.field}__in": sorted(criterion.points())}),
        name=f"dossier_rating_{criterion.field}_level",
    )


class DossierRating(models.Model):
    """Đánh giá của người nộp về việc giải quyết một hồ sơ: once per dossier, after the
    result was delivered; one column per criterion holding the points of the chosen level
    (``motcua.surveys.criteria``)."""

    dossier = models.OneToOneField(
        "dossiers.Dossier",
        on_delete=models.PROTECT,
        related_name="rating",
        verbose_name=_("hồ sơ"),
    )
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người đánh giá"),
    )
    created_at = models.DateTimeField(_("thời điểm đánh giá"), default=timezone.now, db_index=True)
    publicity = _score_field(PUBLICITY)
    timeliness = _score_field(TIMELINESS)
    contacts = _score_field(CONTACTS)
    attitude = _score_field(ATTITUDE)
    lawful_result = _score_field(LAWFUL_RESULT)
    overall = _score_field(OVERALL)
    comment = models.TextField(_("ý kiến khác"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("đánh giá giải quyết hồ sơ")
        verbose_name_plural = _("đánh giá giải quyết hồ sơ")
        ordering = ["-created_at", "-id"]
        constraints = [_in_levels(c) for c in CRITERIA]

    def __str__(self) -> str:
        return f"{self.dossier_id} — {OVERALL.label_of(self.overall)}"


# -- SIPAS -----------------------------------------------------------------------------------


class SurveyTemplate(models.Model):
    """Mẫu phiếu khảo sát SIPAS of a year (highest version wins), loaded from a template
    file (``motcua.surveys.templatefile``). What the method fixes and what is only data —
    the elements, the scale labels, the levels counted as satisfied and the overall rule —
    is all here, with how far it was checked (``source_status``)."""

    year = models.PositiveSmallIntegerField(_("năm áp dụng"))
    version = models.PositiveSmallIntegerField(_("phiên bản"), default=1)
    name = models.CharField(_("tên mẫu phiếu"), max_length=300)
    source = models.CharField(_("căn cứ"), max_length=500, blank=True)
    source_status = models.CharField(
        _("mức độ đối chiếu"), max_length=20, choices=SourceStatus.choices()
    )
    source_note = models.TextField(_("ghi chú về căn cứ"), blank=True)
    satisfied_levels = models.JSONField(_("mức được tính là hài lòng"), default=list)
    overall_rule = models.CharField(
        _("cách tính chỉ số chung"), max_length=30, choices=OverallRule.choices()
    )
    # aspect → the five labels of its scale, level 1 first.
    scales = models.JSONField(_("thang đo"), default=dict)
    file_name = models.CharField(max_length=255, blank=True)
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("mẫu phiếu SIPAS")
        verbose_name_plural = _("mẫu phiếu SIPAS")
        ordering = ["-year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["year", "version"], name="survey_template_version")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year}, v{self.version})"

    def element_keys(self) -> list[str]:
        return [e.key for e in self.elements.all()]

    def satisfied(self) -> frozenset[int]:
        return frozenset(int(v) for v in self.satisfied_levels)

    def scale(self, aspect: str) -> list[tuple[int, str]]:
        labels = self.scales.get(aspect) or [str(level) for level in sipas.SCALE]
        return list(zip(sipas.SCALE, labels, strict=True))


class TemplateElement(models.Model):
    """Yếu tố: one element of a template and its three questions."""

    template = models.ForeignKey(SurveyTemplate, on_delete=models.CASCADE, related_name="elements")
    key = models.SlugField(_("mã yếu tố"), max_length=40)
    position = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(_("yếu tố"), max_length=300)
    perception = models.TextField(_("câu hỏi nhận định"))
    satisfaction = models.TextField(_("câu hỏi mức độ hài lòng"))
    expectation = models.TextField(_("câu hỏi mong đợi"))

    class Meta:
        verbose_name = _("yếu tố khảo sát")
        verbose_name_plural = _("yếu tố khảo sát")
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(fields=["template", "key"], name="template_element_once")
        ]

    def __str__(self) -> str:
        return self.label

    def question(self, aspect: str) -> str:
        return str(getattr(self, aspect))


class Survey(models.Model):
    """Đợt khảo sát SIPAS of a unit's subtree for a year: a sample of ``sample_size``
    delivered dossiers drawn with ``seed`` (the same seed gives the same sample)."""

    template = models.ForeignKey(SurveyTemplate, on_delete=models.PROTECT, related_name="surveys")
    year = models.PositiveSmallIntegerField(_("năm"), db_index=True)
    name = models.CharField(_("tên đợt khảo sát"), max_length=300)
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("phạm vi")
    )
    frame_start = models.DateField(_("trả kết quả từ ngày"))
    frame_end = models.DateField(_("đến ngày"))
    sample_size = models.PositiveIntegerField(_("cỡ mẫu"))
    seed = models.PositiveBigIntegerField(_("hạt giống chọn mẫu"))
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=SurveyState.choices(), default=SurveyState.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    sampled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("đợt khảo sát SIPAS")
        verbose_name_plural = _("đợt khảo sát SIPAS")
        ordering = ["-year", "-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class Respondent(models.Model):
    """Người được khảo sát: one sampled dossier's applicant, their stratum, the one-use
    link token and, once answered, how and when."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="respondents")
    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="+", verbose_name=_("hồ sơ")
    )
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị")
    )
    field = models.ForeignKey(
        "procedures.Field",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("lĩnh vực"),
    )
    token = models.CharField(max_length=64, null=True, blank=True, unique=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(_("thời điểm trả lời"), null=True, blank=True)
    channel = models.CharField(max_length=20, choices=AnswerChannel.choices(), blank=True)
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.TextField(_("ý kiến khác"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("người được khảo sát")
        verbose_name_plural = _("người được khảo sát")
        ordering = ["survey", "id"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "dossier"], name="respondent_once")
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}: {self.dossier_id}"


class Answer(models.Model):
    """One answer: an element, an aspect, a level 1–5."""

    respondent = models.ForeignKey(Respondent, on_delete=models.CASCADE, related_name="answers")
    element = models.SlugField(max_length=40)
    aspect = models.CharField(max_length=20, choices=Aspect.choices())
    value = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["respondent", "element", "aspect"], name="answer_once"),
            models.CheckConstraint(
                condition=Q(value__gte=1) & Q(value__lte=5), name="answer_level_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.element}.{self.aspect}={self.value}"
