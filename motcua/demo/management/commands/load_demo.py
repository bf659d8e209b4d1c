from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from motcua.demo.loader import load_demo
from motcua.demo.org import DEMO_PASSWORD, PERSONAS
from motcua.procedures.catalogue_files import CatalogueFileRejected


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (chạy lại nhiều lần không sinh dữ liệu trùng)."

    def handle(self, *args: Any, **options: Any) -> None:
        # The demo dossiers go through the real actions, which notify applicants: keep
        # those messages in memory instead of printing them.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            try:
                counts = load_demo()
            except CatalogueFileRejected as exc:
                raise CommandError(
                    "Danh mục mẫu không nhập được:\n" + "\n".join(str(e) for e in exc.errors)
                ) from None
        self.stdout.write(
            f"Dữ liệu mẫu: {counts['units']} đơn vị, {counts['users']} người dùng, "
            f"{counts['procedures']} thủ tục ({counts['created_procedures']} mới nạp), "
            f"{counts['created_dossiers']} hồ sơ mẫu mới."
        )
        if counts.get("created_history"):
            self.stdout.write(
                f"Lịch sử hồ sơ (nhập theo bộ từ điển quốc gia): {counts['created_history']} hồ sơ."
            )
        if "created_par_rounds" in counts:
            self.stdout.write(
                f"Chỉ số CCHC: {counts['created_par_rounds']} đợt đánh giá mới (năm 2025, đã công bố)."
            )
        self.stdout.write(f"Tài khoản mẫu (mật khẩu chung cho mọi tài khoản: {DEMO_PASSWORD}):")
        for p in PERSONAS:
            role = p.role or "citizen"
            self.stdout.write(f"  {p.username:<14} {role:<15} {p.full_name}")
        # The public lookup needs the code and the receipt's secret (mã tra cứu).
        from motcua.dossiers.models import Dossier

        sample = Dossier.objects.filter(applicant__username="congdan").order_by("pk").first()
        if sample is not None:
            self.stdout.write(
                f"Tra cứu hồ sơ mẫu: mã {sample.code}, mã tra cứu {sample.lookup_key} "
                f"(/lookup/{sample.code}/?key={sample.lookup_key})"
            )
