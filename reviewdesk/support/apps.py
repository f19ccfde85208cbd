"""Support for staff throughout a review: offers, "I can't get the support I need", the
agencies' services, managers' team sessions.
"""
from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "reviewdesk.support"
    label = "support"
    verbose_name = "Support for staff"

    def ready(self) -> None:
        from reviewdesk.reviews import sections
        from reviewdesk.support import actions, notices, views

        # Every stage: the offer of support is ongoing (the guide).
        sections.register(views.review_section)
        sections.register_for_practitioners(views.practitioner_section)
        sections.register_settings_page(
            "support:services", "Support for staff",
            "Each agency's counselling or employee-assistance service, and the senior contact "
            "an unanswered request for support goes to.")
        # The business manager's reply is a task whose link opens the support page.
        sections.register_task_page(actions.TASK_KEY, "support:review",
                                    "Open the support for staff")
        # The templates, and the escalation of overdue answers (send_reminders).
        notices.register()
