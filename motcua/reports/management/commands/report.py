from typing import Any

from django.core.management.base import BaseCommand

from motcua.core.replica import replica_reads
from motcua.interchange.cli import add_period_arguments, unit_and_period
from motcua.reports.builder import build, collect


class Command(BaseCommand):
    help = "Lập báo cáo CCHC định kỳ của một đơn vị (DOCX), số liệu lấy từ các chỉ số."

    def add_arguments(self, parser: Any) -> None:
        add_period_arguments(parser)
        parser.add_argument("--out", required=True, help="tệp DOCX")

    def handle(self, *args: Any, **options: Any) -> None:
        unit, start, end = unit_and_period(options)
        # Read from the replica when there is one (docs/deploy.md).
        with replica_reads():
            body = build(collect(unit, start, end))
        with open(options["out"], "wb") as handle:
            handle.write(body)
        self.stdout.write(f"Đã lập báo cáo: {options['out']}")
