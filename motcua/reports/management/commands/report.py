from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from motcua.org.models import Unit
from motcua.reports.builder import build, collect


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Ngày không hợp lệ (YYYY-MM-DD): {value}") from exc


class Command(BaseCommand):
    help = "Lập báo cáo CCHC định kỳ của một đơn vị (DOCX), số liệu lấy từ các chỉ số."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--unit", required=True, help="mã định danh của đơn vị")
        parser.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="YYYY-MM-DD")
        parser.add_argument("--out", required=True, help="tệp DOCX")

    def handle(self, *args: Any, **options: Any) -> None:
        start, end = _day(options["start"]), _day(options["end"])
        if end < start:
            raise CommandError("Ngày kết thúc trước ngày bắt đầu.")
        unit = Unit.objects.filter(code=options["unit"]).first()
        if unit is None:
            raise CommandError(f"Không có đơn vị có mã {options['unit']}.")
        with open(options["out"], "wb") as handle:
            handle.write(build(collect(unit, start, end)))
        self.stdout.write(f"Đã lập báo cáo: {options['out']}")
