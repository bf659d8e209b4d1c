from typing import Any

from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from motcua.core.demo import DEMO_PASSWORD, PERSONAS, load_demo


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (chạy lại nhiều lần không sinh dữ liệu trùng)."

    def handle(self, *args: Any, **options: Any) -> None:
        # The demo dossiers go through the real actions, which notify applicants: keep
        # those messages in memory instead of printing them.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            counts = load_demo()
        self.stdout.write(
            f"Dữ liệu mẫu: {counts['units']} đơn vị, {counts['users']} người dùng, "
            f"{counts['procedures']} thủ tục ({counts['created_procedures']} mới nạp), "
            f"{counts['created_dossiers']} hồ sơ mẫu mới."
        )
        self.stdout.write(f"Tài khoản mẫu (mật khẩu chung cho mọi tài khoản: {DEMO_PASSWORD}):")
        for p in PERSONAS:
            role = p.role or "citizen"
            self.stdout.write(f"  {p.username:<14} {role:<15} {p.full_name}")
