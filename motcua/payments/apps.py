from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "motcua.payments"
    label = "payments"
    verbose_name = "Thanh toán trực tuyến"

    def ready(self) -> None:
        from motcua.dossiers import extensions
        from motcua.payments import checks  # noqa: F401 - registers the system checks
        from motcua.payments.panels import fees_panel

        if fees_panel not in extensions.dossier_panels:
            extensions.dossier_panels.append(fees_panel)
