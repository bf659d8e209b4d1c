from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from motcua.dossiers.intake import Applicant, ReceivedDocument, do_receive_dossier
from motcua.testing.factories import marriage_procedure

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
    return marriage_procedure(commune)


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
