from typing import Any

from django.core.management.base import BaseCommand, CommandError

from motcua.indicators.targets import SHIPPED, TargetsInvalid, import_targets


class Command(BaseCommand):
    help = "Nạp chỉ tiêu CCHC (CSV: year,level,key,value,source); mặc định tệp chỉ tiêu kèm theo."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", nargs="?", default=str(SHIPPED))

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            n = import_targets(options["file"])
        except TargetsInvalid as exc:
            for p in exc.problems:
                self.stderr.write(p)
            raise CommandError("Tệp chỉ tiêu có lỗi; chưa nạp chỉ tiêu nào.") from exc
        self.stdout.write(f"Đã nạp {n} chỉ tiêu.")
