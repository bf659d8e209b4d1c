from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "motcua.feedback"
    label = "feedback"
    verbose_name = "Phản ánh, kiến nghị"

    def ready(self) -> None:
        from motcua.core.home import register_panel
        from motcua.core.periodic import register
        from motcua.feedback import receivers  # noqa: F401
        from motcua.feedback.home import PANEL
        from motcua.feedback.tasks import sweep_feedback_task

        register(sweep_feedback_task)
        register_panel(PANEL)
