"""The procedure catalogue (danh mục thủ tục hành chính)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import connections, models
from django.db.models import Case, Exists, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Concat, Length
from django.utils.translation import gettext_lazy as _

from motcua.core.querysets import RestrictedQuerySet
from motcua.core.text import fold
from motcua.org.models import Unit
from motcua.procedures.choices import (
    CopyKind,
    FeeKind,
    Level,
    OnlineLevel,
    StepRole,
    TimeUnit,
)


class Field(models.Model):
    """Lĩnh vực: the sector a procedure belongs to."""

    code = models.CharField(_("mã lĩnh vực"), max_length=20, unique=True)
    name = models.CharField(_("tên lĩnh vực"), max_length=255)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def _padded_has(words: str) -> Q:
    """The folded name holds ``words`` as whole words (the annotation ``_padded`` is the
    name between two spaces)."""
    return Q(_padded__contains=f" {words} ")


class ProcedureQuerySet(RestrictedQuerySet["Procedure"]):
    def search(self, text: str) -> ProcedureQuerySet:
        """The procedures whose name (folded: without diacritics, any case) holds at least
        one word of ``text``, or whose code does, best match first: the whole phrase,
        then every word, then some words (more words first); within a rank the database's
        own text-search rank on PostgreSQL (``ts_rank`` over the folded name), then the
        shorter name, then the code. "ket hon" puts "Thủ tục đăng ký kết hôn" before
        "Đăng ký kết hôn có yếu tố nước ngoài" and both before a name holding only "kết"
        ("Thủ tục kết luận ...") or only "hôn". Plain ``LIKE`` on the ASCII column ranks the
        same on SQLite and PostgreSQL; the portal page and ``GET /api/v1/procedures?q=``
        both order by it. An empty ``text`` filters nothing and orders by code."""
        words = list(dict.fromkeys(fold(text).split()))
        if not words:
            return self.order_by("code")
        phrase = " ".join(words)
        any_word = Q()
        for word in words:
            any_word |= Q(search_text__contains=word) | Q(code__icontains=word)
        matched = sum(
            (Case(When(_padded_has(word), then=1), default=0) for word in words),
            Value(0),
        )
        qs = self.annotate(_padded=Concat(Value(" "), "search_text", Value(" "))).filter(any_word)
        qs = qs.annotate(
            _phrase=Case(When(_padded_has(phrase), then=1), default=0),
            _words=matched,
            _code=Case(When(code__iexact=phrase, then=1), default=0),
            _length=Length("search_text"),
        )
        order: list[Any] = ["-_code", "-_phrase", "-_words"]
        if connections[self.db].vendor == "postgresql":
            from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

            query = SearchQuery(" | ".join(words), config="simple", search_type="raw")
            qs = qs.annotate(_rank=SearchRank(SearchVector("search_text", config="simple"), query))
            order.append("-_rank")
        return qs.order_by(*order, "_length", "code")

    def for_intake(self, unit: Unit) -> ProcedureQuerySet:
        """With what an intake into ``unit`` reads of a procedure, in the same query:
        ``offered_here`` (``unit`` settles it) and ``fee_total`` (its fixed fees, read by
        ``total_fee``), so the intake does not ask for them one by one."""
        fees = (
            Fee.objects.filter(procedure=OuterRef("pk"))
            .values("procedure")
            .annotate(total=Sum("amount"))
            .values("total")
        )
        offered = Procedure.units.through.objects.filter(
            procedure_id=OuterRef("pk"), unit_id=unit.pk
        )
        return self.annotate(offered_here=Exists(offered), fee_total=Subquery(fees))

    def at_level(self, level: str) -> ProcedureQuerySet:
        return self.filter(levels__level=level).distinct()


class Procedure(models.Model):
    """Thủ tục hành chính: a service defined by law, with its code in the national database
    (Cơ sở dữ liệu quốc gia về TTHC, Nghị định 63/2010/NĐ-CP as amended)."""

    code = models.CharField(_("mã thủ tục"), max_length=40, unique=True)
    name = models.CharField(_("tên thủ tục"), max_length=500)
    field = models.ForeignKey(
        Field, on_delete=models.PROTECT, related_name="procedures", verbose_name=_("lĩnh vực")
    )
    time_limit = models.PositiveIntegerField(_("thời hạn giải quyết"))
    time_unit = models.CharField(_("đơn vị thời hạn"), max_length=20, choices=TimeUnit.choices())
    online_level = models.CharField(
        _("mức độ trực tuyến"), max_length=20, choices=OnlineLevel.choices()
    )
    inter_agency = models.BooleanField(_("liên thông"), default=False)
    result = models.CharField(_("kết quả thực hiện"), max_length=500, blank=True)
    legal_basis = models.TextField(_("căn cứ pháp lý"), blank=True)
    units = models.ManyToManyField(
        Unit, verbose_name=_("cơ quan thực hiện"), blank=True, related_name="procedures"
    )
    is_active = models.BooleanField(_("đang áp dụng"), default=True)
    updated_at = models.DateTimeField(auto_now=True)
    # fold(name): lowercase, without diacritics; kept by save() and the catalogue import.
    search_text = models.CharField(max_length=500, blank=True, editable=False, default="")

    objects = ProcedureQuerySet.as_manager()

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        ordering = ["field__name", "name"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = fold(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    @property
    def level_codes(self) -> list[str]:
        return sorted(level.level for level in self.levels.all())

    @property
    def time_limit_label(self) -> str:
        return f"{self.time_limit} {TimeUnit.label(self.time_unit)}"

    @property
    def total_fee(self) -> int:
        if "fee_total" in self.__dict__:  # read with the procedure (for_intake)
            return int(self.__dict__["fee_total"] or 0)
        return sum((fee.amount or 0) for fee in self.fees.all())

    @classmethod
    def restrict_queryset(cls, qs: ProcedureQuerySet, user: Any, action: str) -> ProcedureQuerySet:
        """The catalogue is public (Nghị định 63/2010 Điều 15: procedures are published);
        changing it is for superusers and administrators."""
        if action == "view" or cls.can_change_catalogue(user):
            return qs
        return qs.none()

    @staticmethod
    def can_change_catalogue(user: Any) -> bool:
        if not getattr(user, "is_authenticated", False):
            return False
        return bool(user.is_superuser or user.has_role("admin"))


class ProcedureLevel(models.Model):
    """Cấp thực hiện của thủ tục (one row per level)."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="levels")
    level = models.CharField(_("cấp thực hiện"), max_length=20, choices=Level.choices())

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["procedure", "level"], name="procedure_level_unique")
        ]

    def __str__(self) -> str:
        return Level.label(self.level)


class Fee(models.Model):
    """Phí, lệ phí của thủ tục: an amount in VND, or a rule in words when the amount depends
    on the case (per page, per square metre...)."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="fees")
    order = models.PositiveSmallIntegerField(default=1)
    kind = models.CharField(_("loại"), max_length=10, choices=FeeKind.choices())
    amount = models.PositiveBigIntegerField(_("mức thu (đồng)"), null=True, blank=True)
    description = models.CharField(_("mô tả"), max_length=500, blank=True)
    exemption = models.CharField(_("đối tượng miễn, giảm"), max_length=500, blank=True)

    class Meta:
        ordering = ["procedure_id", "order"]

    def __str__(self) -> str:
        return f"{FeeKind.label(self.kind)}: {self.amount if self.amount is not None else '—'}"


class RequiredDocument(models.Model):
    """Thành phần hồ sơ."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="documents")
    order = models.PositiveSmallIntegerField(default=1)
    name = models.CharField(_("tên giấy tờ"), max_length=500)
    copy_kind = models.CharField(_("loại bản"), max_length=20, choices=CopyKind.choices())
    quantity = models.PositiveSmallIntegerField(_("số lượng"), default=1)
    mandatory = models.BooleanField(_("bắt buộc"), default=True)

    class Meta:
        ordering = ["procedure_id", "order"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_form(self) -> bool:
        """A form the applicant fills in (mẫu đơn, tờ khai): its name starts with "Tờ
        khai", "Đơn" or "Mẫu"."""
        words = fold(self.name).split()
        return words[:2] == ["to", "khai"] or words[:1] in (["don"], ["mau"])


class ProcessingStep(models.Model):
    """Bước xử lý trong quy trình nội bộ: each with a role, the unit that performs it (the
    settling unit itself when empty; another unit makes it an inter-agency step) and a time
    budget in the procedure's time unit. The budgets sum to the legal limit
    (Nghị định 61/2018 Điều 14 / Nghị định 118/2025: internal procedures are published with
    the time of each step)."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(default=1)
    name = models.CharField(_("tên bước"), max_length=255)
    role = models.CharField(_("vai trò thực hiện"), max_length=20, choices=StepRole.choices())
    unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("đơn vị thực hiện"),
    )
    budget = models.DecimalField(
        _("thời gian"), max_digits=6, decimal_places=2, default=Decimal("0")
    )

    class Meta:
        ordering = ["procedure_id", "order"]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"
