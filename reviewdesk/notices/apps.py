from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "reviewdesk.notices"
    label = "notices"
    verbose_name = "Notices and reminders"

    def ready(self) -> None:
        from reviewdesk.notices import reminders

        reminders.register(reminders.task_reminders)
