"""Dossiers (hồ sơ TTHC), their processing steps and their append-only history."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.core import inputs
from motcua.core.querysets import RestrictedQuerySet
from motcua.core.text import fold
from motcua.dossiers.choices import (
    Channel,
    DeliveryMethod,
    DigitisationState,
    DossierState,
    FormKind,
    OnlinePayment,
)
from motcua.dossiers.lookupkey import new_lookup_key
from motcua.org.choices import Role
from motcua.org.models import Unit, memberships_of
from motcua.procedures.models import Procedure


def result_upload_to(instance: Dossier, filename: str) -> str:
    """Results go into the dossier's own folder (see ``dossier_folder``)."""
    import os

    return f"dossiers/{instance.code}/results/{os.path.basename(filename)}"


# States of the partial indexes (the queues' sets, motcua.dossiers.selectors).
PAUSED = frozenset({DossierState.SUPPLEMENT_REQUESTED, DossierState.AWAITING_PAYMENT})
RESULTS = frozenset({DossierState.PROCESSED, DossierState.REFUSED})
PIPELINE = DossierState.OPEN | RESULTS


class DossierQuerySet(RestrictedQuerySet["Dossier"]):
    def open(self) -> DossierQuerySet:
        return self.filter(state__in=DossierState.OPEN)

    @staticmethod
    def _scope(user: Any) -> Q:
        """Dossiers a staff member may see: those of the units they belong to (received or
        settled there), those whose current step their unit holds (inter-agency: only
        while it holds it), and, for monitors/administrators, those of their subtree."""
        memberships = memberships_of(user)
        own_ids = [m.unit_id for m in memberships]
        # "Its current step is held by my unit" as a list of step ids (the started,
        # unfinished steps of my units: what a current step is), so that every arm of the
        # "or" is an index scan of the dossier table; a join to the steps here made every
        # list scan the whole history (docs/performance.md).
        held = (
            list(
                DossierStep.objects.filter(
                    unit_id__in=own_ids, finished_at__isnull=True, started_at__isnull=False
                )
                .order_by()  # ids only: no sort (thousands of steps for a department)
                .values_list("pk", flat=True)
            )
            if own_ids
            else []
        )
        condition = (
            Q(responsible_unit_id__in=own_ids)
            | Q(receiving_unit_id__in=own_ids)
            | Q(current_step_id__in=held)
        )
        for m in memberships:
            if m.role in Role.SUBTREE_ROLES:
                condition |= Q(responsible_unit__path__startswith=m.unit.path)
        return condition

    def restrict(self, user: Any, action: str = "view") -> DossierQuerySet:
        if action == "public":
            # The public lookup by code (the receipt's QR code): every dossier, for the
            # caller to show its public facts only — never personal data.
            return self
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self
        staff_scope = self._scope(user)
        if action == "view":
            # A citizen sees only the dossiers they filed (issue 4 links them).
            return self.filter(staff_scope | Q(applicant=user))
        return self.filter(staff_scope)


class Dossier(models.Model):
    """Hồ sơ thủ tục hành chính: one application for one procedure by one applicant."""

    code = models.CharField(_("mã hồ sơ"), max_length=40, unique=True)
    # Mã tra cứu: the secret printed on the receipt and carried in its QR code; the public
    # lookup needs it with the code (motcua.dossiers.lookupkey).
    lookup_key = models.CharField(_("mã tra cứu"), max_length=6, default=new_lookup_key)
    procedure = models.ForeignKey(
        Procedure, on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("thủ tục")
    )
    # Where the dossier was received: never changes, so history shows it after a merge.
    receiving_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("nơi tiếp nhận")
    )
    # The unit answerable for settling it; moves to the successor when units merge.
    responsible_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("đơn vị giải quyết")
    )
    channel = models.CharField(_("hình thức nộp"), max_length=20, choices=Channel.choices())
    state = models.CharField(
        _("trạng thái"), max_length=30, choices=DossierState.choices(), db_index=True
    )
    # Compare-and-set token: every transition bumps it; two officers cannot both win.
    version = models.PositiveIntegerField(default=0)

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dossiers",
        verbose_name=_("tài khoản người nộp"),
    )
    # The lengths are the API's and the forms' (motcua/core/inputs.py).
    applicant_name = models.CharField(_("họ tên người nộp"), max_length=inputs.NAME_MAX)
    # The name folded (core.text.fold: lower case, no diacritics), kept by save(): the
    # applicant search matches "nguyen van binh" and "Nguyễn Văn Bình" alike.
    applicant_folded = models.CharField(
        max_length=inputs.NAME_MAX, blank=True, db_index=True, editable=False
    )
    applicant_id_number = models.CharField(
        _("số định danh / CCCD"), max_length=inputs.ID_NUMBER_MAX, blank=True
    )
    applicant_phone = models.CharField(_("điện thoại"), max_length=inputs.PHONE_MAX, blank=True)
    applicant_email = models.EmailField(_("thư điện tử"), blank=True)
    applicant_address = models.CharField(_("địa chỉ"), max_length=inputs.ADDRESS_MAX, blank=True)
    sets = models.PositiveSmallIntegerField(_("số bộ hồ sơ"), default=1)
    note = models.TextField(_("ghi chú"), blank=True)
    # The online submission that created it (the portal's draft key): submitting the same
    # form twice, or twenty times at once, finds this dossier instead of making another.
    submission_key = models.CharField(max_length=40, null=True, blank=True, unique=True)

    submitted_at = models.DateTimeField(_("thời điểm nộp"), default=timezone.now)
    received_at = models.DateTimeField(_("thời điểm tiếp nhận"), null=True, blank=True)
    due_at = models.DateTimeField(_("hạn trả kết quả"), null=True, blank=True, db_index=True)
    # The due time before any apology: lateness is judged against it.
    legal_due_at = models.DateTimeField(_("hạn theo quy định"), null=True, blank=True)
    paused_since = models.DateTimeField(null=True, blank=True)
    supplement_count = models.PositiveSmallIntegerField(default=0)
    apology_count = models.PositiveSmallIntegerField(default=0)
    # Sticky: a dossier that was late stays late in the statistics (QĐ 766/QĐ-TTg).
    is_late = models.BooleanField(_("trễ hạn"), default=False, db_index=True)
    fee_amount = models.PositiveBigIntegerField(_("phí, lệ phí phải nộp"), default=0)
    paid_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(_("thời điểm có kết quả"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("thời điểm trả kết quả"), null=True, blank=True)
    delivery_method = models.CharField(
        _("hình thức trả"), max_length=20, blank=True, choices=DeliveryMethod.choices()
    )
    result_summary = models.CharField(_("kết quả"), max_length=500, blank=True)
    result_file = models.FileField(
        _("tệp kết quả"), upload_to=result_upload_to, blank=True, max_length=300
    )
    # Indexed only where set (``dossier_current_step``): closed dossiers have none.
    current_step = models.ForeignKey(
        "DossierStep",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )

    # Facts the indicators count (QĐ 766/QĐ-TTg, LAW.md §3), kept on the dossier so that a
    # dossier imported in the national vocabulary and one handled here count alike. Each is
    # written by the action that changes it (digitising, reusing, signing, paying) and by
    # the national-format import; nothing else writes them.
    digitisation = models.CharField(
        _("số hóa thành phần hồ sơ"),
        max_length=10,
        choices=DigitisationState.choices(),
        default=DigitisationState.NONE,
    )
    # HoSoCoThanhPhanSoHoa: at least one document reused already-digitised data (766 4.3).
    reuses_digitised_data = models.BooleanField(_("có tái sử dụng dữ liệu số hóa"), default=False)
    # DuocLayTuKhoDMQG on any document: taken from the citizen's document store (766 4.4).
    national_store_linked = models.BooleanField(_("lấy từ kho dữ liệu"), default=False)
    # DanhSachGiayToKetQua non-empty: an electronic result exists (766 4.1).
    electronic_result = models.BooleanField(_("có kết quả điện tử"), default=False)
    # DuocThanhToanTrucTuyen: 0 no, 1 on the national portal, 2 on the provincial gateway.
    paid_online = models.CharField(
        _("thanh toán trực tuyến"),
        max_length=1,
        choices=OnlinePayment.choices(),
        default=OnlinePayment.NO,
    )

    objects = DossierQuerySet.as_manager()

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        ordering = ["-submitted_at", "-id"]
        # The indexes the pages are shaped for at millions of dossiers (docs/performance.md):
        # the partial ones hold only the few dossiers still in the pipeline, so a queue
        # reads its own rows whatever the size of the history.
        indexes = [
            models.Index(fields=["state", "due_at"]),
            models.Index(fields=["submitted_at", "id"], name="dossier_submitted"),
            models.Index(
                fields=["receiving_unit", "received_at"], name="dossier_register_receiving"
            ),
            models.Index(
                fields=["responsible_unit", "received_at"], name="dossier_register_responsible"
            ),
            models.Index(
                fields=["current_step"],
                condition=Q(current_step__isnull=False),
                name="dossier_current_step",
            ),
            models.Index(
                fields=["receiving_unit", "submitted_at"],
                condition=Q(state=DossierState.NEW),
                name="dossier_online_queue",
            ),
            models.Index(
                fields=["receiving_unit", "paused_since"],
                condition=Q(state__in=sorted(PAUSED)),
                name="dossier_waiting_queue",
            ),
            models.Index(
                fields=["receiving_unit", "completed_at"],
                condition=Q(state__in=sorted(RESULTS)),
                name="dossier_results_queue",
            ),
            models.Index(
                fields=["responsible_unit", "due_at"],
                condition=Q(state__in=sorted(PIPELINE)),
                name="dossier_pipeline_unit_due",
            ),
            models.Index(
                fields=["due_at"],
                condition=Q(state__in=sorted(DossierState.OPEN), paused_since__isnull=True),
                name="dossier_running_due",
            ),
            models.Index(
                fields=["responsible_unit"],
                condition=Q(is_late=True, state__in=sorted(PIPELINE)),
                name="dossier_late_pipeline",
            ),
            models.Index(
                fields=["applicant_id_number"],
                name="dossier_id_number_prefix",
                opclasses=["varchar_pattern_ops"],
            ),
            models.Index(
                fields=["applicant_phone"],
                name="dossier_phone_prefix",
                opclasses=["varchar_pattern_ops"],
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.applicant_folded = fold(self.applicant_name)
        fields = kwargs.get("update_fields")
        if fields is not None and "applicant_name" in fields:
            kwargs["update_fields"] = {*fields, "applicant_folded"}
        super().save(*args, **kwargs)

    @property
    def lookup_path(self) -> str:
        """The public lookup page of this dossier, with its secret (what the QR encodes)."""
        return f"/lookup/{quote(self.code, safe='')}/?key={self.lookup_key}"

    @property
    def national_state(self) -> int:
        return DossierState.NATIONAL_CODE[self.state]

    @property
    def is_open(self) -> bool:
        return self.state in DossierState.OPEN

    def fee_still_due(self) -> bool:
        """A result cannot be handed back while a fee is due: an amount is set (at intake
        from the procedure's fees, or when the agency asked for the financial obligation)
        and no payment was recorded (``paid_at``: at the desk or through the gateway). A
        written refusal is handed back whatever the fees."""
        return self.state == DossierState.PROCESSED and self.fee_amount > 0 and self.paid_at is None

    def is_overdue(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return bool(
            self.is_open and self.due_at and self.paused_since is None and now > self.due_at
        )


class DossierStep(models.Model):
    """Bước xử lý của một hồ sơ, copied from the procedure at reception: who holds it, from
    when, its own due time (its time budget on its unit's calendar) and whether it finished
    on time."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField()
    name = models.CharField(_("tên bước"), max_length=255)
    role = models.CharField(_("vai trò"), max_length=20)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị thực hiện")
    )
    budget_hours = models.DecimalField(
        _("thời gian (giờ làm việc)"), max_digits=8, decimal_places=2
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    on_time = models.BooleanField(null=True)

    class Meta:
        # By the column, not by "dossier": ordering by the foreign key means the dossier's own
        # order (newest first), which joined every read of steps to the dossier table and
        # sorted by it — a dossier row per step, even for one dossier's own steps.
        ordering = ["dossier_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "order"], name="dossier_step_order_unique")
        ]
        # The steps not finished yet (current and coming ones): "at my step" per unit and role.
        indexes = [
            models.Index(
                fields=["unit", "role"],
                condition=Q(finished_at__isnull=True),
                name="step_unfinished_unit_role",
            )
        ]

    def __str__(self) -> str:
        return f"{self.dossier.code} #{self.order} {self.name}"


def dossier_folder(dossier: Dossier) -> str:
    """The storage folder of one dossier's files: a record never points into another
    dossier's folder (files are content-addressed inside it, motcua.integrations.storage)."""
    return f"dossiers/{dossier.code}"


def document_upload_to(instance: DossierDocument, filename: str) -> str:
    import os

    extension = os.path.splitext(filename)[1].lower()[:10]
    stem = instance.sha256 or os.path.splitext(os.path.basename(filename))[0]
    return f"{dossier_folder(instance.dossier)}/{stem}{extension}"


class DossierDocument(models.Model):
    """Thành phần hồ sơ đã nộp: a file uploaded online, scanned at the desk, or reused from
    what the applicant already has in the system (an earlier digitised document or an
    electronic result: the applicant is not asked twice, Nghị định 45/2020/NĐ-CP Điều 9,
    Nghị định 107/2021/NĐ-CP on digitisation)."""

    SOURCE_UPLOAD = "upload"
    SOURCE_SCAN = "scan"
    SOURCE_REUSE = "reuse"

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="documents")
    required_document = models.ForeignKey(
        "procedures.RequiredDocument",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField(_("tên giấy tờ"), max_length=500)
    copy_kind = models.CharField(_("loại bản"), max_length=20, blank=True)
    file = models.FileField(_("tệp"), upload_to=document_upload_to, max_length=300)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    source = models.CharField(max_length=10, default=SOURCE_UPLOAD)
    reused_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    # Số hóa (TaiLieuNop.DuocSoHoa): scanned or uploaded and checked, by whom and when; the
    # page count of a scan assembled from page images equals the images given.
    page_count = models.PositiveSmallIntegerField(_("số trang"), null=True, blank=True)
    digitised_at = models.DateTimeField(_("thời điểm số hóa"), null=True, blank=True)
    digitised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người số hóa"),
    )
    # TaiLieuNop.DuocLayTuKhoDMQG: taken from the owner's document store (the wallet).
    from_national_store = models.BooleanField(_("lấy từ kho dữ liệu"), default=False)

    class Meta:
        ordering = ["dossier_id", "id"]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.name}"


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("history rows are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("history rows are append-only")


class AppendOnly(models.Model):
    """Rows written once and never changed: no update or delete path, not even the admin."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("history rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("history rows are append-only")


class DossierEvent(AppendOnly):
    """Lịch sử xử lý: one row per transition. Hand-overs carry the steps, the step's due
    time and whether it was on time: they are the rows of the processing control sheet
    (Mẫu 05)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(max_length=30)
    from_state = models.CharField(max_length=30, blank=True)
    to_state = models.CharField(max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)
    from_step = models.ForeignKey(
        DossierStep, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_step = models.ForeignKey(
        DossierStep, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    step_due_at = models.DateTimeField(null=True, blank=True)
    on_time = models.BooleanField(null=True)
    data = models.JSONField(default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


class IssuedForm(AppendOnly):
    """Biểu mẫu đã phát hành: a snapshot of what the form says, so that a reprint months
    later shows the same dates and reasons."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="forms")
    kind = models.CharField(max_length=20, choices=FormKind.choices())
    issued_at = models.DateTimeField(default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    data = models.JSONField(default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["issued_at", "id"]

    def __str__(self) -> str:
        return f"{FormKind.label(self.kind)} — {self.dossier_id}"


class SupplementRequest(models.Model):
    """Yêu cầu bổ sung: allowed once (Nghị định 118/2025/NĐ-CP Điều 11); the clock stops
    from ``requested_at`` until ``answered_at``."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.PROTECT, related_name="supplement_requests"
    )
    requested_at = models.DateTimeField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField()
    forced = models.BooleanField(default=False)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at"]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.requested_at:%Y-%m-%d}"


class ClockPause(models.Model):
    """A stretch of time not charged to the agency: waiting for the applicant's supplement
    (Nghị định 118/2025/NĐ-CP Điều 11) or for the financial obligation to be fulfilled
    (e.g. Nghị định 43/2014/NĐ-CP Điều 61 for land: that time is not counted)."""

    REASON_SUPPLEMENT = "supplement"
    REASON_PAYMENT = "payment"

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="pauses")
    reason = models.CharField(max_length=20)
    start = models.DateTimeField()
    end = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["start"]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.reason} {self.start:%Y-%m-%d %H:%M}"


class DailySequence(models.Model):
    """Số thứ tự hồ sơ trong ngày của một đơn vị: incremented inside the receiving
    transaction, so a rolled-back intake leaves no gap and two intakes never share a
    number."""

    unit_code = models.CharField(max_length=20)
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit_code", "day"], name="daily_sequence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit_code} {self.day} {self.last}"


class DeadlineWarning(models.Model):
    """A warning sent once: the unique key makes the deadline sweep idempotent."""

    KIND_STEP_DUE_SOON = "step_due_soon"
    KIND_STEP_OVERDUE = "step_overdue"
    KIND_DOSSIER_OVERDUE = "dossier_overdue"
    KIND_APOLOGY_NEEDED = "apology_needed"

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="warnings")
    step = models.ForeignKey(DossierStep, null=True, blank=True, on_delete=models.CASCADE)
    kind = models.CharField(max_length=30)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "step", "kind"], name="deadline_warning_once"
            ),
            models.UniqueConstraint(
                fields=["dossier", "kind"],
                condition=Q(step__isnull=True),
                name="deadline_warning_once_dossier",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.kind}"


class Notification(models.Model):
    """Thông báo trong hệ thống cho một cán bộ (also sent by e-mail when it has one)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    dossier = models.ForeignKey(Dossier, null=True, blank=True, on_delete=models.CASCADE)
    message = models.CharField(max_length=500)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.message


class RegisterExport(models.Model):
    """Xuất toàn bộ sổ theo dõi hồ sơ: the register of one unit and period written as XLSX
    by a background task (``motcua.dossiers.exports``), with its progress for the page that
    waits for it and the file to download when done."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    STATUSES = (
        (QUEUED, _("Đang chờ")),
        (RUNNING, _("Đang xuất")),
        (DONE, _("Đã xong")),
        (FAILED, _("Lỗi")),
    )

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    start = models.DateField()
    end = models.DateField()
    status = models.CharField(max_length=10, choices=STATUSES, default=QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    file = models.FileField(upload_to="exports/", blank=True, max_length=300)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.start}–{self.end} {self.status}"

    @property
    def percent(self) -> int:
        if self.status == self.DONE:
            return 100
        if not self.total:
            return 0
        return min(99, self.done * 100 // self.total)
