from django.utils.translation import gettext_lazy as _

from motcua.core.choices import ChoiceSet
from motcua.digitisation import rules


class DocumentKind(ChoiceSet):
    """Loại giấy tờ trong kho dữ liệu (recognised from the document's name, rules.py)."""

    IDENTITY = rules.IDENTITY
    BIRTH = rules.BIRTH
    MARITAL_STATUS = rules.MARITAL_STATUS
    MARRIAGE = rules.MARRIAGE
    RESIDENCE = rules.RESIDENCE
    LAND = rules.LAND
    BUSINESS = rules.BUSINESS
    RESULT = "result"
    OTHER = rules.OTHER

    CHOICES = (
        (IDENTITY, _("Căn cước, CCCD, hộ chiếu"), "blue"),
        (BIRTH, _("Giấy khai sinh"), "cyan"),
        (MARITAL_STATUS, _("Xác nhận tình trạng hôn nhân"), "pink"),
        (MARRIAGE, _("Giấy chứng nhận kết hôn"), "pink"),
        (RESIDENCE, _("Giấy tờ cư trú"), "teal"),
        (LAND, _("Giấy chứng nhận quyền sử dụng đất"), "green"),
        (BUSINESS, _("Giấy chứng nhận đăng ký doanh nghiệp"), "orange"),
        (RESULT, _("Kết quả giải quyết TTHC"), "green"),
        (OTHER, _("Giấy tờ khác"), "secondary"),
    )


class OwnerKind(ChoiceSet):
    """Chủ sở hữu: a person (số định danh cá nhân / CCCD) or an organisation (mã số
    doanh nghiệp, mã số thuế)."""

    PERSON = "person"
    ORGANISATION = "organisation"

    CHOICES = (
        (PERSON, _("Cá nhân"), "blue"),
        (ORGANISATION, _("Tổ chức, doanh nghiệp"), "orange"),
    )


class WalletOrigin(ChoiceSet):
    """Where a wallet document came from."""

    DIGITISED = "digitised"
    RESULT = "result"

    CHOICES = (
        (DIGITISED, _("Số hóa tại Bộ phận Một cửa"), "blue"),
        (RESULT, _("Kết quả điện tử đã ký số"), "green"),
    )
