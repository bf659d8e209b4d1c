from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.org.models import User
from motcua.org.tokens import do_create_token


class Command(BaseCommand):
    help = "Tạo khóa API cho một cán bộ (khóa chỉ hiện một lần)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="api")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"Không có người dùng {options['username']}.")
        _token, raw = do_create_token(user, options["name"])
        self.stdout.write(raw)
