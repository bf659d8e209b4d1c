from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from motcua.integrations import signing
from motcua.org.models import Unit


class Command(BaseCommand):
    help = (
        "Tạo CA thử nghiệm cục bộ và một chứng thư số cho mỗi đơn vị (cho dữ liệu mẫu và "
        "kiểm thử; không dùng cho văn bản thật). Chạy lại không tạo trùng."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dir", default="", help="thư mục khóa (mặc định SIGNING_DIR)")
        parser.add_argument(
            "--unit", action="append", default=[], help="mã định danh đơn vị (lặp lại được)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        base = Path(options["dir"] or settings.SIGNING_DIR)
        organisation = settings.SITE_NAME
        created = signing.ensure_test_ca(base, organisation=organisation)
        units = Unit.objects.all()
        if options["unit"]:
            units = units.filter(code__in=options["unit"])
            missing = set(options["unit"]) - set(units.values_list("code", flat=True))
            if missing:
                raise CommandError(f"Không có đơn vị: {', '.join(sorted(missing))}")
        issued = sum(
            signing.ensure_unit_certificate(u.code, u.name, base, organisation=organisation)
            for u in units.order_by("code")
        )
        self.stdout.write(
            f"CA thử nghiệm: {base / signing.CA_CERT} ({'mới tạo' if created else 'đã có'}); "
            f"{issued} chứng thư số đơn vị mới."
        )
