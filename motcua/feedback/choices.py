"""Status values and vocabularies of feedback (phản ánh, kiến nghị — PAKN), Nghị định
20/2008/NĐ-CP as amended by 48/2013/NĐ-CP."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from motcua.core.choices import ChoiceSet


class FeedbackState(ChoiceSet):
    """Trạng thái xử lý phản ánh, kiến nghị."""

    RECEIVED = "received"
    NOT_ACCEPTED = "not_accepted"
    ROUTED = "routed"
    FORWARDED = "forwarded"
    ACCEPTED = "accepted"
    WAITING_SENDER = "waiting_sender"
    ANSWERED = "answered"
    PUBLISHED = "published"
    CLOSED = "closed"

    CHOICES = (
        (RECEIVED, _("Mới tiếp nhận, chờ phân loại"), "blue"),
        (NOT_ACCEPTED, _("Không tiếp nhận xử lý"), "secondary"),
        (ROUTED, _("Khiếu nại, tố cáo: hướng dẫn theo luật riêng"), "purple"),
        (FORWARDED, _("Đã chuyển cơ quan có thẩm quyền"), "cyan"),
        (ACCEPTED, _("Đang xử lý"), "orange"),
        (WAITING_SENDER, _("Chờ người gửi bổ sung thông tin"), "yellow"),
        (ANSWERED, _("Đã trả lời"), "green"),
        (PUBLISHED, _("Đã công khai kết quả"), "teal"),
        (CLOSED, _("Đã kết thúc"), "dark"),
    )

    # Nothing more happens to these unless the sender reopens an answered item.
    FINAL = frozenset({NOT_ACCEPTED, ROUTED, FORWARDED, CLOSED})
    # Open on the agency's side: someone has to act.
    OPEN = frozenset({RECEIVED, ACCEPTED, WAITING_SENDER, ANSWERED})
    # An answer exists (the "resolved" side of the local target).
    ANSWERED_STATES = frozenset({ANSWERED, PUBLISHED, CLOSED})


class FeedbackAction(ChoiceSet):
    RECEIVE = "receive"
    ASSIGN = "assign"
    NOT_ACCEPT = "not_accept"
    ROUTE = "route"
    FORWARD = "forward"
    ACCEPT = "accept"
    ASK_MORE = "ask_more"
    PROVIDE_MORE = "provide_more"
    ANSWER = "answer"
    PUBLISH = "publish"
    CLOSE = "close"
    REOPEN = "reopen"
    RATE = "rate"

    CHOICES = (
        (RECEIVE, _("Tiếp nhận"), "blue"),
        (ASSIGN, _("Giao xử lý"), "blue"),
        (NOT_ACCEPT, _("Không tiếp nhận"), "secondary"),
        (ROUTE, _("Chuyển xử lý theo pháp luật khiếu nại, tố cáo"), "purple"),
        (FORWARD, _("Chuyển cơ quan có thẩm quyền"), "cyan"),
        (ACCEPT, _("Tiếp nhận xử lý (thuộc thẩm quyền)"), "orange"),
        (ASK_MORE, _("Đề nghị bổ sung thông tin"), "yellow"),
        (PROVIDE_MORE, _("Bổ sung thông tin"), "yellow"),
        (ANSWER, _("Trả lời"), "green"),
        (PUBLISH, _("Công khai kết quả"), "teal"),
        (CLOSE, _("Kết thúc"), "dark"),
        (REOPEN, _("Chưa được giải quyết: đề nghị xử lý lại"), "red"),
        (RATE, _("Đánh giá kết quả"), "green"),
    )


class FeedbackActor(ChoiceSet):
    """Who may perform a handling action (workflow.TRANSITIONS)."""

    SENDER = "sender"
    CLERK = "clerk"
    SPECIALIST = "specialist"
    HANDLER = "handler"
    UNIT_HEAD = "unit_head"

    CHOICES = (
        (SENDER, _("Người gửi"), "blue"),
        (CLERK, _("Cán bộ tiếp nhận (một cửa, đường dây nóng)"), "blue"),
        (SPECIALIST, _("Chuyên viên"), "cyan"),
        (HANDLER, _("Người được giao xử lý"), "orange"),
        (UNIT_HEAD, _("Lãnh đạo đơn vị"), "red"),
    )


class Channel(ChoiceSet):
    """Kênh tiếp nhận."""

    PORTAL = "portal"
    DESK = "desk"
    HOTLINE = "hotline"

    CHOICES = (
        (PORTAL, _("Cổng dịch vụ công"), "blue"),
        (DESK, _("Trực tiếp tại Bộ phận Một cửa"), "green"),
        (HOTLINE, _("Đường dây nóng (1022)"), "orange"),
    )


class StepKind(ChoiceSet):
    """The time-limited steps of handling (each with its limit in working days)."""

    CLASSIFY = "classify"
    REFUSE = "refuse"
    FORWARD = "forward"
    ASK_MORE = "ask_more"
    HANDLE = "handle"
    PUBLISH = "publish"

    CHOICES = (
        (CLASSIFY, _("Phân loại"), "blue"),
        (REFUSE, _("Từ chối tiếp nhận"), "secondary"),
        (FORWARD, _("Chuyển cơ quan có thẩm quyền"), "cyan"),
        (ASK_MORE, _("Đề nghị bổ sung thông tin"), "yellow"),
        (HANDLE, _("Xử lý, trả lời"), "orange"),
        (PUBLISH, _("Công khai kết quả"), "teal"),
    )


class ProposalKind(ChoiceSet):
    """What a simplification proposal cuts."""

    TIME = "time"
    DOCUMENTS = "documents"
    FEES = "fees"
    OTHER = "other"

    CHOICES = (
        (TIME, _("Cắt giảm thời gian giải quyết"), "orange"),
        (DOCUMENTS, _("Cắt giảm thành phần hồ sơ"), "blue"),
        (FEES, _("Giảm phí, lệ phí"), "green"),
        (OTHER, _("Đơn giản hóa khác"), "secondary"),
    )


class ProposalState(ChoiceSet):
    PROPOSED = "proposed"
    UNDER_REVIEW = "under_review"
    APPROVED = "approved"
    REJECTED = "rejected"

    CHOICES = (
        (PROPOSED, _("Đã đề xuất"), "blue"),
        (UNDER_REVIEW, _("Đang xem xét"), "orange"),
        (APPROVED, _("Đã phê duyệt"), "green"),
        (REJECTED, _("Không chấp thuận"), "secondary"),
    )
