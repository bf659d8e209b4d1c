from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "motcua.indicators"
    label = "indicators"
    verbose_name = "Chỉ số, chỉ tiêu"

    def ready(self) -> None:
        # The aggregates follow every dossier change: dossiers know nothing of the
        # indicators; we listen to their model signals and to ``dossier_changed``.
        from motcua.indicators import panels, receivers

        receivers.connect()
        panels.register()
