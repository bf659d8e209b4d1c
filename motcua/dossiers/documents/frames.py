"""The two legal frames of the one-stop forms, as versioned template sets.

Thông tư 01/2018/TT-VPCP (Phụ lục) numbered six forms; Thông tư 03/2025/TT-VPCP
(15/09/2025, Phụ lục I, LAW.md §2 — verified) numbers seven, adding the stop notice and
renaming the apology. A dossier's forms follow the frame in force on its reception date
(the switch date is data: ``settings.FORM_FRAME_2025_FROM``, docs/forms.md). The names
are the circulars' own and are printed as they stand.

Pure Python: no Django here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

RECEIPT = "receipt"
SUPPLEMENT = "supplement"
REFUSAL = "refusal"
APOLOGY = "apology"
STOP = "stop"
CONTROL_SHEET = "control_sheet"
REGISTER = "register"


@dataclass(frozen=True)
class FormSpec:
    number: str  # "01"…; "" where the circular has no numbered form
    title: str


@dataclass(frozen=True)
class Frame:
    key: str  # the folder of its templates
    circular: str
    version: str  # printed in each form's footer; bump when a shipped template changes
    forms: Mapping[str, FormSpec]

    def number(self, kind: str) -> str:
        spec = self.forms.get(kind)
        return spec.number if spec else ""

    def title(self, kind: str) -> str:
        spec = self.forms.get(kind)
        return spec.title if spec else ""


TT01_2018 = Frame(
    key="tt01_2018",
    circular="Thông tư 01/2018/TT-VPCP",
    version="2018.2",
    forms={
        RECEIPT: FormSpec("01", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
        SUPPLEMENT: FormSpec("02", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"),
        REFUSAL: FormSpec("03", "Phiếu từ chối tiếp nhận giải quyết hồ sơ"),
        APOLOGY: FormSpec("04", "Phiếu xin lỗi và hẹn lại ngày trả kết quả"),
        CONTROL_SHEET: FormSpec("05", "Phiếu kiểm soát quá trình giải quyết hồ sơ"),
        REGISTER: FormSpec("06", "Sổ theo dõi hồ sơ"),
        # No form in this circular: the notice follows Nghị định 61/2018 on stopping.
        STOP: FormSpec("", "Thông báo dừng xử lý hồ sơ"),
    },
)

TT03_2025 = Frame(
    key="tt03_2025",
    circular="Thông tư 03/2025/TT-VPCP",
    version="2025.2",
    forms={
        RECEIPT: FormSpec("01", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
        SUPPLEMENT: FormSpec("02", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"),
        REFUSAL: FormSpec("03", "Phiếu từ chối tiếp nhận giải quyết hồ sơ"),
        APOLOGY: FormSpec("04", "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"),
        STOP: FormSpec("05", "Thông báo dừng giải quyết hồ sơ"),
        CONTROL_SHEET: FormSpec("06", "Phiếu kiểm soát quá trình giải quyết hồ sơ"),
        REGISTER: FormSpec("07", "Sổ theo dõi hồ sơ"),
    },
)

FRAMES: tuple[Frame, ...] = (TT01_2018, TT03_2025)
BY_KEY: Mapping[str, Frame] = {frame.key: frame for frame in FRAMES}


def frame_on(day: date, switch: date) -> Frame:
    """The frame in force on ``day``: TT 03/2025 from ``switch`` on, TT 01/2018 before."""
    return TT03_2025 if day >= switch else TT01_2018
