"""The national synchronisation vocabulary (LAW.md §2, secondary): one dossier record as
provincial systems and the national portal exchange it, parsed into plain data and
written back. Typed pure code: no Django.

Dates are ``yyyyMMddHHmmss`` in Asia/Ho_Chi_Minh; an empty string means "none". Every
problem is reported with the record's index and the field's name; a record with problems
yields no data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DATE_FORMAT = "%Y%m%d%H%M%S"
_DATE = re.compile(r"^\d{14}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

CHANNELS = {1: "in_person", 2: "online", 3: "postal"}
CHANNEL_CODES = {v: k for k, v in CHANNELS.items()}
# TrangThaiHoSo → internal state; 3 is "refused" when the dossier had been received.
STATES = {
    1: "new",
    2: "received",
    3: "not_accepted",
    4: "in_process",
    5: "supplement_requested",
    6: "awaiting_payment",
    7: "withdrawn",
    8: "stopped",
    9: "processed",
    10: "delivered",
}


@dataclass(frozen=True)
class Problem:
    index: int
    field: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"index": self.index, "field": self.field, "message": self.message}


@dataclass(frozen=True)
class Record:
    """One dossier of the file, parsed."""

    code: str
    procedure_code: str
    unit_code: str
    channel: str
    state: str
    submitted: datetime | None
    received: datetime | None
    appointment: datetime | None
    finished: datetime | None
    delivered: datetime | None
    refused: datetime | None
    withdrawn: datetime | None
    stopped: datetime | None
    supplements: tuple[tuple[datetime, datetime | None], ...]
    fees: tuple[int, ...]
    paid_online: str  # "0", "1", "2"
    documents: tuple[tuple[bool, bool], ...]  # (digitised, from the national store)
    reuses_digitised_data: bool
    result_links: tuple[str, ...]
    applicant_name: str
    phone: str
    email: str
    raw: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def digitisation(self) -> str:
        """none / partial / complete from TaiLieuNop's DuocSoHoa flags."""
        flags = [digitised for digitised, _ in self.documents]
        if flags and all(flags):
            return "complete"
        if any(flags):
            return "partial"
        return "none"

    @property
    def national_store_linked(self) -> bool:
        return any(store for _, store in self.documents)


def format_date(value: datetime | None) -> str:
    if value is None:
        return ""
    return value.astimezone(VN_TZ).strftime(DATE_FORMAT)


class _Reader:
    def __init__(self, index: int, raw: dict[str, Any]) -> None:
        self.index, self.raw = index, raw
        self.problems: list[Problem] = []

    def problem(self, name: str, message: str) -> None:
        self.problems.append(Problem(self.index, name, message))

    def text(self, name: str, *, required: bool = False, max_length: int = 500) -> str:
        value = self.raw.get(name, "")
        if value is None:
            value = ""
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.problem(name, "phải là chuỗi ký tự")
            return ""
        text: str = value.strip()
        if required and not text:
            self.problem(name, "bắt buộc")
        if len(text) > max_length:
            self.problem(name, f"dài quá {max_length} ký tự")
        return text

    def date(self, name: str, value: Any = None, *, label: str | None = None) -> datetime | None:
        label = label or name
        value = self.raw.get(name, "") if value is None else value
        if value in ("", None):
            return None
        if not isinstance(value, str) or not _DATE.match(value):
            self.problem(label, "ngày giờ phải có dạng yyyyMMddHHmmss")
            return None
        try:
            return datetime.strptime(value, DATE_FORMAT).replace(tzinfo=VN_TZ)
        except ValueError:
            self.problem(label, "ngày giờ không tồn tại")
            return None

    def code(self, name: str, allowed: set[int], *, default: int | None = None) -> int | None:
        value = self.raw.get(name, "")
        if value in ("", None):
            if default is None:
                self.problem(name, "bắt buộc")
            return default
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = -1
        if isinstance(value, bool) or number not in allowed:
            self.problem(
                name, f"giá trị không hợp lệ (cho phép: {', '.join(map(str, sorted(allowed)))})"
            )
            return default
        return number

    def items(self, name: str) -> list[dict[str, Any]]:
        value = self.raw.get(name, [])
        if value in ("", None):
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.problem(name, "phải là danh sách các đối tượng")
            return []
        return value

    def flag(self, label: str, value: Any) -> bool:
        if value in ("", None, 0, "0", False):
            return False
        if value in (1, "1", True):
            return True
        self.problem(label, "phải là 0 hoặc 1")
        return False


def parse(index: int, raw: Any) -> tuple[Record | None, list[Problem]]:
    """One record of the file: the parsed data, or ``None`` and the problems found."""
    if not isinstance(raw, dict):
        return None, [Problem(index, "", "bản ghi phải là một đối tượng JSON")]
    r = _Reader(index, raw)
    code = r.text("MaHoSo", required=True, max_length=40)
    procedure_code = r.text("MaTTHC", required=True, max_length=40)
    unit_code = r.text("DonViXuLy", required=True, max_length=20)
    channel = r.code("KenhThucHien", set(CHANNELS))
    national = r.code("TrangThaiHoSo", set(STATES))
    submitted = r.date("NgayNopHoSo")
    received = r.date("NgayTiepNhan")
    appointment = r.date("NgayHenTra")
    finished = r.date("NgayKetThucXuLy")
    delivered = r.date("NgayTra")
    refused = r.date("NgayTuChoi")
    withdrawn = r.date("NgayRut")
    stopped = r.date("NgayDung")
    supplements: list[tuple[datetime, datetime | None]] = []
    for i, item in enumerate(r.items("DanhSachHoSoBoSung")):
        requested = r.date(
            "", item.get("NgayBoSung", ""), label=f"DanhSachHoSoBoSung[{i}].NgayBoSung"
        )
        supplied = r.date(
            "",
            item.get("NgayTiepNhanBoSung", ""),
            label=f"DanhSachHoSoBoSung[{i}].NgayTiepNhanBoSung",
        )
        if requested is None:
            if item.get("NgayBoSung", "") in ("", None):
                r.problem(f"DanhSachHoSoBoSung[{i}].NgayBoSung", "bắt buộc")
            continue
        if supplied is not None and supplied < requested:
            r.problem(f"DanhSachHoSoBoSung[{i}].NgayTiepNhanBoSung", "trước ngày yêu cầu bổ sung")
        supplements.append((requested, supplied))
    fees: list[int] = []
    for i, item in enumerate(r.items("DanhSachLePhi")):
        value = item.get("Gia", 0)
        try:
            amount = int(value)
        except (TypeError, ValueError):
            amount = -1
        if isinstance(value, bool) or amount < 0 or (isinstance(value, float) and value != amount):
            r.problem(f"DanhSachLePhi[{i}].Gia", "phải là số tiền (đồng) không âm")
            continue
        fees.append(amount)
    paid = r.code("DuocThanhToanTrucTuyen", {0, 1, 2}, default=0)
    documents = [
        (
            r.flag(f"TaiLieuNop[{i}].DuocSoHoa", item.get("DuocSoHoa", 0)),
            r.flag(f"TaiLieuNop[{i}].DuocLayTuKhoDMQG", item.get("DuocLayTuKhoDMQG", 0)),
        )
        for i, item in enumerate(r.items("TaiLieuNop"))
    ]
    reuses = r.flag("HoSoCoThanhPhanSoHoa", raw.get("HoSoCoThanhPhanSoHoa", 0))
    links = []
    for i, item in enumerate(r.items("DanhSachGiayToKetQua")):
        link = item.get("DuongDanTepTinKetQua", "")
        if not isinstance(link, str):
            r.problem(f"DanhSachGiayToKetQua[{i}].DuongDanTepTinKetQua", "phải là chuỗi ký tự")
            continue
        links.append(link.strip())
    name = r.text("ChuHoSo", max_length=200)
    phone = r.text("SoDienThoai", max_length=20)
    email = r.text("Email", max_length=254)
    if email and not _EMAIL.match(email):
        r.problem("Email", "địa chỉ thư điện tử không hợp lệ")

    state = STATES.get(national or 0, "")
    if national == 3 and received is not None:
        state = "refused"
    if national == 9 and refused is not None:
        state = "refused"
    if national is not None and national not in (1, 3, 7) and received is None:
        r.problem("NgayTiepNhan", "bắt buộc với hồ sơ đã tiếp nhận (trạng thái 2, 4–6, 8–10)")
    if national == 9 and finished is None and refused is None:
        r.problem("NgayKetThucXuLy", "bắt buộc với hồ sơ đã xử lý xong (trạng thái 9)")
    if national == 10 and delivered is None:
        r.problem("NgayTra", "bắt buộc với hồ sơ đã trả kết quả (trạng thái 10)")
    if received is not None and appointment is None and national not in (1, 3, 7):
        r.problem("NgayHenTra", "bắt buộc với hồ sơ đã tiếp nhận")
    if received is not None:
        for label, value in (("NgayKetThucXuLy", finished), ("NgayTra", delivered)):
            if value is not None and value < received:
                r.problem(label, "trước ngày tiếp nhận")
    if r.problems or channel is None:
        return None, r.problems
    return (
        Record(
            code=code,
            procedure_code=procedure_code,
            unit_code=unit_code,
            channel=CHANNELS[channel],
            state=state,
            submitted=submitted,
            received=received,
            appointment=appointment,
            finished=finished,
            delivered=delivered,
            refused=refused,
            withdrawn=withdrawn,
            stopped=stopped,
            supplements=tuple(sorted(supplements)),
            fees=tuple(fees),
            paid_online=str(paid or 0),
            documents=tuple(documents),
            reuses_digitised_data=reuses,
            result_links=tuple(link for link in links if link),
            applicant_name=name,
            phone=phone,
            email=email,
            raw=raw,
        ),
        [],
    )
