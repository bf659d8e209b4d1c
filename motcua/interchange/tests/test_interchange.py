"""History in the national vocabulary: the round trip export → import gives the same
indicators; an import is all-or-nothing with every error by record and field; it is
idempotent on MaHoSo."""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command

from motcua.dossiers import actions, intake
from motcua.dossiers.models import Dossier, DossierEvent, SupplementRequest
from motcua.dossiers.supplements import SupplementItem
from motcua.indicators import selectors
from motcua.indicators.maintain import drain_stale, scratch_aggregates, stored_aggregates
from motcua.interchange.exporter import export_records
from motcua.interchange.importer import ImportFailed, import_records
from motcua.org.choices import UnitKind
from motcua.testing.factories import UnitFactory, marriage_procedure

VN = ZoneInfo("Asia/Ho_Chi_Minh")
START, END = date(2024, 3, 1), date(2024, 3, 31)
DOCUMENTS = [
    intake.ReceivedDocument("Tờ khai đăng ký kết hôn", "original"),
    intake.ReceivedDocument("Giấy xác nhận tình trạng hôn nhân", "original"),
]


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=VN)


def step(when: str, action, *args, **kwargs):
    with time_machine.travel(at(when), tick=False):
        return action(*args, **kwargs)


@pytest.fixture
def handled_here(commune, clerk, specialist, leader, django_capture_on_commit_callbacks):
    """Dossiers handled in motcua through the real actions, March 2024."""
    marriage = marriage_procedure(commune)
    applicant = intake.Applicant("Trần Văn Bình", phone="0905123456", email="binh@example.vn")

    def receive(when: str) -> Dossier:
        return step(
            when,
            intake.do_receive_dossier,
            procedure=marriage,
            unit=commune,
            applicant=applicant,
            documents=DOCUMENTS,
            actor=clerk,
        )

    def through(dossier: Dossier, day: str) -> Dossier:
        step(f"{day} 08:00", actions.do_hand_on, dossier, actor=clerk, to_user=specialist)
        step(
            f"{day} 09:00", actions.do_hand_on, Dossier.objects.get(pk=dossier.pk), actor=specialist
        )
        return Dossier.objects.get(pk=dossier.pk)

    with django_capture_on_commit_callbacks(execute=True):
        # Settled early and delivered.
        early = through(receive("2024-03-04 09:00"), "2024-03-05")
        step("2024-03-06 10:00", actions.do_complete, early, actor=leader, result_summary="Giấy CN")
        step(
            "2024-03-07 10:00",
            actions.do_return_result,
            Dossier.objects.get(pk=early.pk),
            actor=clerk,
        )
        # A supplement of two days, then finished after the original appointment.
        waited = through(receive("2024-03-05 09:00"), "2024-03-05")
        step(
            "2024-03-05 10:00",
            actions.do_request_supplement,
            waited,
            actor=specialist,
            reason="Thiếu",
        )
        step(
            "2024-03-07 10:00",
            actions.do_answer_supplement,
            Dossier.objects.get(pk=waited.pk),
            actor=clerk,
            documents=[SupplementItem("Giấy xác nhận tình trạng hôn nhân")],
        )
        step(
            "2024-03-15 10:00",
            actions.do_complete,
            Dossier.objects.get(pk=waited.pk),
            actor=leader,
            result_summary="Giấy CN",
        )
        # Stopped on request; refused; left open past due.
        stopped = receive("2024-03-11 09:00")
        step("2024-03-12 09:00", actions.do_stop, stopped, actor=leader, reason="Người nộp đề nghị")
        refused = receive("2024-03-12 09:00")
        step(
            "2024-03-13 09:00",
            actions.do_refuse,
            refused,
            actor=leader,
            reason="Không đủ điều kiện",
        )
        receive("2024-03-18 09:00")
        # Online: submitted, accepted the next morning.
        online = step(
            "2024-03-19 16:00",
            intake.do_submit_online,
            procedure=marriage,
            unit=commune,
            applicant=applicant,
        )
        step("2024-03-20 08:00", intake.do_accept_online, online, actor=clerk)
        # The facts the digitisation and payment actions keep (issue 9), set as they would.
        Dossier.objects.filter(pk=early.pk).update(
            digitisation="complete",
            national_store_linked=True,
            electronic_result=True,
            paid_online="2",
            reuses_digitised_data=True,
        )
        from motcua.dossiers.signals import dossier_changed

        dossier_changed.send(sender=Dossier, dossier_id=early.pk)
    # Plus history imported from the old system.
    with django_capture_on_commit_callbacks(execute=True):
        import_records(
            [
                {
                    "MaHoSo": "CU-0001",
                    "MaTTHC": "1.000894",
                    "DonViXuLy": commune.code,
                    "KenhThucHien": 2,
                    "TrangThaiHoSo": 10,
                    "NgayNopHoSo": "20240226080000",
                    "NgayTiepNhan": "20240226090000",
                    "NgayHenTra": "20240304170000",
                    "NgayKetThucXuLy": "20240305090000",
                    "NgayTra": "20240305150000",
                    "DanhSachLePhi": [{"Gia": 30000}],
                    "DuocThanhToanTrucTuyen": 1,
                    "TaiLieuNop": [{"DuocSoHoa": 1, "DuocLayTuKhoDMQG": 0}],
                    "DanhSachGiayToKetQua": [{"DuongDanTepTinKetQua": "https://x.vn/kq.pdf"}],
                    "ChuHoSo": "Lê Văn Cũ",
                }
            ]
        )
    return marriage


def comparable(unit) -> tuple[dict, dict]:
    counts = selectors.counts(unit, START, END)
    counts.pop("unit")
    figures = {
        k: (f.numerator, f.denominator)
        for k, f in selectors.figures(unit, START, END).items()
        if k not in ("satisfaction", "766.5.4")  # ratings are not part of the vocabulary
    }
    return counts, figures


def test_export_then_import_gives_identical_indicators(
    handled_here, commune, province, django_capture_on_commit_callbacks
):
    before = comparable(commune)
    assert before[0]["received"] == 6  # five received here in March + the online one
    records = list(export_records(commune, START, END))
    assert len(records) == 7  # and the February dossier settled in March
    # Into an empty unit: a twin of the commune with the same calendar and catalogue.
    twin = UnitFactory(
        name="UBND xã Sao Chép", kind=UnitKind.COMMUNE, code="000.99.40.H99", parent=province
    )
    handled_here.units.add(twin)
    copied = json.loads(
        json.dumps(records).replace(commune.code, twin.code).replace('"MaHoSo": "', '"MaHoSo": "X-')
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = import_records(copied)
    assert result.created == 7
    assert comparable(twin) == before


def test_an_invalid_file_is_refused_whole_with_every_error(procedures_and_unit):
    commune = procedures_and_unit
    good = {
        "MaHoSo": "OK-1",
        "MaTTHC": "1.000894",
        "DonViXuLy": commune.code,
        "KenhThucHien": 1,
        "TrangThaiHoSo": 2,
        "NgayTiepNhan": "20240304090000",
        "NgayHenTra": "20240311170000",
    }
    bad = [
        good,
        {**good, "MaHoSo": "BAD-1", "NgayTiepNhan": "2024-03-04"},
        {
            **good,
            "MaHoSo": "BAD-2",
            "MaTTHC": "9.999999",
            "KenhThucHien": 7,
            "DanhSachHoSoBoSung": [{"NgayBoSung": "", "NgayTiepNhanBoSung": ""}],
        },
        {**good, "MaHoSo": "BAD-3", "DonViXuLy": "000.77.77.H77"},
        {**good},  # duplicate MaHoSo
        "not a record",
    ]
    with pytest.raises(ImportFailed) as failed:
        import_records(bad)
    found = {(p.index, p.field) for p in failed.value.problems}
    assert found == {
        (1, "NgayTiepNhan"),
        (2, "KenhThucHien"),
        (2, "DanhSachHoSoBoSung[0].NgayBoSung"),
        (3, "DonViXuLy"),
        (4, "MaHoSo"),
        (5, ""),
    }
    assert not Dossier.objects.exists()
    # Procedure checked once the record itself parses.
    with pytest.raises(ImportFailed) as failed:
        import_records([{**good, "MaTTHC": "9.999999"}])
    assert [(p.index, p.field) for p in failed.value.problems] == [(0, "MaTTHC")]


@pytest.fixture
def procedures_and_unit(commune):
    marriage_procedure(commune)
    return commune


def test_import_is_idempotent_on_the_dossier_code(
    procedures_and_unit, tmp_path, django_capture_on_commit_callbacks
):
    commune = procedures_and_unit
    record = {
        "MaHoSo": "CU-9",
        "MaTTHC": "1.000894",
        "DonViXuLy": commune.code,
        "KenhThucHien": 1,
        "TrangThaiHoSo": 4,
        "NgayTiepNhan": "20240304090000",
        "NgayHenTra": "20240311170000",
    }
    path = tmp_path / "hoso.json"
    path.write_text(json.dumps([record]), encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_dossiers", str(path))
        call_command("import_dossiers", str(path))
    assert Dossier.objects.count() == 1
    assert DossierEvent.objects.count() == 1
    # The old system finished it since: the same code updates the dossier, history appended.
    record.update(
        TrangThaiHoSo=9,
        NgayKetThucXuLy="20240308100000",
        DanhSachHoSoBoSung=[
            {"NgayBoSung": "20240305090000", "NgayTiepNhanBoSung": "20240306090000"}
        ],
    )
    path.write_text(json.dumps([record]), encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_dossiers", str(path))
    dossier = Dossier.objects.get()
    assert (dossier.state, dossier.supplement_count) == ("processed", 1)
    assert list(dossier.events.values_list("action", flat=True)) == [
        "receive",
        "request_supplement",
        "answer_supplement",
        "complete",
    ]
    assert SupplementRequest.objects.count() == 1
    assert selectors.counts(commune, START, END)["settled_early"] == 1
    assert drain_stale() == 0
    assert stored_aggregates() == scratch_aggregates()


def test_commands_report_errors_and_export_a_file(procedures_and_unit, tmp_path, capsys):
    commune = procedures_and_unit
    path = tmp_path / "sai.json"
    path.write_text('{"not": "a list"}', encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_dossiers", str(path))
    assert "mảng JSON" in capsys.readouterr().err
    out = tmp_path / "xuat.json"
    call_command(
        "export_dossiers",
        "--unit",
        commune.code,
        "--from",
        "2024-03-01",
        "--to",
        "2024-03-31",
        "--out",
        str(out),
    )
    assert json.loads(out.read_text(encoding="utf-8")) == []
    with pytest.raises(CommandError):
        call_command(
            "export_dossiers", "--unit", "9.9", "--from", "2024-03-01", "--to", "2024-03-31"
        )
