from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "reviewdesk.notices"
    label = "notices"
    verbose_name = "Notices and reminders"

    def ready(self) -> None:
        from reviewdesk.notices import reminders

        reminders.register(reminders.task_reminders)
        from reviewdesk.reviews.sections import register_settings_page

        register_settings_page("notices:templates", "Notice templates",
                               "The wording of every notice and reminder Review Desk sends.")
