from typing import Any

from django.core.management.base import BaseCommand

from motcua.feedback.sweeps import sweep_feedback


class Command(BaseCommand):
    help = "Cảnh báo phản ánh, kiến nghị sắp đến hạn hoặc quá hạn (dùng cho cron)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = sweep_feedback()
        self.stdout.write(f"sắp đến hạn: {sent['due_soon']}, quá hạn: {sent['overdue']}")
