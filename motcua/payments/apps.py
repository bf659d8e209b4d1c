from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "motcua.payments"
    label = "payments"
    verbose_name = "Thanh toán trực tuyến"

    def ready(self) -> None:
        from motcua.dossiers import panels
        from motcua.payments import checks  # noqa: F401 - registers the system checks
        from motcua.payments.panels import fees_panel

        panels.register(fees_panel)
