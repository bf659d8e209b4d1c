from django.apps import AppConfig


class ProceduresConfig(AppConfig):
    name = "motcua.procedures"
    label = "procedures"
    verbose_name = "Thủ tục hành chính"

    def ready(self) -> None:
        from motcua.procedures import receivers  # noqa: F401
