"""Demo organisation: Khánh Hòa province after the 1 July 2025 reorganisation, with one
abolished city (Cam Ranh, a district-level unit until 30/6/2025) whose wards were merged
into new ones through the same merge action administrators use; and the demo personas, one
per role. Idempotent: what exists already is left as it is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from motcua.org.actions import do_merge_units
from motcua.org.choices import Role, UnitKind
from motcua.org.models import Membership, Unit, User

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


def load() -> dict[str, int]:
    load_org()
    load_personas()
    apply_merges()
    return {}
