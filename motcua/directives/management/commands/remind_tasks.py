from typing import Any

from django.core.management.base import BaseCommand

from motcua.directives.reminders import remind_tasks


class Command(BaseCommand):
    help = "Nhắc các nhiệm vụ sắp đến hạn và quá hạn (mỗi lần nhắc chỉ gửi một lần)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = remind_tasks()
        self.stdout.write(f"Đã nhắc: {sent['due_soon']} sắp đến hạn, {sent['overdue']} quá hạn.")
