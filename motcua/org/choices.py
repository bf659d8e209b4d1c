from django.utils.translation import gettext_lazy as _

from motcua.core.choices import ChoiceSet


class UnitKind(ChoiceSet):
    """Loại cơ quan, đơn vị."""

    PROVINCE = "province"
    DEPARTMENT = "department"
    DISTRICT = "district"
    COMMUNE = "commune"
    CENTRE = "centre"
    DIVISION = "division"
    OTHER = "other"

    CHOICES = (
        (PROVINCE, _("UBND tỉnh, thành phố"), "red"),
        (DEPARTMENT, _("Sở, ban, ngành"), "blue"),
        (DISTRICT, _("UBND cấp huyện (trước 01/7/2025)"), "secondary"),
        (COMMUNE, _("UBND xã, phường, đặc khu"), "green"),
        (CENTRE, _("Trung tâm Phục vụ hành chính công"), "purple"),
        (DIVISION, _("Phòng, ban chuyên môn"), "cyan"),
        (OTHER, _("Đơn vị khác"), "secondary"),
    )


class Role(ChoiceSet):
    """Vai trò của cán bộ trong một đơn vị."""

    CLERK = "clerk"
    SPECIALIST = "specialist"
    UNIT_HEAD = "unit_head"
    MONITOR = "monitor"
    REFORM_OFFICER = "reform_officer"
    ADMIN = "admin"

    CHOICES = (
        (CLERK, _("Cán bộ một cửa"), "blue"),
        (SPECIALIST, _("Chuyên viên xử lý"), "cyan"),
        (UNIT_HEAD, _("Lãnh đạo đơn vị"), "red"),
        (MONITOR, _("Cán bộ theo dõi, giám sát"), "orange"),
        (REFORM_OFFICER, _("Cán bộ phụ trách CCHC"), "purple"),
        (ADMIN, _("Quản trị hệ thống"), "dark"),
    )

    # Roles whose scope is the whole subtree below their unit; the others see their own
    # unit only.
    SUBTREE_ROLES = frozenset({MONITOR, REFORM_OFFICER, ADMIN})
