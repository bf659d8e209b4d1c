from django.utils.translation import gettext_lazy as _

from motcua.core.choices import ChoiceSet


class Level(ChoiceSet):
    """Cấp thực hiện."""

    PROVINCE = "province"
    DISTRICT = "district"
    COMMUNE = "commune"

    CHOICES = (
        (PROVINCE, _("Cấp tỉnh"), "red"),
        (DISTRICT, _("Cấp huyện (trước 01/7/2025)"), "secondary"),
        (COMMUNE, _("Cấp xã"), "green"),
    )


class TimeUnit(ChoiceSet):
    """Đơn vị của thời hạn giải quyết."""

    WORKING_DAYS = "working_days"
    WORKING_HOURS = "working_hours"

    CHOICES = (
        (WORKING_DAYS, _("ngày làm việc"), "blue"),
        (WORKING_HOURS, _("giờ làm việc"), "cyan"),
    )


class OnlineLevel(ChoiceSet):
    """Mức độ dịch vụ công trực tuyến (Nghị định 42/2022/NĐ-CP Điều 11)."""

    FULL = "full"
    PARTIAL = "partial"
    IN_PERSON = "in_person"

    CHOICES = (
        (FULL, _("Toàn trình"), "green"),
        (PARTIAL, _("Một phần"), "blue"),
        (IN_PERSON, _("Trực tiếp"), "secondary"),
    )


class CopyKind(ChoiceSet):
    """Loại bản giấy tờ."""

    ORIGINAL = "original"
    CERTIFIED_COPY = "certified_copy"
    COPY = "copy"

    CHOICES = (
        (ORIGINAL, _("Bản chính"), "blue"),
        (CERTIFIED_COPY, _("Bản sao có chứng thực"), "cyan"),
        (COPY, _("Bản sao"), "secondary"),
    )


class FeeKind(ChoiceSet):
    """Phí hoặc lệ phí (Luật Phí và lệ phí 2015)."""

    FEE = "fee"
    CHARGE = "charge"

    CHOICES = (
        (FEE, _("Phí"), "blue"),
        (CHARGE, _("Lệ phí"), "cyan"),
    )


class StepRole(ChoiceSet):
    """Vai trò thực hiện một bước xử lý."""

    CLERK = "clerk"
    SPECIALIST = "specialist"
    UNIT_HEAD = "unit_head"

    CHOICES = (
        (CLERK, _("Cán bộ một cửa"), "blue"),
        (SPECIALIST, _("Chuyên viên xử lý"), "cyan"),
        (UNIT_HEAD, _("Lãnh đạo đơn vị"), "red"),
    )
