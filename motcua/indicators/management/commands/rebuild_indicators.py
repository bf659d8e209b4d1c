from typing import Any

from django.core.management.base import BaseCommand

from motcua.indicators.maintain import rebuild


class Command(BaseCommand):
    help = "Tính lại từ đầu các bảng tổng hợp chỉ số từ dữ liệu hồ sơ."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = rebuild()
        self.stdout.write(
            f"Đã tính lại: {counts['facts']} hồ sơ, {counts['daily']} dòng theo ngày, "
            f"{counts['monthly']} dòng theo tháng và thủ tục."
        )
