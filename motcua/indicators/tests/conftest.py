"""Hand-built March 2024 at one commune, in the national vocabulary (imported through the
same path administrators use), each dossier chosen to exercise one rule; the expected
value of every figure is worked out in the test that checks it."""

from __future__ import annotations

from datetime import datetime

import pytest

from motcua.dossiers.models import Dossier
from motcua.indicators.formulas import VN_TZ
from motcua.indicators.maintain import drain_stale
from motcua.interchange.importer import import_records
from motcua.procedures.models import Fee
from motcua.surveys.models import DossierRating
from motcua.testing.factories import ProcedureFactory

P1, P2 = "1.000001", "1.000002"


def d(day: int, hour: int = 9, minute: int = 0, month: int = 3) -> str:
    return f"2024{month:02d}{day:02d}{hour:02d}{minute:02d}00"


def record(code: str, procedure: str, channel: int, state: int, **fields) -> dict:
    base = {
        "MaHoSo": code,
        "MaTTHC": procedure,
        "DonViXuLy": "000.01.40.H99",
        "KenhThucHien": channel,
        "TrangThaiHoSo": state,
        "NgayNopHoSo": "",
        "NgayTiepNhan": "",
        "NgayHenTra": "",
        "NgayKetThucXuLy": "",
        "NgayTra": "",
        "DanhSachHoSoBoSung": [],
        "DanhSachLePhi": [],
        "DuocThanhToanTrucTuyen": 0,
        "TaiLieuNop": [],
        "HoSoCoThanhPhanSoHoa": 0,
        "DanhSachGiayToKetQua": [],
        "ChuHoSo": f"Người nộp {code}",
        "SoDienThoai": "0905000000",
        "Email": "",
    }
    base.update(fields)
    return base


FEE = [{"Gia": 50000}]
ALL_DIGITISED = [{"DuocSoHoa": 1, "DuocLayTuKhoDMQG": 1}, {"DuocSoHoa": 1, "DuocLayTuKhoDMQG": 0}]
RESULT = [{"DuongDanTepTinKetQua": "https://dvc.example.vn/ketqua/1.pdf"}]


def march_records() -> list[dict]:
    return [
        # A: online, received Mon 04/03 10:00, due Mon 11/03, finished Fri 08/03: early;
        # paid on the provincial gateway, every document digitised, one from the store,
        # reused data, electronic result.
        record(
            "A",
            P1,
            2,
            10,
            NgayNopHoSo=d(4, 8),
            NgayTiepNhan=d(4, 10),
            NgayHenTra=d(11, 17),
            NgayKetThucXuLy=d(8, 10),
            NgayTra=d(8, 15),
            DanhSachLePhi=FEE,
            DuocThanhToanTrucTuyen=2,
            TaiLieuNop=ALL_DIGITISED,
            HoSoCoThanhPhanSoHoa=1,
            DanhSachGiayToKetQua=RESULT,
        ),
        # B: at the desk, finished on the due day before 17:00: on time; half digitised.
        record(
            "B",
            P1,
            1,
            9,
            NgayTiepNhan=d(5),
            NgayHenTra=d(12, 17),
            NgayKetThucXuLy=d(12, 16),
            DanhSachLePhi=FEE,
            TaiLieuNop=[{"DuocSoHoa": 1}, {"DuocSoHoa": 0}],
        ),
        # C: online, waited 12.5 office hours for reception; finished a day late; paid on
        # the national portal; digitised (not from the store); electronic result.
        record(
            "C",
            P1,
            2,
            9,
            NgayNopHoSo=d(6, 8),
            NgayTiepNhan=d(7, 14),
            NgayHenTra=d(14, 17),
            NgayKetThucXuLy=d(15, 10),
            DanhSachLePhi=FEE,
            DuocThanhToanTrucTuyen=1,
            TaiLieuNop=[{"DuocSoHoa": 1, "DuocLayTuKhoDMQG": 0}],
            DanhSachGiayToKetQua=RESULT,
        ),
        # D: still in process at the end of March, due 13/03: open and late.
        record("D", P2, 1, 4, NgayTiepNhan=d(11), NgayHenTra=d(13, 17)),
        # E: in process, due in April: open and on time.
        record("E", P2, 1, 4, NgayTiepNhan=d(25), NgayHenTra=d(5, 17, month=4)),
        # F: online in February, finished late on 04/03: settled late in March.
        record(
            "F",
            P2,
            2,
            9,
            NgayNopHoSo=d(26, 8, month=2),
            NgayTiepNhan=d(26, 9, month=2),
            NgayHenTra=d(1, 17),
            NgayKetThucXuLy=d(4, 10),
        ),
        # G: received and finished in February: in no March figure.
        record(
            "G",
            P2,
            1,
            9,
            NgayTiepNhan=d(20, 9, month=2),
            NgayHenTra=d(23, 17, month=2),
            NgayKetThucXuLy=d(22, 10, month=2),
        ),
        # H: three days waiting for a supplement taken off: finished 28/03 10:00 counts as
        # 25/03 10:00, on the due day: on time.
        record(
            "H",
            P1,
            1,
            9,
            NgayTiepNhan=d(18),
            NgayHenTra=d(25, 17),
            NgayKetThucXuLy=d(28, 10),
            DanhSachLePhi=FEE,
            DanhSachHoSoBoSung=[{"NgayBoSung": d(19), "NgayTiepNhanBoSung": d(22)}],
        ),
        # I: asked for a supplement twice: late though finished early.
        record(
            "I",
            P2,
            1,
            9,
            NgayTiepNhan=d(19),
            NgayHenTra=d(26, 17),
            NgayKetThucXuLy=d(22, 10),
            DanhSachHoSoBoSung=[
                {"NgayBoSung": d(20), "NgayTiepNhanBoSung": d(20, 15)},
                {"NgayBoSung": d(21), "NgayTiepNhanBoSung": d(21, 11)},
            ],
        ),
        # J: waiting for a supplement asked in time at the end of March: on time.
        record(
            "J",
            P2,
            1,
            5,
            NgayTiepNhan=d(20),
            NgayHenTra=d(27, 17),
            DanhSachHoSoBoSung=[{"NgayBoSung": d(26, 10), "NgayTiepNhanBoSung": ""}],
        ),
        # K: online, not accepted: never received.
        record("K", P1, 2, 3, NgayNopHoSo=d(10, 8), NgayTuChoi=d(11, 8)),
        # L: online, still waiting for the desk.
        record("L", P1, 2, 1, NgayNopHoSo=d(29, 8)),
        # M: stopped on the applicant's request on 14/03 before the due day: ends on time.
        record("M", P2, 1, 8, NgayTiepNhan=d(12), NgayHenTra=d(19, 17), NgayDung=d(14)),
    ]


@pytest.fixture
def procedures(commune):
    full = ProcedureFactory(code=P1, online_level="full", result="Giấy chứng nhận")
    Fee.objects.create(procedure=full, kind="charge", amount=50000)
    partial = ProcedureFactory(code=P2, online_level="partial", result="")
    for p in (full, partial):
        p.units.add(commune)
    return full, partial


@pytest.fixture
def march(procedures, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        import_records(march_records())
    # A rated "very satisfied", C "not satisfied", both in March.
    for code, overall in (("A", 5), ("C", 2)):
        DossierRating.objects.create(
            dossier=Dossier.objects.get(code=code),
            created_at=datetime(2024, 3, 29, 10, tzinfo=VN_TZ),
            publicity=2,
            timeliness=1,
            contacts=2,
            attitude=2,
            lawful_result=2,
            overall=overall,
        )
    assert drain_stale() == 0
    return procedures
