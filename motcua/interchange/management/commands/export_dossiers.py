import json
import sys
from typing import Any

from django.core.management.base import BaseCommand

from motcua.core.replica import replica_reads
from motcua.interchange.cli import add_period_arguments, unit_and_period
from motcua.interchange.exporter import export_records


class Command(BaseCommand):
    help = "Xuất hồ sơ của một đơn vị (và các đơn vị trực thuộc) theo bộ từ điển đồng bộ quốc gia."

    def add_arguments(self, parser: Any) -> None:
        add_period_arguments(parser)
        parser.add_argument("--out", help="tệp JSON (mặc định: in ra màn hình)")

    def handle(self, *args: Any, **options: Any) -> None:
        unit, start, end = unit_and_period(options)
        # Read from the replica when there is one (docs/deploy.md).
        with replica_reads():
            records = list(export_records(unit, start, end))
        text = json.dumps(records, ensure_ascii=False, indent=1)
        if options["out"]:
            with open(options["out"], "w", encoding="utf-8") as handle:
                handle.write(text)
            self.stderr.write(f"Đã xuất {len(records)} hồ sơ vào {options['out']}.")
        else:
            sys.stdout.write(text + "\n")
