from django.apps import AppConfig


class DirectivesConfig(AppConfig):
    name = "motcua.directives"
    label = "directives"
    verbose_name = "Chỉ đạo, nhiệm vụ, kiểm tra CCHC"

    def ready(self) -> None:
        from motcua.core.periodic import register
        from motcua.directives.tasks import remind_tasks_task

        register(remind_tasks_task)
