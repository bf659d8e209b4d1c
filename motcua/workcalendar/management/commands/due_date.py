"""``motcua due_date --received "YYYY-MM-DD HH:MM" --working-days N [--unit CODE]``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from motcua.org.models import Unit
from motcua.workcalendar.services import compute_due_at


class Command(BaseCommand):
    help = "In hạn giải quyết (ISO 8601) của hồ sơ tiếp nhận tại một thời điểm."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--received",
            required=True,
            help='Thời điểm tiếp nhận, "YYYY-MM-DD HH:MM" giờ Việt Nam, hoặc ISO 8601 có múi giờ.',
        )
        limit = parser.add_mutually_exclusive_group(required=True)
        limit.add_argument("--working-days", type=int)
        limit.add_argument("--working-hours", type=int)
        parser.add_argument("--unit", help="Mã định danh đơn vị (mặc định: lịch chung).")
        parser.add_argument(
            "--channel", choices=["in_person", "online", "postal"], default="in_person"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        raw = options["received"]
        try:
            received = datetime.fromisoformat(raw.strip().replace(" ", "T", 1))
        except ValueError:
            raise CommandError(f'--received “{raw}” phải có dạng "YYYY-MM-DD HH:MM".') from None
        if timezone.is_naive(received):
            received = timezone.make_aware(received)
        unit = None
        if options["unit"]:
            unit = Unit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(f"Không có đơn vị mang mã định danh {options['unit']}.")
        if options["working_days"] is not None:
            amount, kind = options["working_days"], "working_days"
        else:
            amount, kind = options["working_hours"], "working_hours"
        if amount < 0:
            raise CommandError("Thời hạn không được âm.")
        due = compute_due_at(
            received, amount, kind, unit=unit, paper=options["channel"] != "online"
        )
        self.stdout.write(timezone.localtime(due).isoformat())
