import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from motcua.interchange.importer import ImportFailed, import_records, load_file


class Command(BaseCommand):
    help = (
        "Nhập hồ sơ theo bộ từ điển đồng bộ quốc gia từ tệp JSON (một mảng hồ sơ). "
        "Tất cả hoặc không: có lỗi thì không ghi hồ sơ nào."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="tệp JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = import_records(load_file(options["file"]))
        except ImportFailed as failed:
            for p in failed.problems:
                where = f"bản ghi {p.index}" if p.index >= 0 else "tệp"
                self.stderr.write(f"{where}, {p.field or '—'}: {p.message}")
            self.stderr.write(
                json.dumps([p.as_dict() for p in failed.problems], ensure_ascii=False)
            )
            raise CommandError(str(failed)) from failed
        self.stdout.write(
            f"Đã nhập {result.created} hồ sơ mới, cập nhật {result.updated}, "
            f"{result.unchanged} không đổi, {result.skipped_native} hồ sơ đã xử lý trên hệ thống "
            "(bỏ qua)."
        )
