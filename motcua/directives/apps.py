from django.apps import AppConfig


class DirectivesConfig(AppConfig):
    name = "motcua.directives"
    label = "directives"
    verbose_name = "Chỉ đạo, nhiệm vụ, kiểm tra CCHC"

    def ready(self) -> None:
        from motcua.core.home import register_panel
        from motcua.core.periodic import register
        from motcua.directives.home import PANEL
        from motcua.directives.tasks import remind_tasks_task

        register(remind_tasks_task)
        register_panel(PANEL)
