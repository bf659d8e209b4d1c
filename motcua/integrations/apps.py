from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "motcua.integrations"
    label = "integrations"
    verbose_name = "Tích hợp"
