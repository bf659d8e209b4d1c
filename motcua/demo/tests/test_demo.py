"""The demo: the same content on every `make run`, loaded through the real import paths."""

import csv
import shutil

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from motcua.core.models import AuditEntry
from motcua.demo import catalogue, loader
from motcua.demo.loader import load_demo
from motcua.demo.org import DEMO_PASSWORD, PERSONAS
from motcua.dossiers.models import Dossier
from motcua.org.models import Membership, Unit, User
from motcua.procedures.models import Fee, Field, Procedure, ProcessingStep, RequiredDocument

pytestmark = pytest.mark.django_db


def test_the_demo_has_the_same_content_as_before_it_became_data_files():
    # Counted on the demo as it was (Python literals) before the catalogue moved to CSV.
    counts = load_demo()
    assert counts == {
        # 34 units before, and the 3 vertically managed agencies of the PAR-index demo.
        "units": 37,
        "users": 12,
        "procedures": 295,
        "created_procedures": 295,
        "created_dossiers": 6,
        # Digitisation (issue 9): two results signed, three dossiers more.
        "created_signed_results": 2,
        # Feedback (issue 12): one item in every state, through the real actions.
        "created_feedback": 10,
        # Indicators (issue 10): the history, switched off in these tests (conftest).
        "created_history": 0,
        # SIPAS (issue 12): no 2025 dossier to sample without the history.
        "created_sipas_answers": 0,
        "created_par_rounds": 1,
    }
    assert Field.objects.count() == 59
    assert Dossier.objects.count() == 6 + 3
    assert Membership.objects.count() == 12
    assert (Fee.objects.count(), RequiredDocument.objects.count()) == (135, 868)
    assert ProcessingStep.objects.count() == 1316
    assert Procedure.objects.at_level("commune").count() == 177
    assert Procedure.objects.at_level("province").count() == 118
    # One procedure in full, as the old literals described it.
    birth = Procedure.objects.get(code="1.001193")
    assert (birth.name, birth.field.code, birth.time_limit, birth.time_unit) == (
        "Thủ tục đăng ký khai sinh",
        "HT",
        4,
        "working_hours",
    )
    assert birth.online_level == "full" and birth.inter_agency is False
    assert [(s.role, str(s.budget)) for s in birth.steps.all()] == [
        ("clerk", "0.50"),
        ("specialist", "2.00"),
        ("unit_head", "1.00"),
        ("clerk", "0.50"),
    ]
    assert [(f.kind, f.amount) for f in birth.fees.all()] == [("charge", 0)]
    # The catalogue went through the administrators' import: one audited import.
    imports = AuditEntry.objects.filter(verb="catalogue.import")
    assert imports.count() == 1 and "295 thủ tục mới" in imports.get().summary


def test_demo_is_realistic_and_loads_idempotently():
    first = load_demo()
    second = load_demo()
    assert first["units"] == second["units"] and first["procedures"] == second["procedures"]
    assert second["created_procedures"] == 0 and second["created_dossiers"] == 0
    assert (Unit.objects.count(), User.objects.count()) == (37, 12)  # 3 PAR-demo agencies
    assert AuditEntry.objects.filter(verb="catalogue.import").count() == 1
    assert Field.objects.count() >= 12
    assert Procedure.objects.at_level("commune").count() >= 150
    assert Procedure.objects.at_level("province").count() >= 60
    # The 2025 reorganisation: the abolished city and its former wards are closed, and the
    # new ward inherited the clerk of a former ward.
    cam_ranh = Unit.objects.get(code="000.01.40.H56")
    assert cam_ranh.predecessors.count() == 3
    assert Unit.objects.get(code="000.00.22.H56").valid_to.isoformat() == "2025-06-30"
    assert Membership.objects.get(user__username="mc.camranh", is_active=True).unit == cam_ranh
    # Demo dossiers fill every queue: desk, specialist, supplement, late, online, delivered.
    # Digitisation (issue 9) adds two delivered dossiers with signed electronic results and
    # the citizen's second dossier, received, reusing his digitised CCCD.
    assert sorted(Dossier.objects.values_list("state", flat=True)) == sorted(
        ["received", "in_process", "supplement_requested", "in_process", "new", "delivered"]
        + ["delivered", "received", "delivered"]
    )
    assert Dossier.objects.filter(is_late=True).count() == 1
    assert Dossier.objects.filter(applicant__username="congdan").count() == 4
    assert Dossier.objects.filter(electronic_result=True, state="delivered").count() == 2
    assert Dossier.objects.filter(reuses_digitised_data=True).count() == 1
    assert first["created_signed_results"] == 2 and "created_signed_results" not in second
    # Every commune settles the commune-level procedures.
    birth = Procedure.objects.filter(name__icontains="khai sinh").first()
    assert birth is not None and birth.units.filter(kind="commune").count() == 13


def test_every_demo_persona_logs_in_and_sees_a_home_page():
    load_demo()
    for persona in PERSONAS:
        client = Client()
        assert client.login(username=persona.username, password=DEMO_PASSWORD), persona
        response = client.get("/")
        assert response.status_code == 200
        assert persona.full_name in response.content.decode()


def test_load_demo_command_prints_the_shared_password(capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    assert DEMO_PASSWORD in out and "mc.nhatrang" in out
    assert "37 đơn vị, 12 người dùng, 295 thủ tục (295 mới nạp), 6 hồ sơ mẫu mới." in out
    assert "Chỉ số CCHC: 1 đợt đánh giá mới (năm 2025, đã công bố)." in out


def test_every_demo_procedure_says_where_its_code_comes_from():
    path = catalogue.CATALOGUE_DIR / "thu-tuc.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    notes = {row["Ghi chú nguồn (dữ liệu mẫu)"] for row in rows}
    assert notes == {"mã CSDLQG", "mã CSDLQG, tên cần đối chiếu", "mã minh họa"}
    assert len(rows) == len(catalogue.codes()) == 295


def test_a_broken_demo_catalogue_is_refused_whole(tmp_path, monkeypatch):
    directory = tmp_path / "catalogue"
    shutil.copytree(catalogue.CATALOGUE_DIR, directory)
    steps = directory / "quy-trinh.csv"
    text = steps.read_text(encoding="utf-8")
    # The birth registration's first step: 0.5 working hours becomes "nửa".
    first = (
        '1.001193,"Bộ phận Một cửa UBND xã tiếp nhận, kiểm tra, số hóa hồ sơ",Cán bộ một cửa,,0.5'
    )
    assert first in text
    steps.write_text(text.replace(first, first.removesuffix("0.5") + "nửa"), encoding="utf-8")
    monkeypatch.setattr(
        loader,
        "AREAS",
        [
            (name, (lambda: catalogue.load(directory)) if name == "catalogue" else load)
            for name, load in loader.AREAS
        ],
    )
    with pytest.raises(CommandError) as refused:
        call_command("load_demo")
    assert "Trang “Quy trình”, dòng 2, cột E (Thời gian (theo đơn vị thời hạn)):" in str(
        refused.value
    )
    # All or nothing: not one procedure, and the demo's transaction rolled back the units.
    assert Procedure.objects.count() == 0 and Unit.objects.count() == 0
