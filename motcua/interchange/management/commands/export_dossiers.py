import json
import sys
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from motcua.interchange.exporter import export_records
from motcua.org.models import Unit


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Ngày không hợp lệ (YYYY-MM-DD): {value}") from exc


class Command(BaseCommand):
    help = "Xuất hồ sơ của một đơn vị (và các đơn vị trực thuộc) theo bộ từ điển đồng bộ quốc gia."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--unit", required=True, help="mã định danh của đơn vị")
        parser.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="YYYY-MM-DD")
        parser.add_argument("--out", help="tệp JSON (mặc định: in ra màn hình)")

    def handle(self, *args: Any, **options: Any) -> None:
        start, end = _day(options["start"]), _day(options["end"])
        if end < start:
            raise CommandError("Ngày kết thúc trước ngày bắt đầu.")
        unit = Unit.objects.filter(code=options["unit"]).first()
        if unit is None:
            raise CommandError(f"Không có đơn vị có mã {options['unit']}.")
        records = list(export_records(unit, start, end))
        text = json.dumps(records, ensure_ascii=False, indent=1)
        if options["out"]:
            with open(options["out"], "w", encoding="utf-8") as handle:
                handle.write(text)
            self.stderr.write(f"Đã xuất {len(records)} hồ sơ vào {options['out']}.")
        else:
            sys.stdout.write(text + "\n")
