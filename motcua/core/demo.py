"""Demo data: Khánh Hòa province after the 1 July 2025 reorganisation, with one abolished
city (Cam Ranh, a district-level unit until 30/6/2025) whose wards were merged into new
ones through the same merge action administrators use. Loading is idempotent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction

from motcua.org.actions import do_merge_units
from motcua.org.choices import Role, UnitKind
from motcua.org.models import Membership, Unit, User
from motcua.procedures.catalogue import (
    DocumentRecord,
    FeeRecord,
    ProcedureRecord,
    StepRecord,
    do_import_catalogue,
)
from motcua.procedures.demo_catalogue import FIELDS, PROCEDURES
from motcua.procedures.models import Procedure

DEMO_PASSWORD = "motcua2026"
PROVINCE_CODE = "000.00.00.H56"
REORGANISATION = date(2025, 7, 1)

DEPARTMENTS = [
    ("000.00.01.H56", "Văn phòng UBND tỉnh Khánh Hòa", UnitKind.DEPARTMENT),
    ("000.00.02.H56", "Sở Nội vụ tỉnh Khánh Hòa", UnitKind.DEPARTMENT),
    ("000.00.04.H56", "Sở Tài chính tỉnh Khánh Hòa", UnitKind.DEPARTMENT),
    ("000.00.05.H56", "Sở Công Thương tỉnh Khánh Hòa", UnitKind.DEPARTMENT),
    ("000.00.06.H56", "Sở Tư pháp tỉnh Khánh Hòa", UnitKind.DEPARTMENT),
    ("000.00.07.H56", "Sở Xây dựng tỉnh Khánh Hòa", UnitKind.DEPARTMENT),
    ("000.00.08.H56", "Sở Nông nghiệp và Môi trường tỉnh Khánh Hòa", UnitKind.DEPARTMENT),
    ("000.00.09.H56", "Sở Y tế tỉnh Khánh Hòa", UnitKind.DEPARTMENT),
    ("000.00.10.H56", "Sở Giáo dục và Đào tạo tỉnh Khánh Hòa", UnitKind.DEPARTMENT),
    ("000.00.11.H56", "Sở Văn hóa, Thể thao và Du lịch tỉnh Khánh Hòa", UnitKind.DEPARTMENT),
    ("000.00.12.H56", "Sở Khoa học và Công nghệ tỉnh Khánh Hòa", UnitKind.DEPARTMENT),
    ("000.00.13.H56", "Sở Dân tộc và Tôn giáo tỉnh Khánh Hòa", UnitKind.DEPARTMENT),
    ("000.00.20.H56", "Trung tâm Phục vụ hành chính công tỉnh Khánh Hòa", UnitKind.CENTRE),
]

# Communes and wards of the two-level government (from 01/7/2025).
COMMUNES = [
    ("000.04.40.H56", "UBND phường Nha Trang"),
    ("000.05.40.H56", "UBND phường Bắc Nha Trang"),
    ("000.06.40.H56", "UBND phường Tây Nha Trang"),
    ("000.07.40.H56", "UBND phường Nam Nha Trang"),
    ("000.08.40.H56", "UBND xã Cam Lâm"),
    ("000.09.40.H56", "UBND xã Diên Khánh"),
    ("000.10.40.H56", "UBND phường Ninh Hòa"),
    ("000.11.40.H56", "UBND xã Vạn Ninh"),
    ("000.12.40.H56", "UBND phường Phan Rang"),
    ("000.13.40.H56", "UBND đặc khu Trường Sa"),
]

# The abolished district-level city and its former wards (until 30/6/2025).
HISTORICAL_DISTRICT = ("000.00.22.H56", "UBND thành phố Cam Ranh")
HISTORICAL_WARDS = [
    ("000.01.22.H56", "UBND phường Cam Nghĩa"),
    ("000.02.22.H56", "UBND phường Cam Phúc Bắc"),
    ("000.03.22.H56", "UBND phường Cam Phú"),
    ("000.04.22.H56", "UBND phường Cam Lộc"),
    ("000.05.22.H56", "UBND phường Ba Ngòi"),
    ("000.06.22.H56", "UBND phường Cam Linh"),
]
MERGES = [
    ("000.01.40.H56", "UBND phường Cam Ranh", ["000.02.22.H56", "000.03.22.H56", "000.04.22.H56"]),
    ("000.02.40.H56", "UBND phường Ba Ngòi", ["000.05.22.H56", "000.06.22.H56"]),
    ("000.03.40.H56", "UBND phường Bắc Cam Ranh", ["000.01.22.H56"]),
]


@dataclass(frozen=True)
class Persona:
    username: str
    full_name: str
    unit_code: str | None
    role: str | None
    superuser: bool = False


PERSONAS = [
    Persona("quantri", "Trần Quốc Quản", PROVINCE_CODE, Role.ADMIN, superuser=True),
    Persona("mc.nhatrang", "Lê Thị Mai", "000.04.40.H56", Role.CLERK),
    Persona("cv.nhatrang", "Phạm Văn Chuyên", "000.04.40.H56", Role.SPECIALIST),
    Persona("ld.nhatrang", "Nguyễn Minh Lãnh", "000.04.40.H56", Role.UNIT_HEAD),
    Persona("mc.sotuphap", "Võ Thị Hồng", "000.00.06.H56", Role.CLERK),
    Persona("cv.sotuphap", "Đặng Văn Tú", "000.00.06.H56", Role.SPECIALIST),
    Persona("ld.sotuphap", "Hoàng Thị Lan", "000.00.06.H56", Role.UNIT_HEAD),
    Persona("gs.vpubnd", "Bùi Văn Giám", PROVINCE_CODE, Role.MONITOR),
    Persona("cchc.sonoivu", "Đỗ Thị Cải", PROVINCE_CODE, Role.REFORM_OFFICER),
    Persona("qt.nhatrang", "Huỳnh Văn Trị", "000.04.40.H56", Role.ADMIN),
    # Clerk of a former ward: the merge moved her role to the new ward.
    Persona("mc.camranh", "Trương Thị Ranh", "000.04.22.H56", Role.CLERK),
    Persona("congdan", "Nguyễn Văn An", None, None),
]


def _unit(code: str, name: str, kind: str, parent: Unit | None, **extra: object) -> Unit:
    unit, _created = Unit.objects.get_or_create(
        code=code, defaults={"name": name, "kind": kind, "parent": parent, **extra}
    )
    return unit


def load_org() -> None:
    province = _unit(
        PROVINCE_CODE,
        "UBND tỉnh Khánh Hòa",
        UnitKind.PROVINCE,
        None,
        address="01 Trần Phú, phường Nha Trang, tỉnh Khánh Hòa",
    )
    for code, name, kind in DEPARTMENTS:
        _unit(code, name, kind, province)
    for code, name in COMMUNES:
        _unit(code, name, UnitKind.COMMUNE, province, valid_from=REORGANISATION)
    district = _unit(HISTORICAL_DISTRICT[0], HISTORICAL_DISTRICT[1], UnitKind.DISTRICT, province)
    for code, name in HISTORICAL_WARDS:
        _unit(code, name, UnitKind.COMMUNE, district)


def load_personas() -> None:
    for persona in PERSONAS:
        user, created = User.objects.get_or_create(
            username=persona.username,
            defaults={
                "full_name": persona.full_name,
                "is_superuser": persona.superuser,
                "is_staff": persona.superuser,
                "email": f"{persona.username.replace('.', '-')}@demo.motcua.vn",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if persona.unit_code and persona.role:
            unit = Unit.objects.get(code=persona.unit_code)
            already = Membership.objects.filter(user=user, role=persona.role).exists()
            if not already:
                Membership.objects.create(
                    user=user, unit=unit, role=persona.role, since=date(2024, 1, 1)
                )


def apply_merges() -> None:
    province = Unit.objects.get(code=PROVINCE_CODE)
    for code, name, predecessor_codes in MERGES:
        if Unit.objects.filter(code=code).exists():
            continue
        predecessors = list(Unit.objects.filter(code__in=predecessor_codes))
        do_merge_units(
            predecessors,
            name=name,
            code=code,
            kind=UnitKind.COMMUNE,
            parent=province,
            effective=REORGANISATION,
        )
    district = Unit.objects.get(code=HISTORICAL_DISTRICT[0])
    if district.valid_to is None:
        # Districts were abolished, not merged: Luật Tổ chức chính quyền địa phương 2025.
        district.valid_to = date(2025, 6, 30)
        district.save(update_fields=["valid_to"])


def demo_records() -> list[ProcedureRecord]:
    field_names = dict(FIELDS)
    communes = [c for c in Unit.objects.filter(kind=UnitKind.COMMUNE).active_on()]
    commune_codes = sorted(c.code for c in communes)
    records = []
    for item in PROCEDURES:
        unit_codes = list(commune_codes) if "commune" in item["levels"] else []
        if item.get("agency"):
            unit_codes.append(item["agency"])
        records.append(
            ProcedureRecord(
                code=item["code"],
                name=item["name"],
                field_code=item["field"],
                field_name=field_names[item["field"]],
                levels=list(item["levels"]),
                time_limit=item["time_limit"],
                time_unit=item["time_unit"],
                online_level=item["online_level"],
                inter_agency=item["inter_agency"],
                result=item["result"],
                legal_basis=item["legal_basis"],
                unit_codes=sorted(set(unit_codes)),
                fees=[
                    FeeRecord(
                        f["kind"], f["amount"], f.get("description", ""), f.get("exemption", "")
                    )
                    for f in item["fees"]
                ],
                documents=[
                    DocumentRecord(d["name"], d["copy_kind"], d["quantity"], d["mandatory"])
                    for d in item["documents"]
                ],
                steps=[
                    StepRecord(s["name"], s["role"], Decimal(str(s["budget"])), s["unit"])
                    for s in item["steps"]
                ],
            )
        )
    return records


def load_catalogue() -> int:
    wanted = {item["code"] for item in PROCEDURES}
    if Procedure.objects.filter(code__in=wanted).count() == len(wanted):
        return 0
    return do_import_catalogue(demo_records()).created


DEMO_APPLICANTS = [
    ("Trần Văn Bình", "056090001234", "0905123456", "12 Lý Tự Trọng, phường Nha Trang"),
    ("Phạm Thị Hoa", "056185004321", "0914222333", "45 Yersin, phường Nha Trang"),
    ("Võ Minh Khang", "056200009876", "0935777888", "8 Hùng Vương, phường Nha Trang"),
    ("Lê Thị Thu", "056195003210", "0988111222", "21 Trần Phú, phường Nha Trang"),
]


def load_dossiers() -> int:
    """A handful of dossiers at the Nha Trang ward desk, in the states every queue shows:
    at the desk, at the specialist, waiting for a supplement, late, waiting online, and one
    delivered to the demo citizen. Created through the real actions; only on an empty
    register."""
    from datetime import timedelta

    from django.utils import timezone

    from motcua.dossiers import actions, intake
    from motcua.dossiers.models import Dossier
    from motcua.dossiers.sweeps import sweep_deadlines

    if Dossier.objects.exists():
        return 0
    ward = Unit.objects.get(code="000.04.40.H56")
    clerk = User.objects.get(username="mc.nhatrang")
    specialist = User.objects.get(username="cv.nhatrang")
    head = User.objects.get(username="ld.nhatrang")
    citizen = User.objects.get(username="congdan")
    procedures = list(
        Procedure.objects.filter(
            units=ward, time_unit="working_days", inter_agency=False, time_limit__gte=3
        ).order_by("code")[:6]
    )
    now = timezone.now()

    def paper(index: int, procedure: Procedure, received_at: object = None) -> object:
        name, id_number, phone, address = DEMO_APPLICANTS[index % len(DEMO_APPLICANTS)]
        return intake.do_receive_dossier(
            procedure=procedure,
            unit=ward,
            actor=clerk,
            received_at=received_at,
            applicant=intake.Applicant(name, id_number=id_number, phone=phone, address=address),
            documents=[
                intake.ReceivedDocument(d.name, d.copy_kind) for d in procedure.documents.all()
            ],
        )

    paper(0, procedures[0])  # at the desk's reception step
    at_specialist = paper(1, procedures[1])
    actions.do_hand_on(at_specialist, actor=clerk, to_user=specialist)
    waiting = paper(2, procedures[2])
    actions.do_hand_on(waiting, actor=clerk, to_user=specialist)
    actions.do_request_supplement(
        waiting, actor=specialist, reason="Bổ sung bản sao giấy tờ nhân thân có chứng thực."
    )
    # Received three weeks ago and still open: late once the sweep has run.
    late = paper(3, procedures[3], received_at=now - timedelta(days=21))
    actions.do_hand_on(late, actor=clerk, to_user=specialist)
    citizen_applicant = intake.Applicant(
        citizen.full_name, phone="0905000111", email=citizen.email, user=citizen
    )
    intake.do_submit_online(procedure=procedures[4], unit=ward, applicant=citizen_applicant)
    done = intake.do_submit_online(procedure=procedures[5], unit=ward, applicant=citizen_applicant)
    intake.do_accept_online(done, actor=clerk)
    actions.do_hand_on(done, actor=clerk)
    actions.do_hand_on(done, actor=specialist)
    actions.do_complete(done, actor=head, result_summary="Kết quả giải quyết (bản điện tử)")
    actions.do_return_result(done, actor=clerk, method="online")
    sweep_deadlines()
    return Dossier.objects.count()


def load_demo() -> dict[str, int]:
    with transaction.atomic():
        load_org()
        load_personas()
        apply_merges()
        created = load_catalogue()
        dossiers = load_dossiers()
    return {
        "units": Unit.objects.count(),
        "users": User.objects.count(),
        "procedures": Procedure.objects.count(),
        "created_procedures": created,
        "created_dossiers": dossiers,
    }
