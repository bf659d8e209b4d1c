from django.utils.translation import gettext_lazy as _

from motcua.core.choices import ChoiceSet


class DirectiveKind(ChoiceSet):
    """Loại văn bản giao nhiệm vụ (seeds 000, 003, 004)."""

    DIRECTIVE = "directive"
    PLAN = "plan"
    CONCLUSION = "conclusion"
    REMEDIATION = "remediation"

    CHOICES = (
        (DIRECTIVE, _("Chỉ thị"), "red"),
        (PLAN, _("Kế hoạch"), "blue"),
        (CONCLUSION, _("Thông báo kết luận"), "purple"),
        (REMEDIATION, _("Kế hoạch khắc phục"), "orange"),
    )


class TaskStatus(ChoiceSet):
    """Tình trạng nhiệm vụ được giao."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"

    CHOICES = (
        (OPEN, _("Chưa thực hiện"), "secondary"),
        (IN_PROGRESS, _("Đang thực hiện"), "blue"),
        (DONE, _("Hoàn thành"), "green"),
        (CANCELLED, _("Đã hủy"), "dark"),
    )
    UNFINISHED = (OPEN, IN_PROGRESS)


class TaskState(ChoiceSet):
    """Tình trạng so với hạn (tính theo ngày, không lưu): the ``state`` of the task API."""

    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    OPEN = "open"
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    CANCELLED = "cancelled"

    CHOICES = (
        (OVERDUE, _("Quá hạn"), "red"),
        (DUE_SOON, _("Sắp đến hạn"), "orange"),
        (OPEN, _("Trong hạn"), "blue"),
        (DONE_ON_TIME, _("Hoàn thành đúng hạn"), "green"),
        (DONE_LATE, _("Hoàn thành quá hạn"), "yellow"),
        (CANCELLED, _("Đã hủy"), "dark"),
    )


class ExtensionState(ChoiceSet):
    """Đề nghị gia hạn."""

    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"

    CHOICES = (
        (PENDING, _("Chờ cho ý kiến"), "orange"),
        (APPROVED, _("Đồng ý gia hạn"), "green"),
        (REFUSED, _("Không đồng ý"), "red"),
    )


class FindingState(ChoiceSet):
    """Tồn tại, hạn chế phát hiện qua kiểm tra."""

    OPEN = "open"
    CLOSED = "closed"

    CHOICES = (
        (OPEN, _("Chưa khắc phục xong"), "red"),
        (CLOSED, _("Đã khắc phục"), "green"),
    )


class InitiativeState(ChoiceSet):
    """Sáng kiến, giải pháp CCHC."""

    REGISTERED = "registered"
    EVALUATED = "evaluated"
    RECOGNISED = "recognised"
    REJECTED = "rejected"

    CHOICES = (
        (REGISTERED, _("Đã đăng ký"), "blue"),
        (EVALUATED, _("Đã đánh giá"), "purple"),
        (RECOGNISED, _("Được công nhận"), "green"),
        (REJECTED, _("Không được công nhận"), "secondary"),
    )
