"""Factories and personas shared by every area's tests (test support: runtime code never
imports this module)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import factory

from motcua.org.choices import UnitKind
from motcua.org.models import Membership, Unit, User
from motcua.procedures.models import Field, Procedure, ProcedureLevel, ProcessingStep

PASSWORD = "mat-khau-thu-nghiem"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"UBND xã Thử Nghiệm {n}")
    kind = UnitKind.COMMUNE
    code = factory.Sequence(lambda n: f"{n % 1000:03d}.{(n // 1000) % 100:02d}.77.H99")
    parent = None


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Người Dùng {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.vn")

    @factory.post_generation
    def password(obj: User, create: bool, extracted: Any, **kwargs: Any) -> None:
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])


def staff(unit: Unit, role: str, **kwargs: Any) -> User:
    user = UserFactory(**kwargs)
    Membership.objects.create(user=user, unit=unit, role=role)
    return user


class FieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Field
        django_get_or_create = ("code",)

    code = "HT"
    name = "Hộ tịch"


class ProcedureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Procedure
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"1.{n:06d}")
    name = factory.Sequence(lambda n: f"Thủ tục thử nghiệm {n}")
    field = factory.SubFactory(FieldFactory)
    time_limit = 5
    time_unit = "working_days"
    online_level = "partial"

    @factory.post_generation
    def level(obj: Procedure, create: bool, extracted: Any, **kwargs: Any) -> None:
        ProcedureLevel.objects.create(procedure=obj, level=extracted or "commune")
        ProcessingStep.objects.create(
            procedure=obj, order=1, name="Xử lý", role="specialist", budget=Decimal(obj.time_limit)
        )


def marriage_procedure(unit: Unit, *, fee: int | None = None) -> Procedure:
    """Đăng ký kết hôn (1.000894) at ``unit``, the procedure most tests file: 5 working days,
    two mandatory documents and an optional one, four steps (0.5 + 3 + 1 + 0.5 days), fully
    online; with a charge of ``fee`` đồng when given."""
    from motcua.procedures.catalogue import (
        DocumentRecord,
        FeeRecord,
        ProcedureRecord,
        StepRecord,
        do_import_catalogue,
    )

    do_import_catalogue(
        [
            ProcedureRecord(
                code="1.000894",
                name="Thủ tục đăng ký kết hôn",
                field_code="HT",
                field_name="Hộ tịch",
                levels=["commune"],
                time_limit=5,
                time_unit="working_days",
                online_level="full",
                unit_codes=[unit.code],
                fees=[FeeRecord("charge", fee, "Lệ phí đăng ký kết hôn")]
                if fee is not None
                else [],
                documents=[
                    DocumentRecord("Tờ khai đăng ký kết hôn", "original"),
                    DocumentRecord("Giấy xác nhận tình trạng hôn nhân", "original"),
                    DocumentRecord("Văn bản ủy quyền", "certified_copy", mandatory=False),
                ],
                steps=[
                    StepRecord("Tiếp nhận, kiểm tra hồ sơ", "clerk", Decimal("0.5")),
                    StepRecord("Thẩm định, xác minh", "specialist", Decimal("3")),
                    StepRecord("Phê duyệt, ký giấy chứng nhận", "unit_head", Decimal("1")),
                    StepRecord("Trả kết quả", "clerk", Decimal("0.5")),
                ],
            )
        ]
    )
    return Procedure.objects.get(code="1.000894")
