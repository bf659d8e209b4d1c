from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from motcua.dossiers.intake import Applicant, ReceivedDocument, do_receive_dossier
from motcua.procedures.catalogue import (
    DocumentRecord,
    ProcedureRecord,
    StepRecord,
    do_import_catalogue,
)
from motcua.procedures.models import Procedure

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def vn(text: str) -> datetime:
    """'2025-01-24 10:00' in Vietnam time."""
    return datetime.fromisoformat(text).replace(tzinfo=VN)


DOCUMENTS = [
    ReceivedDocument("Tờ khai đăng ký kết hôn", "original"),
    ReceivedDocument("Giấy xác nhận tình trạng hôn nhân", "original"),
]


@pytest.fixture
def marriage(commune):
    """Đăng ký kết hôn: 5 working days, four steps (0.5 + 3 + 1 + 0.5)."""
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
                unit_codes=[commune.code],
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


@pytest.fixture
def receive(marriage, commune, clerk):
    def _receive(**kwargs):
        defaults = {
            "procedure": marriage,
            "unit": commune,
            "applicant": Applicant(
                "Trần Văn Bình",
                id_number="056090001234",
                phone="0905123456",
                email="binh@example.vn",
            ),
            "documents": DOCUMENTS,
            "actor": clerk,
        }
        defaults.update(kwargs)
        return do_receive_dossier(**defaults)

    return _receive
