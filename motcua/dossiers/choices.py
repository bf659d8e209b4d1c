"""Dossier states, channels and actions.

Every internal state maps onto one status of the national synchronisation vocabulary
(Cổng Dịch vụ công quốc gia; DESIGN.md "Dossier states"): 1 new … 10 result delivered.
"""

from django.utils.translation import gettext_lazy as _

from motcua.core.choices import ChoiceSet


class DossierState(ChoiceSet):
    """Trạng thái hồ sơ."""

    NEW = "new"
    RECEIVED = "received"
    NOT_ACCEPTED = "not_accepted"
    IN_PROCESS = "in_process"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    AWAITING_PAYMENT = "awaiting_payment"
    WITHDRAWN = "withdrawn"
    STOPPED = "stopped"
    REFUSED = "refused"
    PROCESSED = "processed"
    DELIVERED = "delivered"

    CHOICES = (
        (NEW, _("Mới đăng ký"), "azure"),
        (RECEIVED, _("Đã tiếp nhận"), "blue"),
        (NOT_ACCEPTED, _("Không được tiếp nhận"), "secondary"),
        (IN_PROCESS, _("Đang xử lý"), "cyan"),
        (SUPPLEMENT_REQUESTED, _("Yêu cầu bổ sung"), "orange"),
        (AWAITING_PAYMENT, _("Chờ thực hiện nghĩa vụ tài chính"), "yellow"),
        (WITHDRAWN, _("Công dân rút hồ sơ"), "secondary"),
        (STOPPED, _("Dừng xử lý"), "dark"),
        (REFUSED, _("Từ chối giải quyết"), "red"),
        (PROCESSED, _("Đã xử lý xong"), "green"),
        (DELIVERED, _("Đã trả kết quả"), "teal"),
    )

    # The national status code of each internal state.
    NATIONAL_CODE = {
        NEW: 1,
        RECEIVED: 2,
        NOT_ACCEPTED: 3,
        IN_PROCESS: 4,
        SUPPLEMENT_REQUESTED: 5,
        AWAITING_PAYMENT: 6,
        WITHDRAWN: 7,
        STOPPED: 8,
        # A refusal after examination is a result (the written refusal) handed back to the
        # applicant: "đã xử lý xong".
        REFUSED: 9,
        PROCESSED: 9,
        DELIVERED: 10,
    }
    # States in which the agency's clock runs or may run again.
    OPEN = frozenset({RECEIVED, IN_PROCESS, SUPPLEMENT_REQUESTED, AWAITING_PAYMENT})
    # No result exists yet: the applicant may still ask to stop (NĐ 118/2025).
    STOPPABLE = OPEN
    FINAL = frozenset({NOT_ACCEPTED, WITHDRAWN, STOPPED, DELIVERED})


class Channel(ChoiceSet):
    """Hình thức nộp hồ sơ (national codes 1, 2, 3)."""

    IN_PERSON = "in_person"
    ONLINE = "online"
    POSTAL = "postal"

    CHOICES = (
        (IN_PERSON, _("Trực tiếp"), "blue"),
        (ONLINE, _("Trực tuyến"), "green"),
        (POSTAL, _("Qua dịch vụ bưu chính công ích"), "orange"),
    )
    NATIONAL_CODE = {IN_PERSON: 1, ONLINE: 2, POSTAL: 3}


class DeliveryMethod(ChoiceSet):
    """Hình thức trả kết quả."""

    DESK = "desk"
    ONLINE = "online"
    POST = "post"

    CHOICES = (
        (DESK, _("Tại Bộ phận Một cửa"), "blue"),
        (ONLINE, _("Trực tuyến (kết quả điện tử)"), "green"),
        (POST, _("Qua dịch vụ bưu chính"), "orange"),
    )


class FormKind(ChoiceSet):
    """Biểu mẫu (Thông tư 01/2018/TT-VPCP, nay Thông tư 03/2025/TT-VPCP)."""

    RECEIPT = "receipt"
    SUPPLEMENT = "supplement"
    REFUSAL = "refusal"
    APOLOGY = "apology"
    CONTROL_SHEET = "control_sheet"
    STOP = "stop"

    CHOICES = (
        (RECEIPT, _("Giấy tiếp nhận hồ sơ và hẹn trả kết quả"), "blue"),
        (SUPPLEMENT, _("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"), "orange"),
        (REFUSAL, _("Phiếu từ chối tiếp nhận, giải quyết hồ sơ"), "red"),
        (APOLOGY, _("Phiếu xin lỗi và hẹn lại ngày trả kết quả"), "yellow"),
        (CONTROL_SHEET, _("Phiếu kiểm soát quá trình giải quyết hồ sơ"), "cyan"),
        (STOP, _("Thông báo dừng xử lý hồ sơ"), "dark"),
    )
    # The form number of each kind in the circular's annex.
    FORM_NUMBER = {
        RECEIPT: "01",
        SUPPLEMENT: "02",
        REFUSAL: "03",
        APOLOGY: "04",
        CONTROL_SHEET: "05",
        STOP: "—",
    }


class Action(ChoiceSet):
    """Thao tác trên hồ sơ: one per row of the workflow table."""

    RECEIVE = "receive"
    ACCEPT = "accept"
    NOT_ACCEPT = "not_accept"
    WITHDRAW = "withdraw"
    HAND_ON = "hand_on"
    REQUEST_SUPPLEMENT = "request_supplement"
    ANSWER_SUPPLEMENT = "answer_supplement"
    REQUIRE_PAYMENT = "require_payment"
    RECORD_PAYMENT = "record_payment"
    APOLOGISE = "apologise"
    REFUSE = "refuse"
    STOP = "stop"
    COMPLETE = "complete"
    RETURN_RESULT = "return_result"

    CHOICES = (
        (RECEIVE, _("Tiếp nhận hồ sơ giấy"), "blue"),
        (ACCEPT, _("Tiếp nhận hồ sơ trực tuyến"), "blue"),
        (NOT_ACCEPT, _("Không tiếp nhận"), "red"),
        (WITHDRAW, _("Rút hồ sơ"), "secondary"),
        (HAND_ON, _("Chuyển bước xử lý"), "cyan"),
        (REQUEST_SUPPLEMENT, _("Yêu cầu bổ sung"), "orange"),
        (ANSWER_SUPPLEMENT, _("Nhận hồ sơ bổ sung"), "blue"),
        (REQUIRE_PAYMENT, _("Yêu cầu thực hiện nghĩa vụ tài chính"), "yellow"),
        (RECORD_PAYMENT, _("Xác nhận đã nộp phí, lệ phí"), "green"),
        (APOLOGISE, _("Xin lỗi và hẹn lại"), "yellow"),
        (REFUSE, _("Từ chối giải quyết"), "red"),
        (STOP, _("Dừng xử lý theo yêu cầu"), "dark"),
        (COMPLETE, _("Hoàn thành, ký kết quả"), "green"),
        (RETURN_RESULT, _("Trả kết quả"), "teal"),
    )


class Actor(ChoiceSet):
    """Who may perform a transition: the staff roles, and the applicant themself."""

    CLERK = "clerk"
    SPECIALIST = "specialist"
    UNIT_HEAD = "unit_head"
    APPLICANT = "applicant"
    # Not a person: the payment gateway's verified callback (docs/payments.md).
    GATEWAY = "payment_gateway"

    CHOICES = (
        (CLERK, _("Cán bộ một cửa"), "blue"),
        (SPECIALIST, _("Chuyên viên xử lý"), "cyan"),
        (UNIT_HEAD, _("Lãnh đạo đơn vị"), "red"),
        (APPLICANT, _("Người nộp hồ sơ"), "green"),
        (GATEWAY, _("Cổng thanh toán"), "purple"),
    )


class DigitisationState(ChoiceSet):
    """Trạng thái số hóa thành phần hồ sơ: derived from the dossier's required documents
    (documents that by law are only shown, not kept, are left out)."""

    NONE = "none"
    PARTIAL = "partial"
    COMPLETE = "complete"

    CHOICES = (
        (NONE, _("Chưa số hóa"), "secondary"),
        (PARTIAL, _("Số hóa một phần"), "yellow"),
        (COMPLETE, _("Đã số hóa đầy đủ"), "green"),
    )


class OnlinePayment(ChoiceSet):
    """DuocThanhToanTrucTuyen of the national vocabulary (LAW.md §2)."""

    NO = "0"
    NATIONAL_PORTAL = "1"
    PROVINCIAL_GATEWAY = "2"

    CHOICES = (
        (NO, _("Không thanh toán trực tuyến"), "secondary"),
        (NATIONAL_PORTAL, _("Thanh toán trên Cổng DVC quốc gia"), "green"),
        (PROVINCIAL_GATEWAY, _("Thanh toán trên Cổng DVC tỉnh"), "green"),
    )
