from django.utils.translation import gettext_lazy as _

from motcua.core.choices import ChoiceSet


class TargetLevel(ChoiceSet):
    """Cấp của đơn vị mà chỉ tiêu áp dụng (seed 000: "cấp huyện" / "cấp xã")."""

    PROVINCE = "province"
    DISTRICT = "district"
    COMMUNE = "commune"

    CHOICES = (
        (PROVINCE, _("Cấp tỉnh (sở, ban, ngành)"), "red"),
        (DISTRICT, _("Cấp huyện (trước 01/7/2025)"), "secondary"),
        (COMMUNE, _("Cấp xã"), "green"),
    )

    # The level of each unit kind (motcua.org.choices.UnitKind).
    OF_UNIT_KIND = {
        "province": PROVINCE,
        "department": PROVINCE,
        "centre": PROVINCE,
        "other": PROVINCE,
        "district": DISTRICT,
        "division": DISTRICT,
        "commune": COMMUNE,
    }


class PeriodKind(ChoiceSet):
    """Kỳ báo cáo."""

    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    NINE_MONTHS = "nine"
    YEAR = "year"
    CUSTOM = "custom"

    CHOICES = (
        (MONTH, _("Tháng"), "blue"),
        (QUARTER, _("Quý"), "blue"),
        (HALF, _("6 tháng"), "blue"),
        (NINE_MONTHS, _("9 tháng"), "blue"),
        (YEAR, _("Năm"), "blue"),
        (CUSTOM, _("Tùy chọn"), "secondary"),
    )
