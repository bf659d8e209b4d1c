"""A minimal periodic trigger for single-machine installs: enqueues the deadline sweep (and
the jobs registered in ``motcua.core.periodic``, such as the task reminders) on the
background worker every N seconds (production installs may use cron with
`motcua sweep_deadlines --enqueue` and `motcua remind_tasks` instead)."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from motcua.core.periodic import registered
from motcua.dossiers.tasks import sweep_deadlines_task


class Command(BaseCommand):
    help = "Định kỳ đưa việc quét hạn xử lý vào hàng đợi của worker nền."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--every", type=int, default=600, help="Số giây giữa hai lần quét.")
        parser.add_argument("--once", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            result = sweep_deadlines_task.enqueue()
            self.stdout.write(f"Quét hạn xử lý: {result.id}")
            # Jobs of the apps above (task reminders...), registered in their ready().
            for job in registered():
                self.stdout.write(f"{job.name}: {job.enqueue().id}")
            if options["once"]:
                return
            time.sleep(max(10, options["every"]))
