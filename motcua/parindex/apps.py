from django.apps import AppConfig


class ParindexConfig(AppConfig):
    name = "motcua.parindex"
    label = "parindex"
    verbose_name = "Chỉ số cải cách hành chính"
