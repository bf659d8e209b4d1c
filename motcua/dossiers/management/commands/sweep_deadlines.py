from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from motcua.dossiers.sweeps import sweep_deadlines
from motcua.dossiers.tasks import sweep_deadlines_task


class Command(BaseCommand):
    help = "Quét hạn xử lý: cảnh báo bước sắp đến hạn, quá hạn, nhắc phiếu xin lỗi (mỗi cảnh báo một lần)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Đưa vào hàng đợi của worker nền thay vì chạy ngay.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = sweep_deadlines_task.enqueue()
            self.stdout.write(f"Đã đưa vào hàng đợi: {result.id}")
            return
        self.stdout.write(str(sweep_deadlines()))
