from django.apps import AppConfig


class DigitisationConfig(AppConfig):
    name = "motcua.digitisation"
    label = "digitisation"
    verbose_name = "Số hóa hồ sơ, kết quả điện tử"

    def ready(self) -> None:
        from motcua.digitisation import receivers  # noqa: F401
